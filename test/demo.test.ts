// The demo loader against a real (in-memory) database: what it writes must look
// like data entered through the API — validated, encrypted, on the lifecycle.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLanternContext } from '../src/capabilities.js';
import { loadConfig } from '../src/platform/config.js';
import type { AppContext } from '../src/platform/context.js';
import { openPglite } from '../src/platform/database.js';
import { createLogger } from '../src/platform/logger.js';
import { loadDemoData } from '../src/cli/demo.js';
import { createAgency } from '../src/access/directory.js';
import { today } from '../src/contract/calendar.js';

const run = promisify(execFile);

async function freshContext(): Promise<AppContext> {
  const database = await openPglite(undefined);
  return openLanternContext(
    { ...loadConfig({}), masterKey: crypto.randomBytes(32).toString('base64') },
    createLogger('silent'),
    database,
  );
}

const namesOf = async (ctx: AppContext) =>
  (await ctx.db.selectFrom('person').select(['family_name', 'middle_name', 'given_name']).execute())
    .map((p) => [p.family_name, p.middle_name, p.given_name].filter(Boolean).join(' '))
    .sort();

describe('loadDemoData', () => {
  let ctx: AppContext;
  let summary: string;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    ctx = await freshContext();
    summary = await loadDemoData(ctx, { persons: 40, seed: 7 }, (done, total) => progress.push([done, total]));
  });
  afterAll(async () => {
    await ctx?.database.close();
  });

  it("leaves web reports and a call in the hotline's triage queue, encrypted, one late", async () => {
    const reports = await ctx.db
      .selectFrom('public_report')
      .select(['channel', 'status', 'immediate_danger', 'content', 'created_at'])
      .execute();
    expect(reports.map((r) => r.channel).sort()).toEqual(['phone', 'web', 'web', 'web']);
    expect(reports.every((r) => r.status === 'received' || r.status === 'under_review')).toBe(true);
    expect(reports.some((r) => r.immediate_danger && Date.now() - r.created_at.getTime() > 15 * 60_000)).toBe(true);
    expect(reports.every((r) => !r.content.includes('Campuchia'))).toBe(true);
    expect(summary).toContain('triage queue');
  });

  it('creates one case per person, spread over the lifecycle', async () => {
    const persons = await ctx.db.selectFrom('person').select('id').execute();
    const cases = await ctx.db.selectFrom('case_file').select(['person_id', 'status']).execute();
    expect(persons).toHaveLength(40);
    expect(cases).toHaveLength(40);
    expect(new Set(cases.map((c) => c.person_id)).size).toBe(40);
    expect(new Set(cases.map((c) => c.status)).size).toBeGreaterThanOrEqual(3);
    // Every status change left its transition row, so the history explains the status.
    const moved = cases.filter((c) => c.status !== 'received').length;
    const transitions = await ctx.db.selectFrom('case_transition').select('case_id').execute();
    expect(new Set(transitions.map((t) => t.case_id)).size).toBe(moved);
  });

  it('spreads the cases over the past 18 months, some verifications overdue, referrals answered or not', async () => {
    const day = 86_400_000;
    const cases = await ctx.db
      .selectFrom('case_file')
      .select(['id', 'status', 'created_at', 'verification_due_at'])
      .execute();
    const ages = cases.map((c) => (Date.now() - c.created_at.getTime()) / day);
    expect(Math.max(...ages)).toBeLessThanOrEqual(548);
    expect(ages.filter((a) => a > 365).length).toBeGreaterThan(0);
    expect(ages.filter((a) => a < 30).length).toBeGreaterThan(0);
    // Registered long ago and still open in verification: overdue, as the work queues will show.
    const overdue = cases.filter(
      (c) => (c.status === 'received' || c.status === 'under_verification') && c.verification_due_at! < new Date(),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBeLessThan(cases.length / 3);
    expect(cases.filter((c) => c.status === 'closed').length).toBeGreaterThan(0);
    // Every step happened after registration and before now, in order.
    const steps = await ctx.db
      .selectFrom('case_transition as t')
      .innerJoin('case_file as c', 'c.id', 't.case_id')
      .select(['t.case_id', 't.at', 'c.created_at'])
      .orderBy('t.case_id')
      .orderBy('t.at')
      .execute();
    expect(steps.every((t) => t.at >= t.created_at && t.at.getTime() <= Date.now())).toBe(true);
    const referrals = await ctx.db.selectFrom('referral').select(['status', 'created_at', 'due_date']).execute();
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(['pending', 'accepted', 'declined', 'completed']));
    expect(referrals.some((r) => r.status === 'pending' && r.due_date < today())).toBe(true);
    expect(summary).toMatch(/verifications overdue/);
    expect(summary).toMatch(/Referrals: pending \d+/);
  });

  it('stores narratives encrypted, never the plain text', async () => {
    const rows = await ctx.db.selectFrom('case_file').select('narrative').execute();
    expect(
      rows.every(
        (r) => r.narrative !== null && r.narrative.startsWith('v1:') && !r.narrative.includes('[DỮ LIỆU MẪU]'),
      ),
    ).toBe(true);
    const narrative = ctx.keys.decrypt(rows[0]!.narrative!);
    expect(narrative.startsWith('[DỮ LIỆU MẪU] ')).toBe(true);
  });

  it('keeps Vietnamese diacritics in names', async () => {
    const families = (await ctx.db.selectFrom('person').select('family_name').execute()).map(
      (p) => p.family_name ?? '',
    );
    expect(families.some((f) => /[ễầạảăâđêôơư]/u.test(f.normalize('NFC')))).toBe(true);
  });

  it('registers demo agencies and users, and reports them with the password', async () => {
    const agencies = await ctx.db.selectFrom('agency').select('code').execute();
    expect(agencies.length).toBeGreaterThanOrEqual(8);
    expect(agencies.every((a) => a.code.startsWith('DEMO-'))).toBe(true);
    expect(summary).toMatch(/SYNTHETIC/);
    expect(summary).toContain('investigator@police.demo.lantern.invalid');
    expect(summary).toMatch(/password \(shown only now\): \S{12,}/);
    expect(progress.at(-1)).toEqual([40, 40]);
  });

  it('audits what it created', async () => {
    const actions = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['person.create', 'case.create'])
      .execute();
    expect(actions).toHaveLength(80);
  });

  it('refuses to load twice', async () => {
    await expect(loadDemoData(ctx, { persons: 5, seed: 7 }, () => {})).rejects.toThrow(/already loaded/);
    expect(await ctx.db.selectFrom('person').select('id').execute()).toHaveLength(40);
  });

  it('gives the same people for the same seed in another database', async () => {
    const other = await freshContext();
    try {
      await loadDemoData(other, { persons: 40, seed: 7 }, () => {});
      expect(await namesOf(other)).toEqual(await namesOf(ctx));
    } finally {
      await other.database.close();
    }
  });
});

describe('lantern demo on a live database', () => {
  it('refuses to load into a database that holds anything but demo data, and changes nothing', async () => {
    const ctx = await freshContext();
    try {
      await createAgency(ctx.db, { code: 'POLICE-HN', name: 'Công an Hà Nội', kind: 'police' });
      await expect(loadDemoData(ctx, { persons: 3, seed: 7 }, () => {})).rejects.toThrow(
        /not demo data \(1 other agencies\).*only into an empty database/,
      );
      expect((await ctx.db.selectFrom('agency').select('code').execute()).map((a) => a.code)).toEqual(['POLICE-HN']);
      expect(await ctx.db.selectFrom('app_user').select('id').execute()).toEqual([]);
      expect(await ctx.db.selectFrom('person').select('id').execute()).toEqual([]);
    } finally {
      await ctx.database.close();
    }
  });

  it('`lantern demo` exits 2 with the reason', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-demo-'));
    const env = { ...process.env, LANTERN_DATA_DIR: dataDir, DATABASE_URL: '', LANTERN_MASTER_KEY: '' };
    const cli = (...args: string[]) =>
      run(process.execPath, ['bin/lantern.js', ...args], { env, cwd: path.resolve(import.meta.dirname, '..') });
    try {
      await cli('agency', 'add', '--code', 'OPS', '--name', 'Operations', '--kind', 'ministry');
      const refused = await cli('demo', '--persons', '2').catch((e) => e);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/holds data that is not demo data/);
      expect((await cli('agency', 'list')).stdout).not.toMatch(/DEMO-/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
