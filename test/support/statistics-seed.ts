// Registers groups of persons with a case each (and, unless said otherwise, a consent to statistics),
// through the registry's and assistance's own functions, for the statistics export tests.
import type { Kysely } from 'kysely';
import { recordConsent } from '../../src/assistance/consent.js';
import type { Actor } from '../../src/platform/actor.js';
import type { AppContext } from '../../src/platform/context.js';
import type { DB } from '../../src/platform/db-schema.js';
import { createCase } from '../../src/registry/cases.js';
import { createPerson } from '../../src/registry/persons.js';

export interface SeedGroup {
  n: number;
  sex?: string;
  age?: number;
  citizenship?: string;
  province?: string;
  exploitation?: string[];
  consent?: boolean;
}

export interface Seeded {
  personId: string;
  caseId: string;
  consentId: string | null;
}

export function seedActor(userId: string, agencyId: string): Actor {
  return {
    userId,
    agencyId,
    agencyKind: 'police',
    roles: ['intake_officer', 'caseworker'],
    language: 'en',
    clientIp: null,
  };
}

let serial = 0;

export async function seedGroup(ctx: AppContext, actor: Actor, g: SeedGroup): Promise<Seeded[]> {
  const out: Seeded[] = [];
  for (let i = 0; i < g.n; i++) {
    serial++;
    const person = await createPerson(ctx, actor, {
      familyName: 'Trần',
      givenName: `Người ${serial}`,
      sex: (g.sex ?? 'female') as 'female',
      estimatedAgeYears: g.age ?? 25,
      citizenship: g.citizenship ?? 'VN',
      ...(g.province ? { province: g.province } : {}),
    } as never);
    const theCase = await createCase(ctx, actor, {
      personId: person.id,
      reachedVia: 'walk_in',
      exploitationTypes: g.exploitation ?? ['forced_labour'],
    } as never);
    let consentId: string | null = null;
    if (g.consent !== false) {
      const age = g.age ?? 25;
      const consent = await recordConsent(ctx, actor, theCase.id, {
        purpose: 'statistics',
        method: 'signed',
        givenBy: age < 18 ? 'guardian' : 'person',
      });
      consentId = consent.id;
    }
    out.push({ personId: person.id, caseId: theCase.id, consentId });
  }
  return out;
}

/** Puts `personIds` into one linkage cluster of the current run (as a linkage run would). */
export async function linkPersons(db: Kysely<DB>, personIds: string[]): Promise<void> {
  const cluster = [...personIds].sort()[0]!;
  await db.updateTable('person_cluster').set({ cluster_id: cluster }).where('person_id', 'in', personIds).execute();
}
