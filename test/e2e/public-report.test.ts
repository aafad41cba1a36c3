// End to end (issue 14's "done when"), in Debian's chromium with JavaScript turned off at a phone's width: a
// person submits a report in Vietnamese with a photo that carries a camera and a GPS position, keeps the receipt
// the page shows once, later reads the hotline's question and answers it; the operator escalates the report to the
// police of the province, whose investigator then holds a case with the report's text and the photo, stripped of
// its metadata; the reporter sees the report passed to the competent authority. The pages are axe-clean and load
// nothing from elsewhere.
import sharp from 'sharp';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../src/access/directory.js';
import { checkA11y } from './pages.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from './chromium.js';
import { startLantern, type TestLantern, type TestUser } from '../support/harness.js';

const available = chromiumAvailable();
const PHONE = { width: 360, height: 740 };

describe.skipIf(!available)('a public report without JavaScript, end to end in chromium', { timeout: 180_000 }, () => {
  let l: TestLantern;
  let base = '';
  let browser: Browser;
  let context: BrowserContext;
  let withScript: BrowserContext;
  let operator: TestUser;
  let investigator: TestUser;
  let policeId = '';
  const requested: string[] = [];

  beforeAll(async () => {
    l = await startLantern('pglite');
    await l.app.listen({ host: '127.0.0.1', port: 0 });
    const address = l.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const hotline = await l.agency('TD-111', 'hotline');
    policeId = (
      await createAgency(l.ctx.db, {
        code: 'CA-AG',
        name: 'Công an tỉnh An Giang',
        kind: 'police',
        province: 'an-giang',
      })
    ).id;
    operator = await l.user(hotline, ['hotline_operator']);
    investigator = await l.user(policeId, ['investigator']);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale: 'vi-VN', isMobile: true });
    context.setDefaultTimeout(30_000); // a step that fails says which, well within the test's time
    withScript = await browser.newContext({ viewport: PHONE, isMobile: true });
    context.on('request', (r) => requested.push(r.url()));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await l?.stop();
  });

  /** A JPEG as a phone camera writes it: its make and model, and where it was taken. */
  const photoWithMetadata = () =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 40 } } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'LanternTestCam', Model: 'TC-9' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '10/1 22/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '105/1 26/1 0/1',
        },
      })
      .toBuffer();

  /**
   * Axe needs JavaScript (its checks wait on timers, which do not run where scripts are off): the page as the
   * phone got it is checked in a context where they run.
   */
  async function checkAsServed(page: Page, screen: string) {
    const copy = await withScript.newPage();
    await copy.setContent(await page.content());
    await checkA11y(copy, screen);
    await copy.close();
  }

  async function followUp(page: Page, receipt: string) {
    await page.goto(`${base}/report/follow-up`);
    await page.locator('#receipt').fill(receipt);
    await page.locator('button[type=submit]').click();
  }

  it('takes a report with a photo, answers the hotline, and ends as a case at the police', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/report`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await checkAsServed(page, 'the report form (phone, no JavaScript)');
    // Nothing on the page is wider than the phone.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    await page
      .locator('#whatHappened')
      .fill('Em họ tôi nhận việc qua quảng cáo trên Facebook, bị đưa sang Campuchia, bị giữ hộ chiếu ở Sihanoukville.');
    await page.locator('#province').selectOption('an-giang');
    await page.locator('input[name=immediateDanger][value=yes]').check();
    await page.locator('#identifiers').fill('+84 912 345 678');
    await page
      .locator('#photos')
      .setInputFiles({ name: 'anh-zalo.jpg', mimeType: 'image/jpeg', buffer: await photoWithMetadata() });
    await page.locator('form button[type=submit]').click();
    const receiptText = (await page.locator('.receipt').textContent())!.trim();
    expect(receiptText).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    const receipt = receiptText.replace(/\s/g, '');
    await checkAsServed(page, 'the receipt (phone, no JavaScript)');

    // The hotline: the report is at the top of the queue; the operator asks a question.
    const queue = await l.call(operator.token, 'GET', '/api/v1/reports?status=open');
    expect(queue.status).toBe(200);
    const id = queue.body.items[0].id as string;
    const report = await l.call(operator.token, 'GET', `/api/v1/reports/${id}`);
    expect(JSON.stringify(report.body)).toContain('Sihanoukville');
    const asked = await l.call(operator.token, 'POST', `/api/v1/reports/${id}/messages`, {
      text: 'Anh/chị có biết tên công ty tuyển dụng không?',
    });
    expect(asked.status).toBe(201);

    // The reporter comes back with the receipt: under review, the question, and an answer sent.
    await followUp(page, receipt);
    await page.getByText('Đang xem xét').waitFor();
    await page.getByText('Anh/chị có biết tên công ty tuyển dụng không?').waitFor();
    await checkAsServed(page, 'the follow-up (phone, no JavaScript)');
    await page.locator('#text').fill('Công ty Ánh Dương, trang Facebook "Việc làm lương cao".');
    await page.locator('form button[type=submit]').last().click();
    await page.getByText('Công ty Ánh Dương, trang Facebook "Việc làm lương cao".').waitFor();

    // The operator escalates to the police of An Giang, which then holds the case with the report in it.
    const read = await l.call(operator.token, 'GET', `/api/v1/reports/${id}`);
    expect(JSON.stringify(read.body)).toContain('Công ty Ánh Dương');
    const escalated = await l.call(
      operator.token,
      'POST',
      `/api/v1/reports/${id}/escalate`,
      { agencyId: policeId },
      { 'if-match': read.headers.etag as string },
    );
    expect(escalated.status, JSON.stringify(escalated.body)).toBe(200);
    const cases = await l.call(investigator.token, 'GET', '/api/v1/cases');
    expect(cases.body.items).toHaveLength(1);
    const theCase = await l.call(investigator.token, 'GET', `/api/v1/cases/${cases.body.items[0].id}`);
    expect(theCase.body.narrative).toContain('Sihanoukville');
    // The photo in the case: an image still, with neither the camera nor the place it was taken.
    const photos = await l.call(operator.token, 'GET', `/api/v1/reports/${id}`);
    const photoId = (photos.body.photos as { id: string }[])[0]!.id;
    const photo = await l.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${id}/photos/${photoId}`,
      headers: { authorization: `Bearer ${operator.token}` },
    });
    expect(photo.statusCode).toBe(200);
    const meta = await sharp(photo.rawPayload).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(photo.rawPayload.toString('latin1')).not.toMatch(/LanternTestCam|TC-9|GPS/);

    await followUp(page, receipt);
    await page.getByText('Đã chuyển đến cơ quan có thẩm quyền').waitFor();

    // Every request the phone made went to Lantern, and no page set a cookie.
    expect(requested.filter((u) => !u.startsWith(base))).toEqual([]);
    expect(await context.cookies()).toEqual([]);
  });
});
