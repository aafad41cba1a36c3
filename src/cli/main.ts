// `lantern <command>`: the trusted administration path, run on the server with
// direct database access. Exit codes: 0 done, 1 failed (e.g. audit trail broken),
// 2 wrong usage or input, 3 the database is busy or unreachable.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { openContext } from '../app.js';
import { verifyChain, sealAll } from '../access/audit-chain.js';
import { recordAudit } from '../access/audit.js';
import {
  createAgency,
  createUser,
  findAgencyByCode,
  findUserByEmail,
  listAgencies,
  updateUser,
} from '../access/directory.js';
import { generatePassword, passwordProblem } from '../access/passwords.js';
import { loadConfig } from '../platform/config.js';
import { DataDirBusyError } from '../platform/data-dir-lock.js';
import { openPglite } from '../platform/database.js';
import { createLogger } from '../platform/logger.js';
import { migrate } from '../platform/migrate.js';
import { Problem } from '../platform/problems.js';
import {
  AGENCY_KINDS,
  LANGUAGES,
  ROLES,
  isProvinceCode,
  type AgencyKind,
  type Language,
  type Role,
} from '../registry/reference/index.js';
import { loadDemoData } from './demo.js';
import { classify, ScreeningInputError } from '../screening/classify.js';
import { getSet, listSets, localiseSet } from '../screening/sets.js';

class UsageError extends Error {}

const config = loadConfig();
const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', process.stderr);
const cliAudit = { actor: null, clientIp: 'cli' };

async function withContext<T>(work: (ctx: Awaited<ReturnType<typeof openContext>>) => Promise<T>): Promise<T> {
  const ctx = await openContext(config, logger);
  try {
    const result = await work(ctx);
    await sealAll(ctx.db, ctx.keys.auditKey, true);
    return result;
  } finally {
    await ctx.database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const program = new Command('lantern').description('Lantern administration').exitOverride().showHelpAfterError();

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    await withContext(async () => console.log('Database schema is up to date.'));
  });

const agency = program.command('agency').description('manage agencies');
agency
  .command('add')
  .description('add an agency')
  .requiredOption('--code <code>', 'short unique code, e.g. BDBP-LC')
  .requiredOption('--name <name>', 'full name')
  .addOption(new Option('--kind <kind>', 'kind of agency').choices(AGENCY_KINDS).makeOptionMandatory())
  .option('--province <code>', 'province code (see src/registry/reference/provinces.json)')
  .action(async (o: { code: string; name: string; kind: AgencyKind; province?: string }) => {
    if (o.province && !isProvinceCode(o.province))
      throw new UsageError(
        `Unknown province "${o.province}". Use a code from src/registry/reference/provinces.json, e.g. ha-noi.`,
      );
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/.test(o.code))
      throw new UsageError('The code must be 2–32 letters, digits, - or _.');
    await withContext(async (ctx) => {
      const created = await createAgency(ctx.db, {
        code: o.code,
        name: o.name,
        kind: o.kind,
        province: o.province ?? null,
      });
      await recordAudit(ctx.db, cliAudit, {
        action: 'agency.create',
        outcome: 'success',
        recordType: 'agency',
        recordId: created.id,
        details: { via: 'cli' },
      });
      console.log(`Agency ${created.code} added (id ${created.id}).`);
    });
  });
agency
  .command('list')
  .description('list agencies')
  .action(async () => {
    await withContext(async (ctx) => {
      for (const a of await listAgencies(ctx.db))
        console.log(`${a.code}\t${a.kind}\t${a.disabled ? 'disabled' : 'active'}\t${a.name}`);
    });
  });

const user = program.command('user').description('manage users');
user
  .command('add')
  .description('add a user; prints a generated password unless --password-stdin is given')
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
    }) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(o.email)) throw new UsageError(`"${o.email}" is not an email address.`);
      const password = o.passwordStdin ? await readStdin() : generatePassword();
      const weak = passwordProblem(password);
      if (weak) throw new UsageError(`The password ${weak}.`);
      await withContext(async (ctx) => {
        const found = await findAgencyByCode(ctx.db, o.agency);
        if (!found)
          throw new UsageError(
            `No agency with code ${o.agency}. Add it first: lantern agency add --code ${o.agency} --name ... --kind ...`,
          );
        const created = await createUser(ctx.db, {
          email: o.email,
          displayName: o.name ?? o.email,
          agencyId: found.id,
          roles: o.role,
          language: o.language,
          password,
        });
        await recordAudit(ctx.db, cliAudit, {
          action: 'user.create',
          outcome: 'success',
          recordType: 'user',
          recordId: created.id,
          details: { via: 'cli', roles: created.roles },
        });
        console.log(`User ${created.email} added to ${found.code} with roles ${created.roles.join(', ')}.`);
        if (!o.passwordStdin) console.log(`Password (shown once, give it to the user securely): ${password}`);
        if (created.roles.some((r) => r === 'system_admin' || r === 'agency_admin'))
          console.log('This role must enrol an authenticator app (TOTP) at first sign-in.');
      });
    },
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
    .action(async (o: { email: string }) => {
      await withContext(async (ctx) => {
        const found = await findUserByEmail(ctx.db, o.email);
        if (!found) throw new UsageError(`No user with email ${o.email}.`);
        const result = await updateUser(ctx.db, found.id, found.version, changes);
        if (result === 'stale' || !result) throw new Error('The user changed while this command ran; run it again.');
        await recordAudit(ctx.db, cliAudit, {
          action: 'user.update',
          outcome: 'success',
          recordType: 'user',
          recordId: found.id,
          details: { via: 'cli', ...changes },
        });
        console.log(`User ${found.email}: ${description} — done.`);
      });
    });
}

program
  .command('audit')
  .description('audit trail')
  .command('verify')
  .description('verify the hash chain of the audit trail')
  .action(async () => {
    await withContext(async (ctx) => {
      const sealed = await sealAll(ctx.db, ctx.keys.auditKey, true);
      const verdict = await verifyChain(ctx.db, ctx.keys.auditKey, (n) =>
        process.stderr.write(`\rchecked ${n} events`),
      );
      process.stderr.write('\n');
      if (!verdict.ok) {
        console.error(`AUDIT TRAIL BROKEN after ${verdict.checked} intact events: ${verdict.firstBad?.problem}`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `Audit trail intact: ${verdict.checked} events verified${sealed ? ` (${sealed} sealed just now)` : ''}.`,
      );
    });
  });

program
  .command('demo')
  .description('load a synthetic demo data set (about 500 persons and cases, clearly marked synthetic)')
  .option('--persons <n>', 'how many persons', '500')
  .option('--seed <n>', 'random seed', '2026')
  .action(async (o: { persons: string; seed: string }) => {
    const count = Number(o.persons);
    if (!/^\d+$/.test(o.seed)) throw new UsageError('--seed must be a whole number.');
    if (!Number.isInteger(count) || count < 1 || count > 100_000)
      throw new UsageError('--persons must be a whole number from 1 to 100000.');
    await withContext(async (ctx) => {
      const summary = await loadDemoData(ctx, { persons: count, seed: Number(o.seed) }, (done, total) =>
        process.stderr.write(`\rloading ${done}/${total}`),
      );
      process.stderr.write('\n');
      console.log(summary);
    });
  });

const screening = program.command('screening').description('screening instruments (offline use and testing)');
screening
  .command('sets')
  .description('list the shipped indicator sets and their versions')
  .action(() => {
    for (const s of listSets())
      console.log(
        `${s.id}\tv${s.version}\t${s.indicatorCount} ILO indicators${s.extensionCount ? ` + ${s.extensionCount} forced-criminality` : ''}`,
      );
  });
screening
  .command('classify')
  .description('classify answers from a JSON file {instrument, answers}')
  .requiredOption('--file <answers.json>')
  .addOption(new Option('--lang <lang>').choices(LANGUAGES).default('en'))
  .action((o: { file: string; lang: Language }) => {
    let input: { instrument?: string; answers?: Record<string, 'present' | 'absent' | 'unknown'> };
    try {
      input = JSON.parse(fs.readFileSync(o.file, 'utf8'));
    } catch (error) {
      throw new UsageError(`Cannot read ${o.file}: ${(error as Error).message}`);
    }
    const set = input.instrument ? getSet(input.instrument) : undefined;
    if (!set)
      throw new UsageError(
        `"instrument" must be one of: ${listSets()
          .map((s) => s.id)
          .join(', ')}.`,
      );
    let result;
    try {
      result = classify(set, input.answers ?? {});
    } catch (error) {
      if (error instanceof ScreeningInputError)
        throw new UsageError(error.errors.map((e) => `${e.field}: ${e.message}`).join('\n'));
      throw error;
    }
    const labels = new Map(localiseSet(set, o.lang).dimensions.map((d) => [d.id, d.label]));
    console.log(`Outcome: ${result.outcome}  (${set.id} v${set.version})`);
    for (const d of result.dimensions)
      console.log(
        `  ${d.met ? '[met]' : '[   ]'} ${labels.get(d.id)}${d.present.length ? `: ${d.present.join(', ')}` : ''}`,
      );
    if (result.askNext.length) console.log(`Ask next: ${result.askNext.slice(0, 10).join(', ')}`);
  });

program
  .command('backup')
  .description('write a backup of the embedded database to a file (for PostgreSQL servers use pg_dump)')
  .requiredOption('--out <file>', 'e.g. lantern-2026-11-29.tar.gz')
  .action(async (o: { out: string }) => {
    if (config.databaseUrl)
      throw new UsageError('DATABASE_URL is set: back up the PostgreSQL server with pg_dump instead.');
    if (fs.existsSync(o.out)) throw new UsageError(`${o.out} exists already; choose a new file name.`);
    const database = await openPglite(config.dataDir);
    try {
      await migrate(database);
      fs.writeFileSync(o.out, await database.backup!(), { mode: 0o600, flag: 'wx' });
    } finally {
      await database.close();
    }
    console.log(
      `Backup written to ${o.out}. It holds personal data: store it encrypted. The master key (${path.join(config.dataDir, 'master.key')}) is NOT in it; back that up separately.`,
    );
  });

program
  .command('restore')
  .description('restore the embedded database from a backup into an empty data folder')
  .requiredOption('--from <file>')
  .action(async (o: { from: string }) => {
    if (config.databaseUrl)
      throw new UsageError('DATABASE_URL is set: restore the PostgreSQL server with pg_restore/psql instead.');
    if (!fs.existsSync(o.from)) throw new UsageError(`No file ${o.from}.`);
    const pgdata = path.join(config.dataDir, 'pgdata');
    if (fs.existsSync(pgdata) && fs.readdirSync(pgdata).length > 0) {
      throw new UsageError(
        `${config.dataDir} already holds a database. Move it aside (or point LANTERN_DATA_DIR at an empty folder) and run restore again.`,
      );
    }
    const database = await openPglite(config.dataDir, fs.readFileSync(o.from));
    try {
      await migrate(database);
      const n = await database.db
        .selectFrom('case_file')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      console.log(
        `Restored into ${config.dataDir}: ${n.n} cases. Put the matching master key in ${path.join(config.dataDir, 'master.key')} or LANTERN_MASTER_KEY.`,
      );
    } finally {
      await database.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || (error instanceof Problem && error.status < 500)) {
    console.error(`Error: ${error.message}`);
    process.exitCode = 2;
  } else if (error instanceof DataDirBusyError || (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 3;
  } else {
    console.error(`Error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
