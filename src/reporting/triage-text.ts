// The text an escalated report leaves on the case opened for it (its narrative), in the operator's language,
// with the questions as the report form asks them (page-text.ts), so that the receiving agency reads what the
// reporter or caller said, as they said it. Pure.
import type { Language } from '../contract/codes.js';
import { PROVINCES } from '../contract/reference/index.js';
import type { ReportContent } from '../contract/schemas/triage.js';
import type { ReportChannel } from '../contract/triage.js';
import { PAGE_TEXT } from './page-text.js';

const HEADINGS: Record<Language, { web: string; phone: string; caller: string; indicators: string }> = {
  vi: {
    web: 'Tin báo của người dân qua trang báo tin, chuyển từ Tổng đài 111.',
    phone: 'Cuộc gọi đến Tổng đài 111, do điện thoại viên ghi nhận.',
    caller: 'Người gọi',
    indicators: 'Dấu hiệu',
  },
  en: {
    web: 'A public report made on the report form, passed on by the 111 hotline.',
    phone: 'A call to the 111 hotline, recorded by an operator.',
    caller: 'Caller',
    indicators: 'Indicators',
  },
  fr: {
    web: 'Signalement du public fait sur le formulaire, transmis par la ligne 111.',
    phone: 'Appel à la ligne 111, enregistré par un opérateur.',
    caller: 'Appelant',
    indicators: 'Indicateurs',
  },
};

/** The case's narrative for an escalated report: what it said, field by field. */
export function caseNarrative(
  lang: Language,
  channel: ReportChannel,
  c: ReportContent,
  province: string | null,
): string {
  const t = PAGE_TEXT[lang];
  const h = HEADINGS[lang];
  const lines: string[] = [h[channel], ''];
  const add = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`${label.replace(/[?？]\s*$/, '')}: ${value}`);
  };
  if (c.caller) add(h.caller, c.caller);
  lines.push(c.whatHappened, '');
  add(t.province, provinceName(province));
  add(t.place, c.place);
  add(t.when, c.when);
  add(t.minorInvolved, t.answers[c.minorInvolved]);
  add(t.immediateDanger, t.answers[c.immediateDanger]);
  add(t.recruitment, t.recruitmentChoices[c.recruitment]);
  add(t.destination, [c.destinationCountry, c.destinationOther].filter(Boolean).join(' — '));
  if (c.indicators.length > 0) add(h.indicators, c.indicators.join(', '));
  if (c.identifiers.length > 0) lines.push(`${t.identifiers}:`, ...c.identifiers.map((i) => `- ${i}`));
  add(t.contact, c.contact);
  return lines.join('\n').trim();
}

/** A province's name, for the narrative. */
const provinceName = (code: string | null) => PROVINCES.find((p) => p.code === code)?.name ?? null;
