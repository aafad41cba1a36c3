// The registration check: "this person may already be registered", before an officer creates a
// duplicate. The person typed so far (partial) is turned into blocking keys, which are looked up in
// the indexed linkage_key table (keyed hashes); the candidates are scored in memory with the current
// model (scorePair), and those at the review threshold or above are returned. A match in the caller's
// own agency that they may open shows its id and name; any other says only 'other_agency'.
import { sql } from 'kysely';
import { recordAudit } from '../access/audit.js';
import { canOpenPerson } from '../access/policy.js';
import { displayName } from '../contract/names.js';
import type { PersonPatch } from '../contract/schemas/registry.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { today } from '../contract/calendar.js';
import { linkRecordsOf, PERSON_FEATURE_COLUMNS } from './features.js';
import { scorePair } from './model.js';
import { PERSON_SETTINGS } from './settings.js';
import { currentRun, hashedKeys, modelOf, thresholdsOf } from './store.js';
import type { LinkRecord } from './types.js';

/** Most candidates scored per check (a few dozen is usual; a very common name with its year may bring hundreds). */
const MAX_CANDIDATES = 500;
const MAX_MATCHES = 10;

function recordOf(input: PersonPatch): LinkRecord {
  const estimatedOn = input.ageEstimatedOn ?? today();
  return {
    id: 'new',
    familyName: input.familyName ?? null,
    middleName: input.middleName ?? null,
    givenName: input.givenName ?? null,
    sex: input.sex ?? null,
    dateOfBirth: input.dateOfBirth ?? null,
    birthYear: input.dateOfBirth
      ? Number(input.dateOfBirth.slice(0, 4))
      : (input.birthYear ??
        (input.estimatedAgeYears != null ? Number(estimatedOn.slice(0, 4)) - input.estimatedAgeYears : null)),
    province: input.province ?? null,
    idNumbers: (input.identityDocuments ?? []).map((d) => d.number),
    phone: input.contact?.phone ?? null,
  };
}

export async function checkRegistration(ctx: AppContext, actor: Actor, input: PersonPatch) {
  const record = recordOf(input);
  const keys = hashedKeys(ctx.keys, record);
  const run = await currentRun(ctx.db);
  const [params, thresholds] = await Promise.all([modelOf(ctx.db, run), thresholdsOf(ctx)]);
  const rows = keys.length
    ? await ctx.db
        .selectFrom('person as p')
        .select(PERSON_FEATURE_COLUMNS.map((c) => `p.${c}` as const))
        .select(['p.aliases'])
        .where('p.merged_into', 'is', null)
        .where('p.id', 'in', (eb) =>
          // Those sharing the most keys first: under a very common name the cap must not drop the record
          // that also shares an ID number or a phone.
          eb
            .selectFrom('linkage_key')
            .select('person_id')
            .where('key', 'in', keys)
            .groupBy('person_id')
            .orderBy(sql`count(*)`, 'desc')
            .limit(MAX_CANDIDATES),
        )
        .execute()
    : [];
  const candidates = await linkRecordsOf(ctx.db, ctx.keys, rows);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const matches = candidates
    .map((c) => ({ c, scored: scorePair(record, c, PERSON_SETTINGS, params) }))
    .filter((m) => m.scored.probability >= thresholds.review)
    .sort((x, y) => y.scored.weight - x.scored.weight)
    .slice(0, MAX_MATCHES)
    .map(({ c, scored }) => {
      const row = byId.get(c.id)!;
      const open = canOpenPerson(actor, { ownerAgencyId: row.owner_agency_id, grantedParts: [] });
      return {
        knownTo: open ? ('own_agency' as const) : ('other_agency' as const),
        personId: open ? row.id : null,
        displayName: open
          ? displayName({
              familyName: row.family_name,
              middleName: row.middle_name,
              givenName: row.given_name,
              aliases: row.aliases,
            })
          : null,
        probability: Math.round(scored.probability * 1000) / 1000,
      };
    });
  // audited as a search: counts only, no personal data
  await recordAudit(
    ctx.db,
    { actor, clientIp: actor.clientIp },
    {
      action: 'linkage.check',
      outcome: 'success',
      details: { candidates: candidates.length, matches: matches.length },
    },
  );
  return { matches };
}
