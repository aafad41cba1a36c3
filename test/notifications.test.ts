// Notifications (issue 12 §1), on each database: a referral received tells the receiving
// agency, an answer tells the sender, an assignment tells the assignee, a deadline coming
// due tells the officer holding the case; the badge counts unread ones; nobody reads
// another's. With LANTERN_SMTP_URL each is also an e-mail — sent to a local SMTP test server
// started here, carrying only a generic line and a link.
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, personInput, startLantern, type TestLantern, type TestUser } from './support/harness.js';

/** The text of a message as sent (headers, then the body decoded from quoted-printable). */
function decode(raw: string): string {
  const at = raw.indexOf('\r\n\r\n');
  const body = raw
    .slice(at + 4)
    .replace(/=\r\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  return `${raw.slice(0, at)}\n\n${body}`;
}

interface Received {
  to: string[];
  body: string;
}

/** An SMTP server on 127.0.0.1 that keeps what it is sent (no TLS, no authentication); `refuse` refuses recipients. */
async function smtpTestServer() {
  const received: Received[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(state.refuse ? Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          body: decode(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(databases)('notifications on %s', (kind) => {
  let l: TestLantern;
  let smtp: Awaited<ReturnType<typeof smtpTestServer>>;
  let lead: TestUser; // supervisor of POLICE-N
  let officer: TestUser; // investigator of POLICE-N
  let shelter: TestUser; // caseworker of SHELTER-N
  let shelterLead: TestUser; // supervisor of SHELTER-N
  let shelterAdmin: TestUser; // agency_admin of SHELTER-N (not told of referrals)
  const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    smtp = await smtpTestServer();
    // The mailer is stepped by the test (runJobs: false): no timings.
    l = await startLantern(kind, {
      runJobs: false,
      config: { smtpUrl: smtp.url, publicUrl: 'https://lantern.example.gov.vn' },
    });
    const police = await l.agency('POLICE-N');
    const shelterId = await l.agency('SHELTER-N', 'shelter');
    lead = await l.user(police, ['supervisor']);
    officer = await l.user(police, ['investigator']);
    shelter = await l.user(shelterId, ['caseworker']);
    shelterLead = await l.user(shelterId, ['supervisor']);
    shelterAdmin = await l.user(shelterId, ['agency_admin']);
  });
  afterAll(async () => {
    await l.stop();
    await smtp.close();
  });

  async function openCase(by = officer) {
    const p = await l.call(by.token, 'POST', '/api/v1/persons', personInput({ givenName: 'Hồng' }));
    const c = await l.call(by.token, 'POST', '/api/v1/cases', { personId: p.body.id, reachedVia: 'hotline' });
    expect(c.status).toBe(201);
    return { id: c.body.id as string, reference: c.body.reference as string, etag: c.headers.etag as string };
  }
  const notifications = async (user: TestUser, query = '') => {
    const r = await l.call(user.token, 'GET', `/api/v1/notifications${query}`);
    expect(r.status).toBe(200);
    return r.body as {
      items: {
        id: string;
        kind: string;
        caseId: string;
        caseReference: string;
        agencyCode: string | null;
        actorName: string | null;
        readAt: string | null;
      }[];
      unread: number;
    };
  };
  const unread = async (user: TestUser) =>
    (await l.call(user.token, 'GET', '/api/v1/notifications/unread-count')).body.unread as number;

  it('tells the assignee of a case by name of who assigned it; the badge counts it until it is read', async () => {
    const c = await openCase();
    const before = await unread(officer);
    const r = await l.call(
      lead.token,
      'PUT',
      `/api/v1/cases/${c.id}/assignment`,
      { userId: officer.id },
      { 'if-match': c.etag },
    );
    expect(r.status).toBe(200);
    expect(await unread(officer)).toBe(before + 1);
    const mine = await notifications(officer);
    const n = mine.items.find((i) => i.caseId === c.id && i.kind === 'case_assigned')!;
    expect(n).toMatchObject({
      caseReference: c.reference,
      readAt: null,
      actorName: expect.stringMatching(/^Test User/),
    });
    // Nobody else reads or marks it: 404, as if it did not exist.
    expect((await l.call(lead.token, 'POST', `/api/v1/notifications/${n.id}/read`)).status).toBe(404);
    expect((await notifications(lead)).items.map((i) => i.id)).not.toContain(n.id);
    const read = await l.call(officer.token, 'POST', `/api/v1/notifications/${n.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    expect(await unread(officer)).toBe(before);
    // Taking a case oneself tells nobody.
    const own = await openCase();
    await l.call(
      officer.token,
      'PUT',
      `/api/v1/cases/${own.id}/assignment`,
      { userId: officer.id },
      { 'if-match': own.etag },
    );
    expect(
      (await notifications(officer)).items.filter((i) => i.caseId === own.id && i.kind === 'case_assigned'),
    ).toEqual([]);
  });

  it('tells the receiving agency of a new referral, and the sender whether it was accepted or declined', async () => {
    const c = await openCase();
    await l.call(officer.token, 'POST', `/api/v1/cases/${c.id}/consents`, {
      method: 'signed',
      givenBy: 'person',
      purpose: 'share_with_agency',
      agency: 'SHELTER-N',
    });
    const sent = await l.call(officer.token, 'POST', '/api/v1/referrals', {
      caseId: c.id,
      toAgency: 'SHELTER-N',
      purposes: ['shelter'],
      dueDate: future,
    });
    expect(sent.status).toBe(201);
    for (const u of [shelter, shelterLead]) {
      const n = (await notifications(u)).items.find((i) => i.kind === 'referral_received' && i.caseId === c.id);
      expect(n, 'told').toMatchObject({ agencyCode: 'POLICE-N', caseReference: c.reference });
    }
    expect((await notifications(shelterAdmin)).items.filter((i) => i.caseId === c.id)).toEqual([]);
    expect((await l.call(shelter.token, 'POST', `/api/v1/referrals/${sent.body.id}/accept`)).status).toBe(200);
    const told = (await notifications(officer)).items.find((i) => i.kind === 'referral_accepted' && i.caseId === c.id);
    expect(told).toMatchObject({ agencyCode: 'SHELTER-N' });

    const d = await openCase();
    await l.call(officer.token, 'POST', `/api/v1/cases/${d.id}/consents`, {
      method: 'signed',
      givenBy: 'person',
      purpose: 'share_with_agency',
      agency: 'SHELTER-N',
    });
    const second = await l.call(officer.token, 'POST', '/api/v1/referrals', {
      caseId: d.id,
      toAgency: 'SHELTER-N',
      purposes: ['shelter'],
      dueDate: future,
    });
    await l.call(shelter.token, 'POST', `/api/v1/referrals/${second.body.id}/decline`, { reason: 'no bed left' });
    expect((await notifications(officer)).items.some((i) => i.kind === 'referral_declined' && i.caseId === d.id)).toBe(
      true,
    );
  });

  it('tells the officer holding a case once that its verification is coming due, and marks all read', async () => {
    const c = await openCase();
    await l.call(
      officer.token,
      'PUT',
      `/api/v1/cases/${c.id}/assignment`,
      { userId: officer.id },
      { 'if-match': c.etag },
    );
    await l.ctx.db
      .updateTable('case_file')
      .set({ verification_due_at: sql<Date>`now() + interval '6 hours'` as never })
      .where('id', '=', c.id)
      .execute();
    const due = async () =>
      (await notifications(officer)).items.filter((i) => i.kind === 'verification_due' && i.caseId === c.id);
    expect(await due()).toHaveLength(1);
    expect(await due()).toHaveLength(1); // once, however often the app asks
    const all = await l.call(officer.token, 'POST', '/api/v1/notifications/read-all');
    expect(all.body.marked).toBeGreaterThan(0);
    expect(await unread(officer)).toBe(0);
    expect((await notifications(officer, '?unread=true')).items).toEqual([]);
  });

  it('sends each notification as an e-mail with only a generic line and a link, outside any request', async () => {
    await l.mailer.sendPending(); // what the tests above queued
    smtp.received.length = 0;
    const c = await openCase();
    await l.call(lead.token, 'PUT', `/api/v1/cases/${c.id}/assignment`, { userId: officer.id }, { 'if-match': c.etag });
    const queued = await l.ctx.db
      .selectFrom('notification_email')
      .select(['recipient'])
      .where('sent_at', 'is', null)
      .execute();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.recipient).not.toContain('@'); // the address waits encrypted
    expect(await l.mailer.sendPending()).toEqual({ sent: 1, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual([officer.email]);
    expect(mail.body).toContain('https://lantern.example.gov.vn/notifications');
    expect(mail.body).toContain('Bạn có thông báo mới trong Lantern'); // the user's language
    expect(mail.body).not.toContain(c.reference);
    expect(mail.body).not.toContain('Hồng');
    expect(mail.body).not.toContain('Test User');
    // Sent: the address is forgotten.
    const sent = await l.ctx.db.selectFrom('notification_email').select(['recipient', 'sent_at']).execute();
    expect(sent.every((e) => e.recipient === null && e.sent_at !== null)).toBe(true);
    expect(await l.mailer.sendPending()).toEqual({ sent: 0, failed: 0 });
  });
  it('tries a refused e-mail again later, then gives it up and forgets the address', async () => {
    await l.mailer.sendPending();
    const c = await openCase();
    await l.call(lead.token, 'PUT', `/api/v1/cases/${c.id}/assignment`, { userId: officer.id }, { 'if-match': c.etag });
    smtp.state.refuse = true;
    try {
      expect(await l.mailer.sendPending()).toEqual({ sent: 0, failed: 0 });
      const waiting = await l.ctx.db
        .selectFrom('notification_email')
        .select(['id', 'attempts', 'recipient'])
        .where('sent_at', 'is', null)
        .where('failed_at', 'is', null)
        .executeTakeFirstOrThrow();
      expect(waiting.attempts).toBe(1);
      expect(waiting.recipient).not.toBeNull();
      // Its last try (the pause before it is skipped here).
      await l.ctx.db
        .updateTable('notification_email')
        .set({ attempts: 4, claimed_until: null })
        .where('id', '=', waiting.id)
        .execute();
      expect(await l.mailer.sendPending()).toEqual({ sent: 0, failed: 1 });
      const given = await l.ctx.db
        .selectFrom('notification_email')
        .select(['recipient', 'failed_at'])
        .where('id', '=', waiting.id)
        .executeTakeFirstOrThrow();
      expect(given.recipient).toBeNull();
      expect(given.failed_at).not.toBeNull();
      // The notification itself is still there in the app.
      expect((await notifications(officer)).items.some((i) => i.caseId === c.id)).toBe(true);
    } finally {
      smtp.state.refuse = false;
    }
  });
});
