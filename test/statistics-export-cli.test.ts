// `lantern export htcds --out FILE [--k 11]` on each database: progress on stderr, the summary on
// stdout (rows, levels, persons suppressed), a k-anonymous file with HTCDS names, an audit event
// stating the figures; wrong usage exits 2 and writes nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../src/access/directory.js';
import { splitCells } from '../src/consolidation/file-store.js';
import { HTCDS_COLUMNS, QUASI_IDENTIFIER_COLUMNS } from '../src/statistics/htcds-fields.js';
import { equivalenceClasses } from '../src/statistics/k-anonymity.js';
import { databases } from './support/harness.js';
import { cliWorld, runCli as cli } from './support/cli-world.js';
import { seedActor, seedGroup } from './support/statistics-seed.js';

describe.each(databases)('lantern export htcds on %s', (kind) => {
  it('writes a k-anonymous HTCDS file and says what it generalised and suppressed', async () => {
    const world = await cliWorld(kind, 'lantern-htcds');
    const { env, withLantern, dir: dataDir } = world;
    try {
      await withLantern(async (l) => {
        const agency = await createAgency(l.ctx.db, { code: 'POL', name: 'POL', kind: 'police' });
        const user = await createUser(l.ctx.db, {
          email: 'intake@test.invalid',
          displayName: 'Intake',
          agencyId: agency.id,
          roles: ['intake_officer', 'caseworker'],
          password: `pw-${crypto.randomBytes(12).toString('hex')}`,
          mustChangePassword: false,
        });
        const actor = seedActor(user.id, agency.id);
        // 12 + 12 adults in two age bands and 8 minors: with k = 11, leaving the 8 minors out would be
        // 25 % (more than the 5 % bound), and minor/adult still leaves them 8: age is generalised away.
        await seedGroup(l.ctx, actor, { n: 12, age: 20 });
        await seedGroup(l.ctx, actor, { n: 12, age: 28 });
        await seedGroup(l.ctx, actor, { n: 8, age: 15 });
        await seedGroup(l.ctx, actor, { n: 5, age: 30, consent: false });
      });

      const out = path.join(dataDir, 'htcds.csv');
      const bad = await cli(env, ['export', 'htcds', '--out', out, '--k', '1']);
      expect(bad.code).toBe(2);
      expect(fs.existsSync(out)).toBe(false);

      const run = await cli(env, ['export', 'htcds', '--out', out, '--k', '11']);
      expect(run.stderr + run.stdout).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/HTCDS export \(k = 11\): \d+ rows written/);
      expect(run.stdout).toMatch(/0 of 32 consented persons suppressed; levels: age=\*, sex=sex, citizenship=country/);
      const [header, ...rows] = fs
        .readFileSync(out, 'utf8')
        .split('\r\n')
        .filter((line) => line)
        .map((line) => splitCells(line, ','));
      expect(header).toEqual([...HTCDS_COLUMNS]);
      const classes = equivalenceClasses(rows, QUASI_IDENTIFIER_COLUMNS);
      for (const n of classes.values()) expect(n).toBeGreaterThanOrEqual(11);
      const written = Number(/(\d+) rows written/.exec(run.stdout)![1]);
      expect(rows).toHaveLength(written);
      expect(written).toBe(32);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);

      const events = await withLantern((l) =>
        l.ctx.db
          .selectFrom('audit_event')
          .select(['actor_id', 'client_ip'])
          .where('action', '=', 'statistics.export_htcds')
          .execute(),
      );
      expect(events).toEqual([{ actor_id: null, client_ip: 'cli' }]);
    } finally {
      await world.dispose();
    }
  });
});
