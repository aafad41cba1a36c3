// `npm run ctdc:import [-- --file F] [--agency CTDC] [--consent]`: imports the CTDC global extract
// (../shared/data/ctdc/ctdc_global_2020_derived.csv, 48,801 de-identified identified victims) as one
// agency's data through the product's own import path (the same upload, dry run and import jobs as
// `lantern import`), then rebuilds the statistics and prints the figures the extract is known for,
// from Lantern's controlled tables (releaseTable, as an analyst sees them).
//
// The extract has no names: each record gets a source id (CTDC-<row>) and the placeholder name
// "CTDC record <row>", which is NOT a person's name. Conversion to Lantern's canonical columns:
//   yearOfRegistration -> registered_on (1 July of that year; statistics count it by year)
//   gender             -> sex
//   ageBroad           -> age: a representative age in the CTDC band (0--8: 4, 9--17: 13, 18--20: 19,
//                         21--23: 22, 24--26: 25, 27--29: 28, 30--38: 34, 39--47: 43, 48+: 55). Minor /
//                         adult is exact; Lantern's narrower bands are not (9–11-year-olds count 12–17).
//   citizenship        -> citizenship (ISO alpha-2; blank: unknown)
//   ExploitType        -> exploitation_type (Sexual, Labor, Forced Marriage; Slavery/Similar: domestic
//                         servitude; Other and Multiple: other; blank: none)
//   Datasource         -> reached_via (Hotline: hotline; Case Management: other)
// `--consent` also records a statistics consent on every imported case (method 'digital', given by the
// person), standing for CTDC's own publication terms, so that the record-level HTCDS export can be
// shown on real data. Never use it on records of real persons in Lantern.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { csvLine, splitCells } from '../src/consolidation/file-store.js';
import { createAgency, createUser, findAgencyByCode } from '../src/access/directory.js';
import type { Actor } from '../src/platform/actor.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    file: { type: 'string', default: path.resolve(root, '../shared/data/ctdc/ctdc_global_2020_derived.csv') },
    agency: { type: 'string', default: 'CTDC' },
    consent: { type: 'boolean', default: false },
    'skip-import': { type: 'boolean', default: false },
  },
});

const AGES: Record<string, string> = {
  '0--8': '4',
  '9--17': '13',
  '18--20': '19',
  '21--23': '22',
  '24--26': '25',
  '27--29': '28',
  '30--38': '34',
  '39--47': '43',
  '48+': '55',
};
const TYPES: Record<string, string> = {
  Sexual: 'sexual_exploitation',
  Labor: 'forced_labour',
  'Forced Marriage': 'forced_marriage',
  'Slavery/Similar': 'domestic_servitude',
  Other: 'other',
  Multiple: 'other',
};

/** The extract as a CSV of canonical columns (the tool's temporary file). */
function convert(file: string, out: string): number {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = splitCells(lines[0]!, ',');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [year, gender, age, citizenship, type, source] = [
    col('yearOfRegistration'),
    col('gender'),
    col('ageBroad'),
    col('citizenship'),
    col('ExploitType'),
    col('Datasource'),
  ];
  let text = csvLine([
    'source_id',
    'full_name',
    'sex',
    'age',
    'citizenship',
    'exploitation_type',
    'registered_on',
    'reached_via',
  ]);
  let n = 0;
  for (const line of lines.slice(1)) {
    const c = splitCells(line, ',');
    n++;
    const y = String(Math.trunc(Number(c[year])));
    text += csvLine([
      `CTDC-${n}`,
      `CTDC record ${n}`,
      c[gender]!.toLowerCase(),
      AGES[c[age]!] ?? '',
      c[citizenship] || 'unknown',
      TYPES[c[type]!] ?? '',
      `${y}-07-01`,
      c[source] === 'Hotline' ? 'hotline' : 'other',
    ]);
  }
  fs.writeFileSync(out, text);
  return n;
}

async function main() {
  const { withContext } = await import('../src/cli/support.js');
  // The agency, before the import (kind international_org).
  await withContext(async (ctx) => {
    if (!(await findAgencyByCode(ctx.db, args.agency!)))
      await createAgency(ctx.db, {
        code: args.agency!,
        name: 'Counter Trafficking Data Collaborative (IOM), global extract 2020',
        kind: 'international_org',
      });
  });
  if (!args['skip-import']) {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ctdc-')), 'ctdc-canonical.csv');
    const records = convert(args.file!, tmp);
    console.log(`CTDC: ${records} records converted to Lantern's canonical columns; importing as ${args.agency}...`);
    const started = Date.now();
    const { importCommand } = await import('../src/cli/commands/import.js');
    await importCommand({ agency: args.agency!, file: tmp });
    console.log(`CTDC: imported in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
  }

  await withContext(async (ctx) => {
    const agency = (await findAgencyByCode(ctx.db, args.agency!))!;
    if (args.consent) {
      const steward = await ctx.db
        .selectFrom('app_user')
        .select('id')
        .where('agency_id', '=', agency.id)
        .executeTakeFirstOrThrow();
      const added = await sql`INSERT INTO consent (id, case_id, purpose, method, given_by, recorded_by)
        SELECT gen_random_uuid(), c.id, 'statistics', 'digital', 'person', ${steward.id}
        FROM case_file c WHERE c.owner_agency_id = ${agency.id}
          AND NOT EXISTS (SELECT 1 FROM consent k WHERE k.case_id = c.id AND k.purpose = 'statistics')`.execute(ctx.db);
      console.log(`CTDC: statistics consent recorded on ${String(added.numAffectedRows ?? 0)} cases (--consent).`);
    }
    const { refreshFacts } = await import('../src/statistics/facts.js');
    const refreshed = await refreshFacts(ctx);
    console.log(`CTDC: statistics rebuilt: ${refreshed.persons} distinct persons.`);
    await printFigures(ctx, agency.id);
  });
}

/** The known totals of the extract, from Lantern's controlled tables (suppression mode, k = LANTERN_MIN_CELL). */
async function printFigures(ctx: import('../src/platform/context.js').AppContext, agencyId: string) {
  const { releaseTable } = await import('../src/statistics/tables.js');
  const email = 'ctdc-analyst@lantern.invalid';
  let user = await ctx.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) {
    user = await createUser(ctx.db, {
      email,
      displayName: 'CTDC reproduction (tool)',
      agencyId,
      roles: ['analyst'],
      password: crypto.randomBytes(24).toString('base64'),
      mustChangePassword: true,
    });
    await ctx.db.updateTable('app_user').set({ disabled: true }).where('id', '=', user.id).execute();
  }
  const analyst: Actor = {
    userId: user.id,
    agencyId,
    agencyKind: 'international_org',
    roles: ['analyst'],
    language: 'en',
    clientIp: 'cli',
  };
  // A table covers at most 10 years: 2002–2009 and 2010–2019, added up (each cell controlled on its own).
  const windows = [
    ['2002-01-01', '2009-12-31'],
    ['2010-01-01', '2019-12-31'],
  ] as const;
  const tables = (columns: string) =>
    Promise.all(
      windows.map(([from, to]) =>
        releaseTable(ctx, analyst, {
          indicator: 'persons_registered',
          columns: columns as never,
          from,
          to,
          mode: 'suppression',
        }),
      ),
    );
  type Table = Awaited<ReturnType<typeof tables>>[number];
  const cellOf = (t: Table, label: string) => t.cells[0]![t.columns.indexOf(label)]!;
  const shown = (c: { value: number | null; status: string }) => (c.status === 'shown' ? String(c.value) : c.status);
  const byYear = await tables('year');
  console.log(`\nFigures from releaseTable (persons_registered, suppression mode, k = ${byYear[0]!.minCell}):`);
  console.log(`  total persons: ${byYear.map((t) => shown(t.total)).join(' + ')}`);
  for (const t of byYear) for (const y of t.columns) console.log(`  ${y}: ${shown(cellOf(t, y))}`);
  const bySex = await tables('sex');
  const female = bySex.reduce((n, t) => n + (cellOf(t, 'female').value ?? 0), 0);
  const total = bySex.reduce((n, t) => n + (t.total.value ?? 0), 0);
  console.log(`  female: ${female} of ${total} (${((100 * female) / total).toFixed(1)} %)`);
  const byCitizenship = await tables('citizenship');
  for (const c of byCitizenship[0]!.columns)
    console.log(`  citizenship ${c}: ${byCitizenship.map((t) => shown(cellOf(t, c))).join(' + ')}`);
  // Top citizenships by country and the Vietnamese: the table's dimension is Vietnamese / foreign /
  // stateless, so countries are counted from the facts' persons, suppressed below k like any cell.
  const countries = await sql<{ citizenship: string; n: string }>`
    SELECT p.citizenship, count(DISTINCT f.person_key) AS n
    FROM stat_fact f JOIN person_cluster pc ON pc.cluster_id = f.person_key
      AND pc.run_id = (SELECT current_run FROM linkage_state)
    JOIN person p ON p.id = pc.person_id
    WHERE f.kind = 'person'
    GROUP BY p.citizenship ORDER BY n DESC LIMIT 6`.execute(ctx.db);
  const k = ctx.config.minCell;
  console.log(
    `  top citizenships: ${countries.rows.map((r) => `${r.citizenship} ${Number(r.n) >= k ? r.n : 'suppressed'}`).join(', ')}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
