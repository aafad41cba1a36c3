// The prosecution part of the demo data (issue 13): Lào Cai's police hold two cases in which victims named the
// same Telegram recruiter, phone and bank account; the Hà Nội investigator who enters that handle or number on
// one of their own cases sees the hit, asks, and Lào Cai accepts (one victim consented to sharing with Hà Nội).
import { recordConsent } from '../assistance/consent.js';
import type { Actor } from '../platform/actor.js';
import type { AppContext } from '../platform/context.js';
import { addCaseIdentifier } from './identifiers.js';

/** What the demo investigator of the other province types to see the hits. */
export const DEMO_NETWORK_IDENTIFIERS = {
  telegram: '@tuyendung_campuchia_luongcao',
  phone: '0965 432 187',
  bank: 'Vietcombank 1023 4567 8901',
} as const;

/**
 * Records the shared identifiers on the holding agency's two most recent cases, and the consent of the first
 * case's person to sharing with the asking agency. Returns the references of the holding cases.
 */
export async function loadDemoNetwork(ctx: AppContext, holder: Actor, askingAgencyCode: string): Promise<string[]> {
  const cases = await ctx.db
    .selectFrom('case_file')
    .select(['id', 'reference'])
    .where('owner_agency_id', '=', holder.agencyId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(2)
    .execute();
  const [first, second] = cases;
  if (!first) return [];
  await addCaseIdentifier(ctx, holder, first.id, {
    kind: 'telegram',
    value: 'https://t.me/TuyenDung_CamPuChia_LuongCao',
    source: 'victim_statement',
  });
  await addCaseIdentifier(ctx, holder, first.id, { kind: 'phone', value: '+84965432187', source: 'device_extraction' });
  await addCaseIdentifier(ctx, holder, first.id, {
    kind: 'url',
    value: 'https://www.facebook.com/groups/vieclamluongcao/posts/123?fbclid=demo',
    source: 'open_source',
  });
  await recordConsent(ctx, holder, first.id, {
    purpose: 'share_with_agency',
    agency: askingAgencyCode,
    method: 'signed',
    givenBy: 'person',
  });
  if (second) {
    await addCaseIdentifier(ctx, holder, second.id, {
      kind: 'telegram',
      value: DEMO_NETWORK_IDENTIFIERS.telegram,
      source: 'victim_statement',
    });
    await addCaseIdentifier(ctx, holder, second.id, {
      kind: 'bank_account',
      value: DEMO_NETWORK_IDENTIFIERS.bank,
      source: 'financial_records',
    });
  }
  return cases.map((c) => c.reference);
}
