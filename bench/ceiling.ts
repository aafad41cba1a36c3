// The ceiling: the endpoints' SQL issued straight through the database driver
// (postgres.js, or PGlite's own query API), no HTTP, no Kysely, no JSON. Each
// scenario has two variants:
//   core — the statements named by the issue: the case SELECT (joined to its
//          person) + the audit INSERT; the case INSERT; the name search;
//   full — every statement the endpoint sends for one request, in the same
//          order and transactions (person check, audit, ...). No session lookup: since
//          issue 15 the app server keeps sessions in a cache that NOTIFY invalidates.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type postgres from 'postgres';
import { hashToken } from '../src/access/sessions.js';
import type { NameQuery } from '../src/registry/name-search.js';
import { isPrepared } from '../src/platform/database.js';
import { nameTokens } from '../src/contract/names.js';
import type { Scenario } from './loadgen.js';
import { latencyOf, type Latency } from './stats.js';
import * as S from './statements.js';

export type Rows = Record<string, unknown>[];
export type Query = (statement: S.Statement, values: Record<string, unknown>) => Promise<Rows>;

export interface Driver {
  query: Query;
  transaction(work: (query: Query) => Promise<void>): Promise<void>;
}

/** Sends statements as Lantern's own client does (platform/database.ts): prepared, unless marked to be planned each time. */
export function postgresDriver(client: postgres.Sql): Driver {
  const on =
    (c: postgres.Sql | postgres.TransactionSql): Query =>
    async (s, values) =>
      [...(await c.unsafe(s.text, s.params(values) as never[], { prepare: isPrepared(s.text) }))] as Rows;
  return {
    query: on(client),
    async transaction(work) {
      await client.begin((tx) => work(on(tx)));
    },
  };
}

export function pgliteDriver(pg: PGlite): Driver {
  const on =
    (c: PGlite | Transaction): Query =>
    async (s, values) =>
      (await c.query<Record<string, unknown>>(s.text, s.params(values))).rows;
  return {
    query: on(pg),
    async transaction(work) {
      await pg.transaction((tx) => work(on(tx)));
    },
  };
}

export interface CeilingData {
  agencyId: string;
  /** Signed-in users: id and bearer token. */
  sessions: { userId: string; token: string }[];
  caseIds: string[];
  personIds: string[];
  queries: string[];
  /** Each query's words as the app resolves them (name-search.ts resolveNameQuery); null when a word matches nothing. */
  nameQueries: Map<string, NameQuery | null>;
  verificationDeadlineDays: number;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const TYPES = [
  ['forced_labour'],
  ['sexual_exploitation'],
  ['forced_marriage'],
  ['forced_labour', 'domestic_servitude'],
  ['sexual_exploitation', 'forced_marriage'],
];

export type Operation = () => Promise<void>;

export function ceilingOperations(
  driver: Driver,
  data: CeilingData,
): Record<Scenario, { core: Operation; full: Operation }> {
  const sessions = data.sessions.map((s) => ({ userId: s.userId, tokenHash: hashToken(s.token) }));
  const insertCase = S.insertCase(data.verificationDeadlineDays);
  const insertCaseAudited = S.insertCaseAudited(data.verificationDeadlineDays);
  const who = () => {
    const s = pick(sessions);
    return { ...s, agencyId: data.agencyId };
  };
  /** The name search as listCases runs it: the words lookup, then (when every word is known) the search. */
  const search = async (q: Query, v: ReturnType<typeof who>): Promise<Rows> => {
    const text = pick(data.queries);
    await q(S.nameWords, { words: [...new Set(nameTokens(text))].slice(0, 8) });
    const names = data.nameQueries.get(text);
    return names ? (await q(S.searchCases(names), v)).slice(0, 25) : [];
  };
  const newCase = () => ({ ...who(), caseId: crypto.randomUUID(), personId: pick(data.personIds), types: pick(TYPES) });
  return {
    read: {
      async core() {
        const v = { ...who(), caseId: pick(data.caseIds) };
        if ((await driver.query(S.loadCaseMinimal, v)).length !== 1) throw new Error('case not found');
        await driver.query(S.auditCaseRead, v);
      },
      async full() {
        const v = { ...who(), caseId: pick(data.caseIds) };
        if ((await driver.query(S.loadCase, v)).length !== 1) throw new Error('case not found');
        await driver.query(S.auditCaseRead, v);
      },
    },
    create: {
      async core() {
        await driver.query(insertCase, newCase());
      },
      async full() {
        const v = newCase();
        await driver.transaction(async (q) => {
          if ((await q(S.selectPerson, v)).length !== 1) throw new Error('person not found');
          await q(insertCaseAudited, v);
          await q(S.loadCase, v);
        });
      },
    },
    search: {
      async core() {
        await search(driver.query, who());
      },
      async full() {
        const v = who();
        const rows = await search(driver.query, v);
        await driver.query(S.auditCaseList(rows.length), { ...v, caseIds: rows.map((r) => r.id) });
      },
    },
  };
}

export interface LoopResult {
  seconds: number;
  ok: number;
  errors: number;
  rps: number;
  latency: Latency;
  firstError?: string;
}

/** Runs `op` from `concurrency` workers back to back for `seconds`; latency of every call. */
export async function closedLoop(concurrency: number, seconds: number, op: Operation): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await op();
          latencies.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds: elapsed,
    ok: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    latency: latencyOf(latencies),
    ...(firstError ? { firstError } : {}),
  };
}
