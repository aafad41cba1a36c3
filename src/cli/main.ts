// `lantern <command>`: the trusted administration path, run on the server with
// direct database access. Exit codes: 0 done, 1 failed (e.g. audit trail broken),
// 2 wrong usage or input, 3 the database is busy or unreachable.
// Each command's module is imported only when it runs, so that `--help` and a
// single command load no more than they need.
import { Command, CommanderError, Option } from 'commander';
import { AGENCY_KINDS, LANGUAGES, ROLES, type AgencyKind, type Language, type Role } from '../contract/codes.js';
import { POSTER_SIZES, SITE_CODE_RULE, SITE_KINDS, type PosterSize, type SiteKind } from '../contract/sites.js';
import { UsageError } from './support.js';

const program = new Command('lantern').description('Lantern administration').exitOverride().showHelpAfterError();

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const { withContext } = await import('./support.js');
    await withContext(async () => console.log('Database schema is up to date.'));
  });

const agency = program.command('agency').description('manage agencies');
agency
  .command('add')
  .description('add an agency')
  .requiredOption('--code <code>', 'short unique code, e.g. BDBP-LC')
  .requiredOption('--name <name>', 'full name')
  .addOption(new Option('--kind <kind>', 'kind of agency').choices(AGENCY_KINDS).makeOptionMandatory())
  .option('--province <code>', 'province code (see src/contract/reference/provinces.json)')
  .action(async (o: { code: string; name: string; kind: AgencyKind; province?: string }) =>
    (await import('./commands/agency.js')).addAgency(o),
  );
agency
  .command('list')
  .description('list agencies')
  .action(async () => (await import('./commands/agency.js')).listAgenciesCommand());

const site = program.command('site').description('campaign sites: where posters link to the report form from');
site
  .command('add')
  .description('add a campaign site; its posters link to <LANTERN_PUBLIC_URL>/report?site=CODE')
  .requiredOption('--code <code>', `short unique code (${SITE_CODE_RULE}), e.g. HN-GA`)
  .requiredOption('--name <name>', "the site's name, e.g. Ga Hà Nội")
  .addOption(new Option('--kind <kind>', 'kind of place').choices(SITE_KINDS).makeOptionMandatory())
  .option('--province <code>', 'province code (see `lantern reference provinces`)')
  .action(async (o: { code: string; name: string; kind: SiteKind; province?: string }) =>
    (await import('./commands/site.js')).addSite(o),
  );
site
  .command('list')
  .description('list campaign sites: code, kind, province, active or not, name, link')
  .action(async () => (await import('./commands/site.js')).listSitesCommand());
program
  .command('posters')
  .description("write a campaign site's poster (hotline 111, the QR code of its link, warnings) as a PDF")
  .requiredOption('--site <code>', 'the campaign site')
  .addOption(new Option('--lang <lang>', 'language of the poster').choices(LANGUAGES).default('vi'))
  .addOption(new Option('--size <size>', 'paper size').choices(POSTER_SIZES).default('A4'))
  .requiredOption('--out <file>', 'the PDF file to write, e.g. poster-HN-GA-vi-A4.pdf')
  .action(async (o: { site: string; lang: Language; size: PosterSize; out: string }) =>
    (await import('./commands/site.js')).postersCommand(o),
  );

const user = program.command('user').description('manage users');
user
  .command('add')
  .description(
    'add a user; prints a generated password unless --password-stdin is given; the user chooses a new one at first sign-in',
  )
  .requiredOption('--email <email>')
  .requiredOption('--agency <code>', 'agency code')
  .addOption(new Option('--role <role...>', 'one or more roles').choices(ROLES).makeOptionMandatory())
  .option('--name <displayName>', 'display name (defaults to the email)')
  .addOption(new Option('--language <lang>').choices(LANGUAGES).default('vi'))
  .option('--password-stdin', 'read the password from standard input')
  .action(
    async (o: {
      email: string;
      agency: string;
      role: Role[];
      name?: string;
      language: Language;
      passwordStdin?: boolean;
    }) => (await import('./commands/user.js')).addUser(o),
  );
user
  .command('roles')
  .description("set a user's roles (audited with the roles before and after; their sessions end)")
  .requiredOption('--email <email>')
  .addOption(new Option('--role <role...>', 'one or more roles').choices(ROLES).makeOptionMandatory())
  .action(async (o: { email: string; role: Role[] }) => (await import('./commands/user.js')).setRoles(o));
user
  .command('list')
  .description('list users: email, name, agency, roles, active or disabled, last sign-in (never a secret)')
  .option('--agency <code>', "only this agency's users")
  .action(async (o: { agency?: string }) => (await import('./commands/user.js')).listUsersCommand(o));
user
  .command('reset-password')
  .description(
    'issue a one-time reset code (single use, valid 30 minutes) with which the user signs in only to choose a new ' +
      "password; with --password-stdin, set the piped password instead (to be changed at next sign-in; ends the user's sessions)",
  )
  .requiredOption('--email <email>')
  .option('--password-stdin', 'set the password read from standard input instead of issuing a code')
  .action(async (o: { email: string; passwordStdin?: boolean }) =>
    (await import('./commands/user.js')).resetUserPassword(o),
  );
for (const [name, description, changes] of [
  ['disable', 'disable a user and end their sessions', { disabled: true }],
  ['enable', 'enable a disabled user', { disabled: false }],
  ['reset-totp', "remove a user's second factor so they can enrol again", { resetTotp: true }],
] as const) {
  user
    .command(name)
    .description(description)
    .requiredOption('--email <email>')
    .action(async (o: { email: string }) =>
      (await import('./commands/user.js')).changeUser(o.email, description, changes),
    );
}

const audit = program.command('audit').description('audit trail');
audit
  .command('verify')
  .description(
    'verify the audit trail: its hash chain, its head, that Lantern wrote every event, and an anchor if given',
  )
  .option('--anchor <checkpoint>', 'a line printed by `audit anchor`: fail if any event up to it is missing or changed')
  .action(async (o: { anchor?: string }) => (await import('./commands/audit.js')).verifyAudit(o));
audit
  .command('anchor')
  .description('print a signed one-line checkpoint of the audit trail, to keep outside the server')
  .action(async () => (await import('./commands/audit.js')).anchorAudit());

program
  .command('demo')
  .description('load a synthetic demo data set (about 500 persons and cases, clearly marked synthetic)')
  .option('--persons <n>', 'how many persons', '500')
  .option('--seed <n>', 'random seed', '2026')
  .action(async (o: { persons: string; seed: string }) => (await import('./commands/demo.js')).demoCommand(o));

const reference = program.command('reference').description('reference data');
reference
  .command('provinces')
  .description("Viet Nam's 34 provincial units of 2025: code, name, kind")
  .addOption(
    new Option('--language <lang>', 'language of the listing (default: from LANG, else vi)').choices(LANGUAGES),
  )
  .action(async (o: { language?: Language }) => (await import('./commands/reference.js')).listProvinces(o));

const screening = program.command('screening').description('screening instruments (offline use and testing)');
screening
  .command('sets')
  .description('list the shipped indicator sets and their versions')
  .action(async () => (await import('./commands/screening.js')).listScreeningSets());
screening
  .command('classify')
  .description('classify answers from a JSON file {instrument, answers}')
  .requiredOption('--file <answers.json>')
  .addOption(new Option('--lang <lang>').choices(LANGUAGES).default('en'))
  .action(async (o: { file: string; lang: Language }) => (await import('./commands/screening.js')).classifyFile(o));

const exportCommand = program.command('export').description('controlled exports for statistics');
exportCommand
  .command('htcds')
  .description(
    'one row per distinct consented person in HTCDS v2 fields, k-anonymous (generalised and suppressed); progress on stderr',
  )
  .requiredOption('--out <file>', 'the CSV file to write')
  .option('--k <k>', 'every combination of quasi-identifiers holds at least k persons', '11')
  .action(async (o: { out: string; k: string }) => (await import('./commands/export.js')).exportHtcdsCommand(o));

const linkage = program.command('linkage').description('record linkage: find the same person across records');
linkage
  .command('run')
  .description('a full linkage run over the registry (progress on stderr)')
  .action(async () => (await import('./commands/linkage.js')).linkageRun());
linkage
  .command('clusters')
  .description('write agency,source_id,person_id,cluster_id for every person as CSV')
  .requiredOption('--out <file>', 'the CSV file to write')
  .option('--threshold <P>', 'match probability at which records are linked (default: the automatic threshold)')
  .action(async (o: { out: string; threshold?: string }) => (await import('./commands/linkage.js')).linkageClusters(o));

program
  .command('import')
  .description(
    "import an agency's records from a CSV or XLSX file: a dry run, then the valid rows (updated by source_id on a re-import); " +
      'progress on stderr, a summary on stdout, rejected rows in NAME.rejects.csv next to the file',
  )
  .requiredOption('--agency <code>', 'the code of the agency whose records these are')
  .requiredOption('--file <path>', 'the CSV (UTF-8 or Windows-1252) or XLSX file, with a header row')
  .option('--mapping <file.json>', 'which header holds which column: {"columns": {"Header": "source_id", ...}}')
  .option('--dry-run', 'read and check every row, store nothing')
  .action(async (o: { agency: string; file: string; mapping?: string; dryRun?: boolean }) =>
    (await import('./commands/import.js')).importCommand(o),
  );

program
  .command('backup')
  .description('write a backup of the embedded database to a file (for PostgreSQL servers use pg_dump)')
  .requiredOption('--out <file>', 'e.g. lantern-2026-11-29.tar.gz')
  .action(async (o: { out: string }) => (await import('./commands/backup.js')).backup(o));
program
  .command('restore')
  .description('restore the embedded database from a backup into an empty data folder')
  .requiredOption('--from <file>')
  .action(async (o: { from: string }) => (await import('./commands/backup.js')).restore(o));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { DataDirBusyError } = await import('../platform/data-dir-lock.js');
  const { Problem } = await import('../platform/problems.js');
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || (error instanceof Problem && error.status < 500)) {
    console.error(`Error: ${error.message}`);
    process.exitCode = 2;
  } else if (
    error instanceof DataDirBusyError ||
    (error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ||
    (error as { exitCode?: unknown }).exitCode === 3 // MasterKeyError: the key does not open this data
  ) {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 3;
  } else {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
