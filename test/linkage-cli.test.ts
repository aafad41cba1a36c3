// `lantern linkage run` and `lantern linkage clusters` on each database: the run reports progress on
// stderr; the clusters file lists every person as agency,source_id,person_id,cluster_id, where records
// linked at the threshold share a cluster and records a steward separated never do.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../src/access/directory.js';
import { databases } from './support/harness.js';
import { cliWorld, runCli as cli } from './support/cli-world.js';
import { LAN_A, LAN_B, OTHERS } from './support/linkage.js';

describe.each(databases)('lantern linkage on %s', (kind) => {
  it('runs with progress on stderr and writes clusters that follow the threshold and the decisions', async () => {
    const world = await cliWorld(kind, 'lantern-linkage');
    const { env, withLantern, dir: dataDir } = world;
    try {
      const ids = await withLantern(async (l) => {
        const registerAll = async (code: string, persons: Record<string, unknown>[]) => {
          const agency = await createAgency(l.ctx.db, { code, name: code, kind: 'police' });
          const email = `${code.toLowerCase()}@test.invalid`;
          const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
          await createUser(l.ctx.db, {
            email,
            displayName: code,
            agencyId: agency.id,
            roles: ['intake_officer'],
            password,
            mustChangePassword: false,
          });
          const login = await l.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
          const token = JSON.parse(login.body).token as string;
          const out: string[] = [];
          for (const p of persons) {
            const r = await l.app.inject({
              method: 'POST',
              url: '/api/v1/persons',
              headers: { authorization: `Bearer ${token}` },
              payload: p,
            });
            expect(r.statusCode).toBe(201);
            out.push(JSON.parse(r.body).id);
          }
          return out;
        };
        const [lanA, ...othersA] = await registerAll('CA-HN', [LAN_A, ...OTHERS.slice(0, 2)]);
        const [lanB, ...othersB] = await registerAll('SHELTER-HN', [LAN_B, ...OTHERS.slice(2)]);
        // the shelter's record came from its spreadsheet, row SH-7
        const shelter = await l.ctx.db
          .selectFrom('agency')
          .select('id')
          .where('code', '=', 'SHELTER-HN')
          .executeTakeFirstOrThrow();
        await l.ctx.db
          .insertInto('source_record')
          .values({ agency_id: shelter.id, source_id: 'SH-7', person_id: lanB!, file_name: 'shelter.xlsx', line: 8 })
          .execute();
        return { lanA: lanA!, lanB: lanB!, all: [lanA!, lanB!, ...othersA, ...othersB] };
      });

      const run = await cli(env, ['linkage', 'run']);
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/linkage: compute \d+\/\d+/);
      expect(run.stderr).toMatch(/linkage: done (\d+)\/\1 /);
      expect(run.stdout).toMatch(/6 records, \d+ candidate pairs/);

      const probability = await withLantern(async (l) => {
        const row = await l.ctx.db
          .selectFrom('candidate_pair')
          .select('probability')
          .where('person_a', '=', [ids.lanA, ids.lanB].sort()[0]!)
          .executeTakeFirstOrThrow();
        return Number(row.probability);
      });
      const clusters = async (...extra: string[]) => {
        const out = path.join(dataDir, `clusters-${crypto.randomBytes(3).toString('hex')}.csv`);
        const r = await cli(env, ['linkage', 'clusters', '--out', out, ...extra]);
        expect(r.code).toBe(0);
        const [header, ...lines] = fs.readFileSync(out, 'utf8').trim().split('\n');
        expect(header).toBe('agency,source_id,person_id,cluster_id');
        const rows = lines.map((line) => {
          const [agency, sourceId, personId, clusterId] = line.split(',');
          return { agency, sourceId, personId, clusterId };
        });
        expect(rows.map((r) => r.personId).sort()).toEqual([...ids.all].sort());
        const of = (id: string) => rows.find((r) => r.personId === id)!;
        expect(of(ids.lanA)).toMatchObject({ agency: 'CA-HN', sourceId: '' });
        expect(of(ids.lanB)).toMatchObject({ agency: 'SHELTER-HN', sourceId: 'SH-7' });
        return {
          sameLan: of(ids.lanA).clusterId === of(ids.lanB).clusterId,
          distinct: new Set(rows.map((r) => r.clusterId)).size,
        };
      };
      // at the pair's own probability the two Lans are one person; above it they are two
      expect(await clusters('--threshold', String(probability))).toEqual({ sameLan: true, distinct: 5 });
      if (probability < 1)
        expect(await clusters('--threshold', String(Math.min(1, probability + (1 - probability) / 2)))).toEqual({
          sameLan: false,
          distinct: 6,
        });

      // a steward separated them: never one cluster, whatever the threshold
      await withLantern(async (l) => {
        const [a, b] = [ids.lanA, ids.lanB].sort();
        const user = await l.ctx.db.selectFrom('app_user').select('id').executeTakeFirstOrThrow();
        await l.ctx.db
          .insertInto('pair_decision')
          .values({
            id: crypto.randomUUID(),
            person_a: a!,
            person_b: b!,
            seq: 1,
            decision: 'different',
            probability,
            decided_by: user.id,
          })
          .execute();
      });
      expect(await clusters('--threshold', String(probability))).toEqual({ sameLan: false, distinct: 6 });

      expect(
        (await cli(env, ['linkage', 'clusters', '--out', path.join(dataDir, 'x.csv'), '--threshold', 'high'])).code,
      ).toBe(2);
      expect((await cli(env, ['linkage', 'clusters', '--out', path.join(dataDir, 'no/such/dir/x.csv')])).code).toBe(2);
    } finally {
      await world.dispose();
    }
  }, 180_000);
});
