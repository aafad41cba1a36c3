// Shared set-up of the record-linkage tests: two agencies with an intake officer each, a data steward,
// and persons registered through the API (so that the personsChanged hook indexes them).
import type { TestLantern, TestUser } from './harness.js';
import { waitForJob } from './jobs.js';

export interface LinkageWorld {
  agencyA: string;
  agencyB: string;
  officerA: TestUser;
  officerB: TestUser;
  steward: TestUser;
}

export async function linkageWorld(l: TestLantern): Promise<LinkageWorld> {
  const agencyA = await l.agency('CA-HN', 'police');
  const agencyB = await l.agency('SHELTER-HN', 'shelter');
  const national = await l.agency('NDU', 'ministry');
  return {
    agencyA,
    agencyB,
    officerA: await l.user(agencyA, ['intake_officer']),
    officerB: await l.user(agencyB, ['intake_officer']),
    steward: await l.user(national, ['data_steward']),
  };
}

/** Lan, as the police registered her. */
export const LAN_A = {
  familyName: 'Nguyễn',
  middleName: 'Thị',
  givenName: 'Lan',
  sex: 'female',
  dateOfBirth: '1995-03-12',
  province: 'ha-noi',
  citizenship: 'VN',
  contact: { phone: '0912345678' },
  identityDocuments: [{ type: 'citizen_id_card', number: '001195012345' }],
};

/** The same Lan at the shelter: capitals without diacritics, day and month swapped, phone in +84 form. */
export const LAN_B = {
  familyName: 'NGUYEN',
  middleName: 'THI',
  givenName: 'LAN',
  sex: 'female',
  dateOfBirth: '1995-12-03',
  province: 'ha-noi',
  citizenship: 'VN',
  contact: { phone: '+84912345678' },
  identityDocuments: [{ type: 'citizen_id_card', number: '001195012345' }],
};

/** People who are not Lan. */
export const OTHERS = [
  {
    familyName: 'Trần',
    middleName: 'Văn',
    givenName: 'Hùng',
    sex: 'male',
    dateOfBirth: '1988-07-01',
    province: 'ho-chi-minh',
  },
  {
    familyName: 'Lê',
    middleName: 'Thị',
    givenName: 'Hoa',
    sex: 'female',
    dateOfBirth: '2001-01-20',
    province: 'da-nang',
  },
  {
    familyName: 'Phạm',
    middleName: 'Minh',
    givenName: 'Tuấn',
    sex: 'male',
    dateOfBirth: '1979-11-30',
    province: 'hai-phong',
  },
  {
    familyName: 'Hoàng',
    middleName: 'Thị',
    givenName: 'Mai',
    sex: 'female',
    dateOfBirth: '1999-05-05',
    province: 'ha-noi',
  },
].map((p) => ({ ...p, citizenship: 'VN' }));

export async function register(l: TestLantern, officer: TestUser, person: Record<string, unknown>): Promise<string> {
  const r = await l.call(officer.token, 'POST', '/api/v1/persons', person);
  if (r.status !== 201) throw new Error(`registering failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

/** A full run started by the steward, waited for. */
export async function fullRun(l: TestLantern, steward: TestUser) {
  const started = await l.call(steward.token, 'POST', '/api/v1/linkage/runs');
  if (started.status !== 202) throw new Error(`run refused: ${started.status} ${JSON.stringify(started.body)}`);
  const { job } = await waitForJob(l, steward.token, started.body.job.id);
  if (job.state !== 'succeeded') throw new Error(`run failed: ${JSON.stringify(job.error)}`);
  return job;
}

/** Every pending pair of the queue (all pages). */
export async function queue(l: TestLantern, steward: TestUser, state: 'pending' | 'decided' = 'pending') {
  const items = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: { items: unknown[]; nextCursor: string | null } } = await l.call(
      steward.token,
      'GET',
      `/api/v1/linkage/pairs?state=${state}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (r.status !== 200) throw new Error(`queue: ${r.status} ${JSON.stringify(r.body)}`);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return items as any[];
}

export const isPairOf = (pair: { a: { personId: string }; b: { personId: string } }, x: string, y: string) =>
  [pair.a.personId, pair.b.personId].sort().join() === [x, y].sort().join();
