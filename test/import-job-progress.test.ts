// The progress bar of an import made for another agency: a data steward imports for any agency,
// and the import's jobs belong to that agency, not to the steward's. The steward (who may cancel
// them) may follow them too; nobody else outside the agency may.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, startLantern, type TestLantern, type TestUser } from './support/harness.js';

const CSV = 'Mã hồ sơ,Họ và tên,Giới tính,Ngày sinh\nA-1,Nguyễn Thị Lan,Nữ,12/05/1990\nA-2,Trần Văn Minh,Nam,1985\n';

describe.each(databases)("an import's job, followed by whoever imports for its agency, on %s", (kind) => {
  let l: TestLantern;
  let steward: TestUser;
  let otherAdmin: TestUser;
  beforeAll(async () => {
    l = await startLantern(kind);
    await l.agency('POLICE-JOB');
    steward = await l.user(await l.agency('UNIT-JOB', 'ministry'), ['data_steward']);
    otherAdmin = await l.user(await l.agency('SHELTER-JOB', 'shelter'), ['agency_admin']);
  });
  afterAll(async () => {
    await l?.stop();
  });

  it("lets the steward who uploaded for another agency read the dry run's job, and not another agency", async () => {
    const upload = await l.call(steward.token, 'POST', '/api/v1/imports?agency=POLICE-JOB&fileName=police.csv', CSV, {
      'content-type': 'text/csv',
    });
    expect(upload.status).toBe(202);
    const jobId = upload.body.job.id as string;
    const seen = await l.call(steward.token, 'GET', `/api/v1/jobs/${jobId}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: jobId, kind: 'consolidation.preview' });
    expect((await l.call(otherAdmin.token, 'GET', `/api/v1/jobs/${jobId}`)).status).toBe(404);
  });
});
