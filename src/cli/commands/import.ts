// `lantern import --agency CODE --file PATH [--mapping FILE.json] [--dry-run]`: the same
// pipeline as the API (the same job handlers, stepped to the end in this process), with a
// progress line on stderr and a summary on stdout. Exit 0 when every valid row is in
// (or, for a dry run, when the file can be imported), 2 for an unreadable file or
// mapping, 1 otherwise.
//
// The CLI acts as the system, like Lantern's other commands: its audit events carry no
// user (client 'cli'). Persons and jobs record who created them, so the import is
// recorded under the agency's import service account, created on first use, disabled
// (nobody signs in with it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordAudit } from '../../access/audit.js';
import { createUser, findAgencyByCode } from '../../access/directory.js';
import type { AgencyKind } from '../../contract/codes.js';
import { generatePassword } from '../../access/passwords.js';
import { mappingFileSchema } from '../../contract/schemas/consolidation-mapping.js';
import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../../platform/actor.js';
import { findJob, JobRunner } from '../../platform/jobs.js';
import { Problem } from '../../platform/problems.js';
import {
  changeMapping,
  commitImport,
  importStatus,
  rejectsCsv,
  uploadImport,
  XLSX_TYPE,
  type Importer,
} from '../../consolidation/imports.js';
import { registerImportJobs } from '../../consolidation/routes.js';
import { cliAudit, UsageError, withContext } from '../support.js';

export interface ImportOptions {
  agency: string;
  file: string;
  mapping?: string;
  dryRun?: boolean;
}

/** The agency's import service account (disabled: it only records who created what the CLI imported). */
async function serviceAccount(ctx: AppContext, agency: { id: string; code: string; kind: string }): Promise<Actor> {
  const email = `import-cli@${agency.code.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.lantern.invalid`;
  let user = await ctx.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirst();
  if (!user) {
    const created = await createUser(ctx.db, {
      email,
      displayName: `Lantern import (CLI) ${agency.code}`,
      agencyId: agency.id,
      roles: ['data_steward'],
      password: generatePassword() + crypto.randomBytes(8).toString('hex'),
      mustChangePassword: true,
    });
    await ctx.db.updateTable('app_user').set({ disabled: true }).where('id', '=', created.id).execute();
    await recordAudit(ctx.db, cliAudit, {
      action: 'user.create',
      outcome: 'success',
      recordType: 'user',
      recordId: created.id,
      details: { via: 'cli', rolesAfter: ['data_steward'], disabled: true },
    });
    user = { id: created.id };
  }
  return {
    userId: user.id,
    agencyId: agency.id,
    agencyKind: agency.kind as AgencyKind,
    roles: ['data_steward'],
    language: 'vi',
    clientIp: 'cli',
  };
}

function readMapping(file: string): Record<string, string | null> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`The mapping file ${file} cannot be read: ${(error as NodeJS.ErrnoException).code}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(
      `The mapping file ${file} is not JSON. Write it as {"columns": {"Header": "source_id", ...}}.`,
    );
  }
  const parsed = mappingFileSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `The mapping file ${file} is not a mapping: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'file'}: ${i.message}`)
        .join('; ')}. Write it as {"columns": {"Header": "source_id", "Other header": null}}.`,
    );
  return parsed.data.columns;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** A progress line on stderr: redrawn in place on a terminal, printed every few seconds otherwise. */
class Progress {
  #last = 0;
  readonly #tty = Boolean(process.stderr.isTTY);
  constructor(private readonly label: string) {}

  show(job: { done: number; total: number; startedAt: Date | null }, final = false) {
    const now = Date.now();
    if (!final && now - this.#last < (this.#tty ? 200 : 5000)) return;
    this.#last = now;
    const seconds = job.startedAt ? (now - job.startedAt.getTime()) / 1000 : 0;
    const rate = seconds > 0 ? job.done / seconds : 0;
    const left = rate > 0 ? Math.max(0, Math.round((job.total - job.done) / rate)) : null;
    const text =
      `${this.label}: ${fmt(job.done)} / ${fmt(job.total)} rows` +
      (rate > 0 ? `, ${fmt(Math.round(rate))} rows/s` : '') +
      (final ? '' : left !== null ? `, ${left} s left` : '');
    if (this.#tty) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
    else process.stderr.write(`${text}\n`);
  }
}

/** Steps the job to its end (waiting out a retry's pause), drawing its progress. */
async function runToEnd(runner: JobRunner, ctx: AppContext, jobId: string, label: string) {
  const progress = new Progress(label);
  for (;;) {
    const stepped = await runner.runStep(jobId);
    const job = (await findJob(ctx.db, jobId))!;
    if (job.state !== 'queued' && job.state !== 'running') {
      progress.show(job, true);
      return job;
    }
    progress.show(job);
    if (!stepped) await sleep(500);
  }
}

export async function importCommand(o: ImportOptions): Promise<void> {
  const mapping = o.mapping ? readMapping(o.mapping) : undefined;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(o.file);
    fs.accessSync(o.file, fs.constants.R_OK);
  } catch (error) {
    throw new UsageError(`The file ${o.file} cannot be read: ${(error as NodeJS.ErrnoException).code}.`);
  }
  if (!stat.isFile()) throw new UsageError(`${o.file} is not a file.`);
  const xlsx = /\.xlsx$/i.test(o.file);

  const outcome = await withContext(async (ctx) => {
    const agency = await findAgencyByCode(ctx.db, o.agency);
    if (!agency) throw new UsageError(`No agency with code ${o.agency}. See: lantern agency list`);
    const who: Importer = { actor: await serviceAccount(ctx, agency), auditActor: null };
    const runner = new JobRunner(ctx.db, ctx.logger, { pollMs: ctx.config.jobPollMs });
    registerImportJobs(ctx, runner);
    let jobId: string | undefined;
    const onSignal = () => {
      if (jobId) void runner.cancel(jobId, null).finally(() => process.exit(1));
      else process.exit(1);
    };
    process.once('SIGINT', onSignal);
    try {
      let uploaded: { id: string; job: { id: string } };
      try {
        uploaded = await uploadImport(ctx, who, {
          agency: agency.code,
          fileName: path.basename(o.file),
          format: xlsx ? 'xlsx' : 'csv',
          contentType: xlsx ? XLSX_TYPE : 'text/csv',
          body: fs.createReadStream(o.file),
        });
      } catch (error) {
        if (error instanceof Problem && error.status < 500) throw new UsageError(error.detail);
        throw error;
      }
      const id = uploaded.id;
      jobId = mapping ? (await changeMapping(ctx, who, id, mapping)).jobId : uploaded.job.id;
      const preview = await runToEnd(runner, ctx, jobId, 'dry run');
      let status = await importStatus(ctx, id);
      if (preview.state === 'failed') throw new UsageError(`The file cannot be read: ${preview.error?.message}`);
      if (status.mapping.problems.length)
        throw new UsageError(
          `The columns of ${o.file} cannot be imported as they are: ${status.mapping.problems.join('; ')}.\n` +
            `Headers: ${status.mapping.columns.map((c) => `"${c.header}"${c.column ? ` -> ${c.column}` : ''}`).join(', ')}.\n` +
            'Map them with --mapping FILE.json: {"columns": {"Header": "source_id", ...}}.',
        );
      const rejectsFile = await writeRejects(ctx, id, o.file, status.counts.rejected);
      if (!o.dryRun && status.counts.valid > 0) {
        const committed = await commitImport(ctx, who, id);
        jobId = committed.job.id;
        await runToEnd(runner, ctx, jobId, 'import');
        status = await importStatus(ctx, id);
      }
      return { status, rejectsFile };
    } finally {
      process.removeListener('SIGINT', onSignal);
    }
  });

  const { status, rejectsFile } = outcome;
  const c = status.counts;
  const lines = [
    `read: ${c.read}`,
    ...(o.dryRun ? [`valid: ${c.valid}`] : [`imported: ${c.imported}`, `updated: ${c.updated}`]),
    `rejected: ${c.rejected}${rejectsFile ? ` (${rejectsFile})` : ''}`,
    ...(status.convertedColumns.length
      ? [
          `converted from legacy encodings: ${status.convertedColumns.map((x) => `${x.column} (${x.encoding})`).join(', ')}`,
        ]
      : []),
    ...(o.dryRun ? ['dry run: nothing was stored'] : [`import: ${status.id} ${status.state}`]),
  ];
  console.log(lines.join('\n'));
  if (o.dryRun) return;
  if (status.state !== 'imported') {
    console.error(
      `The import did not finish (${status.state}${status.job?.error ? `: ${status.job.error.message}` : ''}).`,
    );
    process.exitCode = 1;
  }
}

/** rejects.csv next to the input (NAME.rejects.csv), or in the working folder if that one is not writable. */
async function writeRejects(ctx: AppContext, id: string, input: string, rejected: number): Promise<string | null> {
  if (rejected === 0) return null;
  const name = `${path.basename(input).replace(/\.(csv|xlsx|txt)$/i, '')}.rejects.csv`;
  const candidates = [path.join(path.dirname(path.resolve(input)), name), path.resolve(name)];
  for (const target of candidates) {
    let fd: number;
    try {
      fd = fs.openSync(target, 'w', 0o600);
    } catch {
      continue;
    }
    try {
      for await (const chunk of rejectsCsv(ctx, null, id)) fs.writeSync(fd, chunk);
    } finally {
      fs.closeSync(fd);
    }
    return target;
  }
  return null;
}
