// What a public report says, read from the fields of the HTML form or of the API (JSON or
// multipart) into one checked shape, with errors a person can act on (as codes each page
// translates). Pure: no I/O, unit-tested in report-input.test.ts.
import {
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_LIMITS as LIMITS,
  PUBLIC_REPORT_RECRUITMENT,
  type PublicReportAnswer,
  type PublicReportRecruitment,
} from '../contract/public-reports.js';
import { LANGUAGES, type Language } from '../contract/codes.js';
import { isCountryCode, isProvinceCode } from '../contract/reference/index.js';
import { normaliseSiteCode } from '../contract/sites.js';

export interface ReportInput {
  whatHappened: string;
  province: string | null;
  place: string | null;
  when: string | null;
  minorInvolved: PublicReportAnswer;
  immediateDanger: PublicReportAnswer;
  recruitment: PublicReportRecruitment;
  destinationCountry: string | null;
  destinationOther: string | null;
  identifiers: string[];
  contact: string | null;
  language: Language;
  site: string | null;
}

/** The fields of a report, as the form and the API name them. */
export const REPORT_FIELDS = [
  'whatHappened',
  'province',
  'place',
  'when',
  'minorInvolved',
  'immediateDanger',
  'recruitment',
  'destinationCountry',
  'destinationOther',
  'identifiers',
  'contact',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/** The honeypot: a field people never see (hidden by the page's style) that bots fill in. */
export const HONEYPOT_FIELD = 'website';

export type FieldErrorCode = 'required' | 'too-long' | 'not-a-choice' | 'too-many' | 'invalid-text';

export interface ReportFieldError {
  field: ReportField;
  code: FieldErrorCode;
}

/** English messages of the API's field errors (the HTML pages translate the codes). */
export const FIELD_ERROR_MESSAGES: Record<FieldErrorCode, string> = {
  required: 'is required',
  'too-long': 'is too long',
  'not-a-choice': 'is not one of the choices offered',
  'too-many': 'has too many lines',
  'invalid-text': 'contains characters that cannot be stored (control characters or broken Unicode)',
};

// A NUL, another control character than tab and line breaks, an unpaired surrogate, or a text-direction override.
const UNSTORABLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Raw = Record<string, unknown>;

/** The field's one text value (the first of several; a number or boolean as text), or ''. */
function one(raw: Raw, name: string): string {
  const v = raw[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first;
  if (typeof first === 'number' || typeof first === 'boolean') return String(first);
  return '';
}

/** A reporter's free text: NFC, trimmed, line breaks kept as \n. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** Why a free text cannot be stored, or null. */
export function textProblem(text: string, max: number): FieldErrorCode | null {
  if (UNSTORABLE.test(text)) return 'invalid-text';
  if ([...text].length > max) return 'too-long';
  return null;
}

/**
 * A campaign site's code as the poster's link carries it (upper case); null if it cannot be one. Whether it
 * names an active site is for the register to say (sites.ts: activeSiteCode).
 */
export function siteCode(value: unknown): string | null {
  return normaliseSiteCode(value);
}

/** The language asked for (?lang= or the form's hidden field); Vietnamese unless one of ours. */
export function languageOf(value: unknown): Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : 'vi';
}

/**
 * The report in `raw` (form fields or a JSON body), what is wrong with it, and whether the
 * honeypot was filled. Errors are empty when `input` may be stored.
 */
export function readReportInput(raw: Raw): { input: ReportInput; errors: ReportFieldError[]; honeypot: boolean } {
  const errors: ReportFieldError[] = [];
  const text = (field: ReportField, max: number, required = false): string | null => {
    const value = cleanText(one(raw, field));
    if (value === '') {
      if (required) errors.push({ field, code: 'required' });
      return null;
    }
    const problem = textProblem(value, max);
    if (problem) errors.push({ field, code: problem });
    return value;
  };
  const choice = <T extends string>(field: ReportField, choices: readonly T[], fallback: T | null): T | null => {
    const value = one(raw, field).trim();
    if (value === '') return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    errors.push({ field, code: 'not-a-choice' });
    return fallback;
  };
  const code = (field: ReportField, valid: (v: string) => boolean, upper: boolean): string | null => {
    const value = one(raw, field).trim();
    const normal = upper ? value.toUpperCase() : value.toLowerCase();
    if (value === '') return null;
    if (valid(normal)) return normal;
    errors.push({ field, code: 'not-a-choice' });
    return null;
  };

  const whatHappened = text('whatHappened', LIMITS.whatHappened, true) ?? '';
  const province = code('province', isProvinceCode, false);
  const place = text('place', LIMITS.place);
  const when = text('when', LIMITS.when);
  const minorInvolved = choice('minorInvolved', PUBLIC_REPORT_ANSWERS, 'unknown')!;
  const immediateDanger = choice('immediateDanger', PUBLIC_REPORT_ANSWERS, 'unknown')!;
  const recruitment = choice('recruitment', PUBLIC_REPORT_RECRUITMENT, 'unknown')!;
  const destinationCountry = code('destinationCountry', isCountryCode, true);
  const destinationOther = text('destinationOther', LIMITS.destinationOther);

  // Identifiers: an array (JSON, repeated form fields) or lines of one text area.
  const rawIds = raw.identifiers;
  const lines = (Array.isArray(rawIds) ? rawIds : [rawIds])
    .flatMap((v) => (typeof v === 'string' ? v.split(/\r\n?|\n/) : []))
    .map(cleanText)
    .filter((l) => l !== '');
  const identifiers: string[] = [];
  if (lines.length > LIMITS.identifiers) errors.push({ field: 'identifiers', code: 'too-many' });
  else
    for (const line of lines) {
      const problem = textProblem(line, LIMITS.identifier);
      if (problem) {
        errors.push({ field: 'identifiers', code: problem });
        break;
      }
      identifiers.push(line);
    }

  const contact = text('contact', LIMITS.contact);
  const honeypot = cleanText(one(raw, HONEYPOT_FIELD)) !== '';
  return {
    input: {
      whatHappened,
      province,
      place,
      when,
      minorInvolved,
      immediateDanger,
      recruitment,
      destinationCountry,
      destinationOther,
      identifiers,
      contact,
      language: languageOf(one(raw, 'language') || one(raw, 'lang')),
      site: siteCode(one(raw, 'site')),
    },
    errors,
    honeypot,
  };
}

/** What is stored (encrypted) of a report's input, the same for the web form and the hotline's calls. */
export function storedContentOf(input: ReportInput) {
  return {
    whatHappened: input.whatHappened,
    place: input.place,
    when: input.when,
    minorInvolved: input.minorInvolved,
    immediateDanger: input.immediateDanger,
    recruitment: input.recruitment,
    destinationCountry: input.destinationCountry,
    destinationOther: input.destinationOther,
    identifiers: input.identifiers,
    contact: input.contact,
  };
}
