// The hotline's part of the demo data (issue 14 §2): a few web reports and a call waiting in the triage queue, so
// that the desk is not empty at first sign-in — one in danger and waiting past its 15 minutes, one about a minor,
// one asked a question, one recorded call, one old and plain. They go through the same functions as the form and
// the desk (encryption, audit); only their arrival times are moved back.
import { sql } from 'kysely';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { addHotlineMessage, submitReport } from './public-reports.js';
import { readReportInput } from './report-input.js';
import { recordCall } from './triage.js';

const DEMO_REPORTS: { minutesAgo: number; fields: Record<string, string>; question?: string }[] = [
  {
    minutesAgo: 42,
    fields: {
      whatHappened:
        'Em gái tôi nhận việc "phiên dịch lương cao" qua Facebook, sang Campuchia thì bị giữ hộ chiếu, bị ép lừa đảo qua mạng. Tối qua em nhắn cầu cứu rồi mất liên lạc.',
      province: 'an-giang',
      place: 'Cửa khẩu Tịnh Biên',
      immediateDanger: 'yes',
      minorInvolved: 'no',
      recruitment: 'social_media',
      destinationCountry: 'KH',
      identifiers: '0965 111 222\nfb.com/vieclamphiendich.luongcao',
    },
  },
  {
    minutesAgo: 180,
    fields: {
      whatHappened:
        'Ở bến xe có một người đàn ông dẫn ba em gái khoảng 15, 16 tuổi, nói đưa đi làm ở nhà hàng trên biên giới. Các em có vẻ sợ hãi.',
      province: 'lao-cai',
      place: 'Bến xe trung tâm',
      minorInvolved: 'yes',
      immediateDanger: 'unknown',
      recruitment: 'in_person',
      destinationCountry: 'CN',
    },
  },
  {
    minutesAgo: 60 * 30,
    fields: {
      whatHappened:
        'Một trang tuyển dụng trên Telegram hứa việc nhẹ lương cao ở Myanmar, bao vé máy bay, không cần kinh nghiệm.',
      province: 'ha-noi',
      recruitment: 'online_job_ad',
      destinationCountry: 'MM',
      identifiers: 't.me/tuyendung_myanmar_luongcao',
    },
    question: 'Anh chị có chụp lại tin tuyển dụng hoặc biết số điện thoại liên hệ không?',
  },
];

/** Loads the demo reports and a demo call for the hotline operator `operator`; returns how many. */
export async function loadDemoReports(ctx: AppContext, operator: Actor): Promise<number> {
  let count = 0;
  for (const demo of DEMO_REPORTS) {
    const { input } = readReportInput(demo.fields);
    await submitReport(ctx, { input, honeypot: false, photos: [] }, null);
    const { id } = await ctx.db
      .selectFrom('public_report')
      .select('id')
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    if (demo.question) await addHotlineMessage(ctx, operator, id, demo.question);
    await ctx.db
      .updateTable('public_report')
      .set({ created_at: sql`now() - make_interval(mins => ${demo.minutesAgo})` })
      .where('id', '=', id)
      .execute();
    count += 1;
  }
  const call = await recordCall(ctx, operator, {
    caller: 'family',
    callerLanguage: 'vi',
    whatHappened:
      'Mẹ gọi: con trai 19 tuổi đi làm "nhân viên chăm sóc khách hàng" ở Myanmar, nay bị đánh, bị đòi tiền chuộc 30.000 USD.',
    province: 'nghe-an',
    minorInvolved: 'no',
    immediateDanger: 'yes',
    recruitment: 'messaging_app',
    destinationCountry: 'MM',
    identifiers: '0977 333 444',
    indicators: ['deceptive_job_offer', 'debt_bondage', 'threats_or_violence', 'forced_criminality'],
  });
  await ctx.db
    .updateTable('public_report')
    .set({ created_at: sql`now() - make_interval(mins => 8)` })
    .where('id', '=', call.id)
    .execute();
  return count + 1;
}
