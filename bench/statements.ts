// The SQL the three endpoints send, compiled by Kysely from the same builders and
// helpers as src/ (sessions.ts resolveSession, cases.ts loadCase with its history /
// createCase / listCases, name-search.ts, policy-sql.ts, audit.ts recordAudit),
// for the driver ceiling. Values that change per call are compiled as `@@name@@` slots and
// bound at run time; everything else is the parameter Kysely produced.
// Keep in step with src/ when those queries change.
import { PERSON_SUMMARY_COLUMNS } from '../src/registry/persons.js';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Compilable,
} from 'kysely';
import type { Actor } from '../src/platform/actor.js';
import { CASE_PARTS } from '../src/contract/codes.js';
import { grantedPartsColumn, visibleCaseCondition } from '../src/access/policy-sql.js';
import { jsonb } from '../src/platform/database.js';
import type { DB } from '../src/platform/db-schema.js';
import { caseHistoryColumn } from '../src/registry/cases.js';
import { nameMatchCondition, type NameQuery } from '../src/registry/name-search.js';

const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export interface Statement {
  name: string;
  text: string;
  /** The parameters for one call, with slots filled from `values`. */
  params(values: Record<string, unknown>): unknown[];
}

const slot = (name: string) => `@@${name}@@`;
const SLOT = /^@@(\w+)@@$/;
const SLOTS = /@@(\w+)@@/g;

function statement(name: string, query: Compilable): Statement {
  const compiled = query.compile();
  type Binding = { slot: string } | { template: string } | { value: unknown };
  const bindings = compiled.parameters.map((p): Binding => {
    if (typeof p === 'string') {
      const whole = SLOT.exec(p);
      if (whole) return { slot: whole[1]! };
      if (p.includes('@@')) return { template: p };
    }
    return { value: p };
  });
  return {
    name,
    text: compiled.sql,
    params(values) {
      return bindings.map((b) =>
        'slot' in b
          ? values[b.slot]
          : 'template' in b
            ? b.template.replace(SLOTS, (_, k: string) => String(values[k]))
            : b.value,
      );
    },
  };
}

const PERSON_COLUMNS = PERSON_SUMMARY_COLUMNS;

/** The signed-in investigator, with slots for their ids. */
const actor: Actor = {
  userId: slot('userId'),
  agencyId: slot('agencyId'),
  agencyKind: 'police',
  roles: ['investigator'],
  language: 'vi',
  clientIp: '127.0.0.1',
};

const auditRow = (action: string, recordId: string, details: Record<string, unknown> | null) => ({
  actor_id: actor.userId,
  actor_agency_id: actor.agencyId,
  action,
  record_type: 'case',
  record_id: recordId,
  outcome: 'success',
  client_ip: actor.clientIp,
  details: details ? jsonb(details) : null,
});

/** sessions.ts resolveSession */
export const resolveSession = statement(
  'resolve session',
  compiler
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .innerJoin('agency as a', 'a.id', 'u.agency_id')
    .select(['s.stage', 'u.id', 'u.email', 'u.agency_id', 'u.roles', 'u.language'])
    .where('s.token_hash', '=', slot('tokenHash'))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .where('a.disabled', '=', false),
);

/** cases.ts loadCase: the case with its person, the actor's granted parts and its history (one statement). */
export const loadCase = statement(
  'select case + person + history',
  compiler
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .selectAll('c')
    .select(PERSON_COLUMNS)
    .select(grantedPartsColumn(actor).as('granted'))
    .select(caseHistoryColumn.as('history'))
    .where('c.id', '=', slot('caseId')),
);

/** The minimal read the issue names: the case joined to its person, nothing else. */
export const loadCaseMinimal = statement(
  'select case + person',
  compiler
    .selectFrom('case_file as c')
    .innerJoin('person as p', 'p.id', 'c.person_id')
    .selectAll('c')
    .select(PERSON_COLUMNS)
    .where('c.id', '=', slot('caseId')),
);

/** getCase's audit event: an owner-agency investigator sees every part. */
export const auditCaseRead = statement(
  'insert audit (case.read)',
  compiler.insertInto('audit_event').values([auditRow('case.read', slot('caseId'), { parts: [...CASE_PARTS].sort() })]),
);

/** createCase: the person check. */
export const selectPerson = statement(
  'select person',
  compiler.selectFrom('person').select(['id', 'owner_agency_id']).where('id', '=', slot('personId')),
);

/** createCase: the inserted values (body: personId, reachedVia walk_in, exploitationTypes). */
const insertValues = (verificationDeadlineDays: number) => ({
  id: slot('caseId'),
  person_id: slot('personId'),
  owner_agency_id: actor.agencyId,
  status: 'received',
  created_by: actor.userId,
  reached_via: 'walk_in',
  reference: sql<string>`next_case_reference(now())` as never,
  verification_due_at: sql<Date>`now() + make_interval(days => ${verificationDeadlineDays})` as never,
  updated_at: sql<Date>`now()` as never,
  exploitation_types: slot('types') as never,
});

/** The minimal creation the issue names: the case INSERT alone. */
export function insertCase(verificationDeadlineDays: number): Statement {
  return statement(
    'insert case',
    compiler.insertInto('case_file').values(insertValues(verificationDeadlineDays)).returning('id'),
  );
}

const auditCaseCreateRow = () => auditRow('case.create', slot('caseId'), { personId: slot('personId') });

export const auditCaseCreate = statement(
  'insert audit (case.create)',
  compiler.insertInto('audit_event').values([auditCaseCreateRow()]),
);

/** createCase as it is now: the insert with its audit event as a data-modifying CTE (audit.ts withAuditEvents). */
export function insertCaseAudited(verificationDeadlineDays: number): Statement {
  return statement(
    'insert case + audit (CTE)',
    compiler
      .with('audit_written', (q) => q.insertInto('audit_event').values([auditCaseCreateRow()]))
      .insertInto('case_file')
      .values(insertValues(verificationDeadlineDays))
      .returning('id'),
  );
}

/** name-search.ts resolveNameQuery: the query's words and their near spellings in the dictionary (SQL copied from there). */
export const nameWords = statement('name words lookup', {
  compile: () =>
    sql`
    SELECT q.word, t.token FROM unnest(${slot('words')}::text[]) AS q(word)
    JOIN name_token t ON t.token = q.word
      OR (length(q.word) >= 3 AND abs(length(t.token) - length(q.word)) <= 2
          AND levenshtein(t.token, q.word) <= CASE WHEN length(q.word) >= 7 THEN 2 ELSE 1 END)`.compile(compiler),
});

const searches = new Map<string, Statement>();
/**
 * listCases with `q` (first page, limit 25) for a query whose words resolved to
 * `names`: the statement differs with the words (exact, or any of near spellings).
 */
export function searchCases(names: NameQuery): Statement {
  const cacheKey = JSON.stringify(names);
  let s = searches.get(cacheKey);
  if (!s) {
    const q = compiler
      .selectFrom('case_file as c')
      .innerJoin('person as p', 'p.id', 'c.person_id')
      .select([
        'c.id',
        'c.reference',
        'c.person_id',
        'c.status',
        'c.exploitation_types',
        'c.destination_country',
        'c.owner_agency_id',
        'c.assigned_user_id',
        'c.verification_due_at',
        'c.created_at',
        ...PERSON_COLUMNS,
      ])
      .where(visibleCaseCondition(actor));
    s = statement(
      'name search',
      q.where(nameMatchCondition(names)).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(26).offset(0),
    );
    searches.set(cacheKey, s);
  }
  return s;
}

const listAudits = new Map<number, Statement>();
/**
 * listCases' audit: one case.list_read event for the page naming the cases it showed (slot caseIds, an array), or
 * one case.list event when none (audit.ts listReadEvent).
 */
export function auditCaseList(rows: number): Statement {
  let s = listAudits.get(rows);
  if (!s) {
    const values =
      rows === 0
        ? [{ ...auditRow('case.list', '', { results: 0 }), record_type: null, record_id: null }]
        : [
            {
              ...auditRow('case.list_read', '', null),
              record_id: null,
              record_ids: sql<string[]>`${slot('caseIds')}::uuid[]`,
            },
          ];
    s = statement(`insert audit (case.list_read, ${rows} cases)`, compiler.insertInto('audit_event').values(values));
    listAudits.set(rows, s);
  }
  return s;
}

/** Cases (of any agency) whose name words match `names` (for the report: how many the search has to consider). */
export function matchingCases(names: NameQuery): Statement {
  return statement(
    'matching cases',
    compiler
      .selectFrom('case_file as c')
      .select((eb) => eb.fn.countAll().as('n'))
      .where(nameMatchCondition(names)),
  );
}
