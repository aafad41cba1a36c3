// Test harness: a Lantern on the embedded database (in memory) or, when
// TEST_DATABASE_URL is set, on a fresh database of that PostgreSQL server.
// `databases` lists both so that every database test runs on each.
import crypto from 'node:crypto';
import postgres from 'postgres';
import { buildLantern, type Lantern } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/platform/config.js';
import { openPglite, openPostgres, type Database } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { createAgency, createUser } from '../../src/access/directory.js';
import { currentCode } from '../../src/access/totp.js';
import type { AgencyKind, Role } from '../../src/contract/codes.js';

export type DatabaseKind = 'pglite' | 'postgres';

export const databases: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, empty database of the given kind and a function that removes it. */
export async function freshDatabase(
  kind: DatabaseKind,
): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openPglite(undefined);
    return { database, drop: async () => {} };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `lantern_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 5);
  return {
    database,
    url: url.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** `databaseUrl`'s database on the server of `serverUrl` (a replica holds every database of its primary). */
export function sameDatabaseOn(serverUrl: string, databaseUrl: string): string {
  const url = new URL(serverUrl);
  url.pathname = new URL(databaseUrl).pathname;
  return url.toString();
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), masterKey: crypto.randomBytes(32).toString('base64'), logLevel: 'silent', ...overrides };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  agencyId: string;
  agencyKind: AgencyKind;
  roles: Role[];
  token: string;
  /** The TOTP secret enrolled at sign-in (roles that require a second factor), else null. */
  totpSecret: string | null;
}

export interface TestLantern extends Lantern {
  kind: DatabaseKind;
  /** Adds an agency and returns its id. */
  agency(code: string, kind?: AgencyKind): Promise<string>;
  /**
   * Adds a user of `agencyId` and signs them in; roles needing TOTP enrol an
   * authenticator at sign-in, so the session is full. By default the user chose
   * their own password; `mustChangePassword` makes it one set by an administrator
   * (sign-in then ends in the 'password_change' stage).
   */
  user(
    agencyId: string,
    roles: Role[],
    options?: { signIn?: boolean; mustChangePassword?: boolean },
  ): Promise<TestUser>;
  /** Signs an existing user in (enrolling an authenticator where the roles need one): a full session. */
  signIn(email: string, password: string): Promise<{ token: string; totpSecret: string | null }>;
  /** An authenticated JSON request; returns status, headers and parsed body. */
  call(
    token: string | null,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Record<string, unknown>; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(): Promise<void>;
}

let counter = 0;

export async function startLantern(
  kind: DatabaseKind,
  options: {
    config?: Partial<Config>;
    logStream?: NodeJS.WritableStream;
    runJobs?: boolean;
    /** A read replica of TEST_DATABASE_URL's server (a URL of that server): the fresh database on it is used. */
    replicaServer?: string;
  } = {},
): Promise<TestLantern> {
  const fresh = await freshDatabase(kind);
  const replicaUrl = options.replicaServer && fresh.url ? sameDatabaseOn(options.replicaServer, fresh.url) : undefined;
  const config = testConfig({
    ...options.config,
    ...(fresh.url ? { databaseUrl: fresh.url } : {}),
    ...(replicaUrl ? { databaseReplicaUrl: replicaUrl } : {}),
  });
  const logger = options.logStream ? createLogger('info', options.logStream) : createLogger('silent');
  const lantern = await buildLantern(config, {
    database: fresh.database,
    logger,
    sealIntervalMs: 50,
    ...(options.runJobs === false ? { runJobs: false } : {}),
  });
  const call: TestLantern['call'] = async (token, method, url, body, headers = {}) => {
    const response = await lantern.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = response.body;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: response.statusCode, headers: response.headers, body: parsed };
  };
  const signIn: TestLantern['signIn'] = async (email, password) => {
    const login = await call(null, 'POST', '/api/v1/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`test login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.token as string;
    let totpSecret: string | null = null;
    if (login.body.mfaEnrolmentRequired) {
      const enrol = await call(token, 'POST', '/api/v1/auth/totp/enroll');
      totpSecret = enrol.body.secret as string;
      // The previous time step, so that a test may still use the current one. On a loaded machine the
      // step may turn between making the code and checking it: then once more with the new previous step.
      const confirmAt = (now: number) =>
        call(token, 'POST', '/api/v1/auth/totp/confirm', { code: currentCode(totpSecret!, email, now - 30_000) });
      let confirm = await confirmAt(Date.now());
      if (confirm.status === 401) confirm = await confirmAt(Date.now());
      if (confirm.status !== 200) throw new Error(`test TOTP enrolment failed: ${JSON.stringify(confirm.body)}`);
    }
    return { token, totpSecret };
  };
  return {
    ...lantern,
    kind,
    call,
    signIn,
    async agency(code, agencyKind = 'police') {
      return (await createAgency(lantern.ctx.db, { code, name: `Agency ${code}`, kind: agencyKind })).id;
    },
    async user(agencyId, roles, opts = {}) {
      counter += 1;
      const email = `user${counter}-${crypto.randomBytes(3).toString('hex')}@test.lantern.invalid`;
      const password = `pw-${crypto.randomBytes(12).toString('hex')}`;
      const created = await createUser(lantern.ctx.db, {
        email,
        displayName: `Test User ${counter}`,
        agencyId,
        roles,
        password,
        mustChangePassword: opts.mustChangePassword ?? false,
      });
      const { token, totpSecret } =
        opts.signIn !== false ? await signIn(email, password) : { token: '', totpSecret: null };
      const { kind: agencyKind } = await lantern.ctx.db
        .selectFrom('agency')
        .select('kind')
        .where('id', '=', agencyId)
        .executeTakeFirstOrThrow();
      return {
        id: created.id,
        email,
        password,
        agencyId,
        agencyKind: agencyKind as AgencyKind,
        roles,
        token,
        totpSecret,
      };
    },
    async stop() {
      await lantern.close();
      await fresh.drop();
    },
  };
}

/** A minimal valid person as an intake officer would register one. */
export function personInput(overrides: Record<string, unknown> = {}) {
  return {
    familyName: 'Nguyễn',
    middleName: 'Thị',
    givenName: 'Lan',
    sex: 'female',
    estimatedAgeYears: 24,
    citizenship: 'VN',
    ...overrides,
  };
}
