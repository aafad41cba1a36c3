// The API fuzz test. It reads the OpenAPI document and sends every operation
// generated requests: malformed and real path ids, hostile query values and
// forged cursors, bodies of the wrong type, with huge numbers, NUL bytes,
// control characters, deep nesting, extra or missing keys, empty or broken JSON,
// and valid-shaped bodies carrying hostile strings — as callers of several roles,
// so that requests get past the access hook into validation and the services.
// It asserts that no request is answered 5xx, that every refusal is a problem,
// and that a refused request (4xx) changes no data table.
//
// Runs are generated from a fixed seed (LANTERN_FUZZ_SEED to vary it) with a
// bounded number per operation (LANTERN_FUZZ_RUNS), so that a run is repeatable.
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../src/access/sessions.js';
import type { DB } from '../src/platform/db-schema.js';
import { PROVINCES } from '../src/contract/reference/index.js';
import type { Role } from '../src/contract/codes.js';
import { databases, personInput, startLantern, type TestLantern } from './support/harness.js';

const SEED = Number(process.env.LANTERN_FUZZ_SEED ?? 20261130);
const RUNS = Number(process.env.LANTERN_FUZZ_RUNS ?? 30);
/** Operations whose every valid-looking request costs an argon2 hash: fewer runs. */
const FEWER_RUNS: Record<string, number> = { 'POST /api/v1/auth/login': 8, 'POST /api/v1/users': 12 };

/**
 * Tables that a refused request may legitimately change: the audit trail records
 * refusals (and the sealer numbers them in the background), throttling counts
 * failed sign-ins, sessions are bookkeeping of sign-ins, and migrations of the
 * schema. Every other table of the database is a data table and is compared.
 */
const BOOKKEEPING = ['audit_event', 'audit_chain_head', 'login_throttle', 'user_session', 'schema_migration'];

/** Data tables known today; the comparison covers these and any table added later. */
const KNOWN_DATA_TABLES = [
  'agency',
  'app_user',
  'person',
  'identity_document',
  'case_file',
  'case_transition',
  'case_access_grant',
  'consent',
  'referral',
  'support_plan',
  'support_service',
  'repatriation_group',
  'repatriation',
  'follow_up_visit',
  'case_note',
  'screening_event',
  'screening_event_case',
  'screening',
  'name_token',
  'key_check',
];

// ---- The OpenAPI document, reduced to what a request needs ----

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  default?: unknown;
};

interface Operation {
  key: string;
  method: string;
  path: string;
  access: unknown;
  pathParams: string[];
  query: { name: string; schema: JsonSchema; required: boolean }[];
  body?: JsonSchema;
  bodyRequired: boolean;
  mediaTypes: string[];
}

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = (op.parameters ?? []) as {
        name: string;
        in: string;
        schema: JsonSchema;
        required?: boolean;
      }[];
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        access: op['x-lantern-access'],
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: content?.['application/json']?.schema,
        bodyRequired: Boolean((op.requestBody as { required?: boolean } | undefined)?.required),
        mediaTypes: content ? Object.keys(content) : [],
      });
    }
  }
  return ops;
}

// ---- Hostile values ----

const DEEP = (n: number) => JSON.parse('['.repeat(n) + ']'.repeat(n)) as unknown;
const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\u202egnaoH',
  '\u001b[2J\u001b[31mred',
  '\u200b\u200b',
  '\r\n',
  'x'.repeat(10_000),
  'Nguyễn'.repeat(2000),
  '1e308',
  '-1',
  'NaN',
  '9'.repeat(40),
  '0x1F',
  '../../../etc/passwd',
  "'; DROP TABLE person; --",
  '%00',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2024-02-30',
  '0000-01-01',
  '9999-12-31',
  '275760-09-13',
  '+275760-09-13T00:00:00Z',
  '2026-01-01T00:00:00+99:00',
  'ilo-2009',
  'vi',
];
const HOSTILE_NUMBERS = [0, -1, 1, 0.5, -0, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e-308, 123456789012];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...HOSTILE_NUMBERS, null, true, false, {}, []) },
  { weight: 1, arbitrary: fc.constantFrom(DEEP(40), DEEP(2000), { __proto__: { admin: true } }, [[[[['x']]]]]) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
);
/** Bodies that are not JSON values at all, or not the JSON their content type says. */
const RAW_BODIES = [
  '',
  'null',
  '[]',
  '"text"',
  '{',
  '{"a":1}{',
  '{"a":1e999}',
  '['.repeat(20_000) + ']'.repeat(20_000),
  '{"__proto__":{"isAdmin":true}}',
  '\u0000',
  'name,sex\nLan,female\n',
  'PK\u0003\u0004 not a zip',
];

// ---- Valid-shaped values from a schema, with field-name hints for codes ----

interface Known {
  agencyCodes: string[];
  ids: string[];
}

function hintFor(name: string, known: Known): fc.Arbitrary<string> | undefined {
  if (/^(toAgency|agency|providerAgency|agencies|code)$/.test(name)) return fc.constantFrom(...known.agencyCodes);
  if (/countr|citizenship/i.test(name)) return fc.constantFrom('VN', 'KH', 'MM', 'LA', 'CN', 'stateless', 'unknown');
  if (/province/i.test(name)) return fc.constantFrom(...PROVINCES.slice(0, 5).map((p) => p.code));
  if (/password/i.test(name)) return fc.constantFrom('a long enough password 42', 'short');
  if (/^(lang|language)$/.test(name)) return fc.constantFrom('vi', 'en', 'fr');
  return undefined;
}

function valueFor(
  schema: JsonSchema | undefined,
  known: Known,
  strings: 'valid' | 'hostile',
  name = '',
  depth = 0,
): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valueFor(s, known, strings, name, depth + 1)));
  if (schema.allOf?.[0]) return valueFor(schema.allOf[0], known, strings, name, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 1000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1e6, noNaN: true });
    case 'array': {
      const min = schema.minItems ?? 0;
      return fc.array(valueFor(schema.items, known, strings, name, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(schema.maxItems ?? 3, 3)),
      });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, s] of Object.entries(props)) record[k] = valueFor(s, known, strings, k, depth + 1);
      if (Object.keys(record).length === 0)
        return fc.dictionary(fc.string({ maxLength: 12 }), fc.constantFrom('present', 'absent', 'unknown', 'yes'), {
          maxKeys: 4,
        });
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in record) });
    }
    case 'string':
    default: {
      const valid = validString(schema, known, name);
      return strings === 'hostile'
        ? fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: hostileString })
        : valid;
    }
  }
}

function validString(schema: JsonSchema, known: Known, name: string): fc.Arbitrary<string> {
  const hint = hintFor(name, known);
  if (hint) return hint;
  switch (schema.format) {
    case 'uuid':
      return fc.oneof(fc.constantFrom(...known.ids), fc.uuid());
    case 'date':
      return fc.constantFrom('2026-01-15', '2025-06-30', '2099-01-01', '2000-02-29', '1990-12-31', '0000-01-01');
    case 'date-time':
      return fc.constantFrom('2026-01-15T08:30:00Z', '2026-11-20T10:00:00+07:00', '2025-12-31T23:59:59.999Z');
    case 'email':
      return fc.nat({ max: 1_000_000 }).map((n) => `fuzz${n}@fuzz.test.invalid`);
    default: {
      const min = schema.minLength ?? 0;
      const max = Math.min(schema.maxLength ?? 40, 40);
      return fc.string({ minLength: min, maxLength: Math.max(min, max) }).map((s) => (s.length >= min ? s : s));
    }
  }
}

/** A copy of `value` with one place replaced by a hostile value, a key added, or a key removed. */
function mutate(value: unknown, pick: number, replacement: unknown, how: 'replace' | 'add' | 'remove'): unknown {
  const places: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const copy = structuredClone(value) as unknown;
  const walk = (v: unknown) => {
    if (Array.isArray(v))
      v.forEach((child, i) => {
        places.push({ parent: v, key: i });
        walk(child);
      });
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) {
        places.push({ parent: v as Record<string, unknown>, key: k });
        walk(child);
      }
  };
  walk(copy);
  if (places.length === 0) return how === 'add' ? { extra: replacement } : replacement;
  const place = places[pick % places.length]!;
  if (how === 'replace') (place.parent as Record<string | number, unknown>)[place.key] = replacement;
  else if (how === 'remove' && !Array.isArray(place.parent)) delete place.parent[place.key as string];
  else if (!Array.isArray(place.parent)) place.parent[`extra_${pick % 7}`] = replacement;
  return copy;
}

// ---- Requests ----

interface FuzzRequest {
  caller: number;
  method: string;
  url: string;
  body?: string;
  contentType?: string;
  ifMatch?: string;
}

/** Percent-encodes any string, lone surrogates included (as their WTF-8 bytes, which no decoder accepts). */
function encodeAny(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff && !(c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00)) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else out += encodeURIComponent(text[i]!);
  }
  return out;
}

const forgedCursor = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null').toString('base64url')),
  fc
    .constantFrom<unknown>(
      { o: 1e308 },
      { o: -1 },
      { o: 2 ** 63 },
      { o: '5' },
      { id: 1e308 },
      { id: 'x' },
      { t: '2026-01-01T00:00:00.000Z', id: 'not-a-uuid' },
      { t: '275760-09-13T00:00:00.000Z', id: '00000000-0000-0000-0000-000000000000' },
      { t: 'x'.repeat(90), id: 'y' },
    )
    .map((v) => Buffer.from(JSON.stringify(v)).toString('base64url')),
  fc.constantFrom('%%%', '!!', 'e30', '', 'bnVsbA'),
);

type Mutation =
  | { kind: 'pathId'; value: string }
  | { kind: 'query'; pick: number; value: string }
  | { kind: 'extraQuery'; key: string; value: string }
  | { kind: 'repeatQuery' }
  | { kind: 'body'; value: unknown }
  | { kind: 'rawBody'; text: string; type: string }
  | { kind: 'noBody' }
  | { kind: 'ifMatch'; value: string | null };

/**
 * A valid-shaped request (real ids, valid query values, a body generated from the
 * schema) with up to two things made hostile: one malformed value at a time gets
 * deeper into the code than a request that is wrong everywhere.
 */
function requestFor(
  op: Operation,
  known: Known,
  idsForPath: string[],
  callerWeights: number[],
): fc.Arbitrary<FuzzRequest> {
  const hostilePathId = fc.oneof(
    fc.uuid(),
    hostileString.filter((s) => s !== '').map(encodeAny),
    fc.constantFrom('%00', '%2e%2e', '..', '%E0%A4%A', '%C0%80', 'a%2Fb', '1e308', '-1', 'x'.repeat(300)),
  );
  const schema = op.body;
  const validBody: fc.Arbitrary<unknown> = schema ? valueFor(schema, known, 'valid') : fc.constant(undefined);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    ...(op.pathParams.length ? [hostilePathId.map((value) => ({ kind: 'pathId' as const, value }))] : []),
    ...(op.query.length
      ? [
          fc
            .record({
              pick: fc.nat(),
              value: op.query.some((q) => q.name === 'cursor') ? fc.oneof(hostileString, forgedCursor) : hostileString,
            })
            .map((m) => ({ kind: 'query' as const, ...m })),
          fc.constant({ kind: 'repeatQuery' as const }),
        ]
      : []),
    fc
      .record({ key: fc.constantFrom('extra', '__proto__', 'limit', 'cursor', 'q', 'id'), value: hostileString })
      .map((m) => ({ kind: 'extraQuery' as const, ...m })),
    ...(op.method !== 'GET'
      ? [
          fc
            .oneof(
              {
                weight: 3,
                arbitrary: fc
                  .tuple(
                    validBody,
                    fc.nat(),
                    hostileValue,
                    fc.constantFrom('replace', 'add', 'remove') as fc.Arbitrary<'replace' | 'add' | 'remove'>,
                  )
                  .map(([v, pick, bad, how]) => mutate(v ?? {}, pick, bad, how)),
              },
              ...(schema ? [{ weight: 3, arbitrary: valueFor(schema, known, 'hostile') }] : []),
              { weight: 1, arbitrary: hostileValue },
            )
            .map((value) => ({ kind: 'body' as const, value })),
          fc
            .tuple(
              fc.constantFrom(...RAW_BODIES),
              fc.constantFrom(
                'application/json',
                'text/plain',
                'text/csv',
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                'multipart/form-data; boundary=x',
                'application/json; charset=utf-16',
                'application/x-www-form-urlencoded',
              ),
            )
            .map(([text, type]) => ({ kind: 'rawBody' as const, text, type })),
          fc.constant({ kind: 'noBody' as const }),
          fc
            .option(fc.constantFrom('"0"', '"abc"', '"99999999999999999999"', 'W/"1"', '""', '"1e308"', '"-1"'))
            .map((value) => ({ kind: 'ifMatch' as const, value })),
        ]
      : []),
  );
  return fc
    .record({
      caller: fc.oneof(...callerWeights.map((weight, i) => ({ weight, arbitrary: fc.constant(i) }))),
      ids: fc.tuple(...op.pathParams.map(() => fc.constantFrom(...idsForPath))),
      query: fc.tuple(
        ...op.query.map((p) =>
          fc.option(
            valueFor(p.schema, known, 'valid', p.name).map((v) => String(v)),
            { freq: 2 },
          ),
        ),
      ),
      body: validBody,
      ifMatch: fc.constantFrom('"1"', '"2"', '*', null),
      mutations: fc.array(mutation, { minLength: 0, maxLength: 2 }),
    })
    .map(({ caller, ids, query, body, ifMatch, mutations }) => {
      const pathIds = ids.map((id) => encodeURIComponent(id));
      const pairs: [string, string][] = op.query.flatMap((p, i) => (query[i] !== null ? [[p.name, query[i]!]] : []));
      let text: string | undefined = body === undefined ? undefined : JSON.stringify(body);
      let contentType = 'application/json';
      let match: string | null = ifMatch;
      for (const m of mutations) {
        if (m.kind === 'pathId') pathIds[pathIds.length - 1] = m.value;
        else if (m.kind === 'query') {
          const name = op.query[m.pick % op.query.length]!.name;
          const at = pairs.findIndex(([k]) => k === name);
          if (at >= 0) pairs[at] = [name, m.value];
          else pairs.push([name, m.value]);
        } else if (m.kind === 'extraQuery') pairs.push([m.key, m.value]);
        else if (m.kind === 'repeatQuery' && pairs[0]) pairs.push(pairs[0]);
        else if (m.kind === 'body') text = JSON.stringify(m.value) ?? 'null';
        else if (m.kind === 'rawBody') [text, contentType] = [m.text, m.type];
        else if (m.kind === 'noBody') text = undefined;
        else if (m.kind === 'ifMatch') match = m.value;
      }
      let path = op.path;
      op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, pathIds[i]!)));
      const qs = pairs.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&');
      return {
        caller,
        method: op.method,
        url: qs ? `${path}?${qs}` : path,
        ...(text !== undefined && op.method !== 'GET' ? { body: text, contentType } : {}),
        ...(match ? { ifMatch: match } : {}),
      };
    });
}

// ---- "Nothing written": a cheap fingerprint of every data table ----

async function dataTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`.execute(db);
  return rows.map((r) => r.name).filter((n) => !BOOKKEEPING.includes(n));
}

function snapshotter(db: Kysely<DB>, tables: string[]) {
  const query = sql.raw<Record<string, string>>(
    `SELECT ${tables
      .map(
        (t) =>
          `(SELECT count(*) || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') FROM "${t}" x) AS "${t}"`,
      )
      .join(', ')}`,
  );
  return async () => (await query.execute(db)).rows[0]!;
}

const changedTables = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).filter((t) => a[t] !== b[t]);

// ---- The test ----

interface Caller {
  label: string;
  token: string | null;
  userId?: string;
}

describe.each(databases)('API fuzz on %s', (kind) => {
  let l: TestLantern;
  let ops: Operation[];
  let callers: Caller[];
  let known: Known;
  const ids: Record<string, string | undefined> = {};
  const failedLog: string[] = [];
  const refusedByDatabase: string[] = []; // values the schemas let through and the database refused (4xx)

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        const line = String(chunk);
        if (line.includes('"level":50')) failedLog.push(line);
        if (line.includes('input refused by the database')) refusedByDatabase.push(line);
        done();
      },
    });
    // Background jobs are stepped by the test (drainJobs): a job queued by an accepted request must not
    // change the tables while the next, refused, request is being checked.
    l = await startLantern(kind, { logStream: sink, runJobs: false });
    const police = await l.agency('POLICE-F');
    const shelter = await l.agency('SHELTER-F', 'shelter');
    const health = await l.agency('HEALTH-F', 'health');
    const ministry = await l.agency('MINISTRY-F', 'ministry');
    const victimAgency = await l.agency('VICTIM-F', 'ngo');
    const full = async (agencyId: string, roles: Role[]) => {
      const user = await l.user(agencyId, roles, { signIn: false });
      return { token: await createSession(l.ctx.db, user.id, 'full', 4, null), userId: user.id };
    };
    const officer = await l.user(police, ['intake_officer', 'investigator']);
    const caseworker = await l.user(police, ['caseworker']);
    const shelterWorker = await l.user(shelter, ['caseworker', 'partner']);
    const screener = await l.user(health, ['health_screener']);
    const analyst = await l.user(ministry, ['analyst']);
    const mfaPending = await l.user(police, ['agency_admin']); // signed in, second factor outstanding
    callers = [
      { label: 'anonymous', token: null },
      { label: 'intake+investigator', token: officer.token, userId: officer.id },
      { label: 'caseworker', token: caseworker.token, userId: caseworker.id },
      { label: 'shelter caseworker+partner', token: shelterWorker.token, userId: shelterWorker.id },
      { label: 'health screener', token: screener.token, userId: screener.id },
      { label: 'analyst', token: analyst.token, userId: analyst.id },
      { label: 'auditor', ...(await full(ministry, ['auditor'])) },
      { label: 'agency admin', ...(await full(police, ['agency_admin'])) },
      { label: 'system admin', ...(await full(ministry, ['system_admin'])) },
      { label: 'agency admin (mfa pending)', token: mfaPending.token, userId: mfaPending.id },
      { label: 'garbage token', token: 'not-a-session-token' },
    ];

    // Real records of every kind, so that requests with valid ids reach the services.
    const ok = async (token: string, method: string, url: string, body?: unknown) => {
      const r = await l.call(token, method, url, body);
      return r.status < 300 ? (r.body as Record<string, string>) : undefined;
    };
    const person = await ok(officer.token, 'POST', '/api/v1/persons', personInput({ estimatedAgeYears: 16 }));
    ids.person = person?.id;
    const opened = await ok(officer.token, 'POST', '/api/v1/cases', { personId: ids.person, reachedVia: 'walk_in' });
    ids.case = opened?.id;
    const caseUrl = `/api/v1/cases/${ids.case}`;
    ids.consent = (
      await ok(officer.token, 'POST', `${caseUrl}/consents`, {
        purpose: 'share_with_agency',
        agency: 'SHELTER-F',
        method: 'signed',
        givenBy: 'guardian',
      })
    )?.id;
    ids.referral = (
      await ok(officer.token, 'POST', '/api/v1/referrals', {
        caseId: ids.case,
        toAgency: 'SHELTER-F',
        purposes: ['shelter'],
        dueDate: '2099-01-01',
      })
    )?.id;
    await ok(shelterWorker.token, 'POST', `/api/v1/referrals/${ids.referral}/accept`);
    ids.service = (
      await ok(caseworker.token, 'POST', `${caseUrl}/services`, {
        type: 'accommodation',
        providerAgency: 'SHELTER-F',
        plannedDate: '2026-01-05',
      })
    )?.id;
    ids.followUp = (await ok(caseworker.token, 'POST', `${caseUrl}/follow-ups`, { scheduledFor: '2026-06-01' }))?.id;
    ids.note = (await ok(caseworker.token, 'POST', `${caseUrl}/notes`, { body: 'Note', visibility: 'own_agency' }))?.id;
    ids.group = (
      await ok(caseworker.token, 'POST', '/api/v1/repatriation-groups', {
        returnDate: '2026-03-20',
        countryFrom: 'KH',
        borderGate: 'Cửa khẩu Mộc Bài',
      })
    )?.id;
    ids.event = (
      await ok(screener.token, 'POST', '/api/v1/screening/events', {
        borderGate: 'Cửa khẩu Mộc Bài',
        date: '2026-11-20',
        countryFrom: 'KH',
        agencies: ['HEALTH-F'],
      })
    )?.id;
    const screenedPerson = await ok(screener.token, 'POST', '/api/v1/persons', personInput({ givenName: 'Sàng' }));
    const screenedCase = await ok(screener.token, 'POST', '/api/v1/cases', {
      personId: screenedPerson?.id,
      reachedVia: 'repatriation',
    });
    ids.screenedCase = screenedCase?.id;
    ids.screening = (
      await ok(screener.token, 'POST', `/api/v1/cases/${ids.screenedCase}/screenings`, {
        answers: {},
        location: 'Mộc Bài',
        conductedAt: new Date().toISOString(),
        final: false,
      })
    )?.id;
    ids.agency = victimAgency;
    ids.user = (await l.user(victimAgency, ['caseworker'], { signIn: false })).id;
    ids.police = police;
    known = {
      agencyCodes: ['POLICE-F', 'SHELTER-F', 'HEALTH-F', 'MINISTRY-F', 'VICTIM-F', 'NOPE'],
      ids: Object.values(ids).filter((v): v is string => Boolean(v)),
    };
    const doc = await l.call(null, 'GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    ops = operationsOf(doc.body);
  }, 120_000);

  afterAll(async () => {
    await l?.stop();
  });

  it('has a record of every kind to aim at', () => {
    expect(Object.entries(ids).filter(([, v]) => !v)).toEqual([]);
  });

  it('declares the access rule of every operation in the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((op) => typeof op.access !== 'string' || op.access === '').map((op) => op.key)).toEqual([]);
  });

  it('compares every data table and only the bookkeeping ones are left out', async () => {
    const tables = await dataTables(l.ctx.db);
    expect(tables).toEqual(expect.arrayContaining(KNOWN_DATA_TABLES));
    expect(tables.filter((t) => BOOKKEEPING.includes(t))).toEqual([]);
  });

  it('answers generated malformed requests to every operation with a 4xx that writes nothing, never a 5xx', async () => {
    const snapshot = snapshotter(l.ctx.db, await dataTables(l.ctx.db));
    const failures: string[] = [];
    const idFor = (path: string): string[] => {
      const kindOf: [RegExp, (string | undefined)[]][] = [
        [/^\/api\/v1\/cases\/\{id\}/, [ids.case, ids.screenedCase]],
        [/^\/api\/v1\/persons\//, [ids.person]],
        [/^\/api\/v1\/consents\//, [ids.consent]],
        [/^\/api\/v1\/referrals\//, [ids.referral]],
        [/^\/api\/v1\/services\//, [ids.service]],
        [/^\/api\/v1\/follow-ups\//, [ids.followUp]],
        [/^\/api\/v1\/repatriation-groups\//, [ids.group]],
        [/^\/api\/v1\/screening\/events\//, [ids.event]],
        [/^\/api\/v1\/screenings\//, [ids.screening]],
        [/^\/api\/v1\/screening\/sets\//, ['ilo-2009-adult-labour', 'ilo-2009-child-sexual']],
        [/^\/api\/v1\/agencies\//, [ids.agency]],
        [/^\/api\/v1\/users\//, [ids.user]],
      ];
      const match = kindOf.find(([re]) => re.test(path))?.[1].filter((v): v is string => Boolean(v));
      return match && match.length > 0 ? match : known.ids;
    };

    const drainJobs = async () => {
      for (let steps = 0; steps < 1000 && (await l.jobs.runStep()); steps++);
    };
    await drainJobs();
    let before = await snapshot();
    let sent = 0;
    const statuses: Record<string, Record<number, number>> = {};
    let lastFailure: string | undefined;
    const failure = (message: string) => {
      lastFailure = message;
      return new Error(message);
    };
    for (const op of ops) {
      const runs = FEWER_RUNS[op.key] ?? RUNS;
      // Which callers get past the access hook: a NUL in the query is refused only after it.
      let path = op.path;
      for (const name of op.pathParams) path = path.replace(`{${name}}`, idFor(op.path)[0]!);
      const weights: number[] = [];
      for (const caller of callers) {
        const probe = await l.app.inject({
          method: op.method as 'GET',
          url: `${path}?probe=%00`,
          headers:
            caller.token && op.key !== 'POST /api/v1/auth/logout' ? { authorization: `Bearer ${caller.token}` } : {},
        });
        weights.push(probe.statusCode === 400 ? 8 : 1);
      }
      await drainJobs();
      before = await snapshot();
      const property = fc.asyncProperty(requestFor(op, known, idFor(op.path), weights), async (req) => {
        const caller = callers[req.caller]!;
        let token = caller.token;
        // Signing out ends the caller's session: sign out a session made for the purpose instead.
        if (op.key === 'POST /api/v1/auth/logout' && caller.userId)
          token = await createSession(l.ctx.db, caller.userId, 'full', 1, null);
        const logged = failedLog.length;
        const response = await l.app.inject({
          method: req.method as 'GET',
          url: req.url,
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(req.contentType ? { 'content-type': req.contentType } : {}),
            ...(req.ifMatch ? { 'if-match': req.ifMatch } : {}),
          },
          ...(req.body !== undefined ? { payload: req.body } : {}),
        });
        sent += 1;
        if (response.statusCode < 400) await drainJobs();
        const tally = (statuses[op.key] ??= {});
        tally[response.statusCode] = (tally[response.statusCode] ?? 0) + 1;
        const after = await snapshot();
        const what = () =>
          `${req.method} ${req.url.slice(0, 300)} as ${caller.label}` +
          (req.body !== undefined ? ` body ${JSON.stringify(req.body.slice(0, 300))} (${req.contentType})` : '') +
          (req.ifMatch ? ` if-match ${req.ifMatch}` : '');
        if (response.statusCode >= 500)
          throw failure(`${response.statusCode} for ${what()}\n${failedLog.slice(logged).join('').slice(0, 2000)}`);
        if (response.statusCode >= 400) {
          if (!String(response.headers['content-type']).startsWith('application/problem+json'))
            throw failure(`${response.statusCode} without a problem body for ${what()}`);
          const changed = changedTables(before, after);
          if (changed.length > 0)
            throw failure(`${response.statusCode} changed ${changed.join(', ')} for ${what()}: ${response.body}`);
        }
        before = after;
      });
      try {
        await fc.assert(property, { seed: SEED, numRuns: runs, endOnFailure: true });
      } catch (error) {
        failures.push(`${op.key}: ${lastFailure ?? (error as Error).message.split('\n').slice(0, 12).join('\n')}`);
        lastFailure = undefined;
        before = await snapshot();
      }
    }
    if (process.env.LANTERN_FUZZ_REPORT)
      for (const [key, tally] of Object.entries(statuses)) console.warn(key.padEnd(52), JSON.stringify(tally));
    if (process.env.LANTERN_FUZZ_REPORT) for (const line of refusedByDatabase) console.warn(line.slice(0, 400));
    expect(sent).toBeGreaterThan(ops.length * 5);
    expect(failures).toEqual([]);
  }, 600_000);
});
