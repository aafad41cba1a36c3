// The public report pages as plain HTML: no JavaScript, no third-party resource, one small
// inline style (allowed by its hash in the page's CSP), usable at phone width, well under
// 30 kB. Pure functions of what they show, tested through the routes.
import crypto from 'node:crypto';
import type { Language } from '../contract/codes.js';
import { LANGUAGES } from '../contract/codes.js';
import {
  COMMON_DESTINATIONS,
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_RECRUITMENT,
  type PublicReportSender,
  type PublicReportStatus,
} from '../contract/public-reports.js';
import { countryName, PROVINCES } from '../contract/reference/index.js';
import { PAGE_TEXT, type PageText, type PhotoErrorCode } from './page-text.js';
import { formatReceipt } from './receipts.js';
import { HONEYPOT_FIELD, type FieldErrorCode, type ReportField } from './report-input.js';

const CSS = `body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}
main{max-width:38rem;margin:0 auto;padding:1rem}h1{font-size:1.4rem;margin:.5rem 0}
nav{font-size:.9rem;margin-bottom:.5rem}nav a,nav strong{margin-right:.75rem}
label,legend{display:block;font-weight:600;margin-top:1rem}small{display:block;color:#555}
input[type=text],select,textarea{width:100%;box-sizing:border-box;font:inherit;padding:.45rem;border:1px solid #888;border-radius:4px}
textarea{min-height:5rem}fieldset{border:0;padding:0;margin:0}fieldset label{display:inline;font-weight:400;margin-right:1rem}
.err{color:#a00;font-weight:600}.box{border:2px solid #a00;padding:.5rem 1rem;margin:1rem 0}
.urgent{background:#fff4e0;padding:.5rem 1rem;border-left:4px solid #d60}
.receipt{font:700 1.8rem/1.2 ui-monospace,monospace;letter-spacing:.05em;padding:1rem;border:2px dashed #333;text-align:center}
button{font:inherit;font-weight:600;margin-top:1.25rem;padding:.7rem 1.4rem;border:0;border-radius:4px;background:#0b57d0;color:#fff}
.hp{position:absolute;left:-10000px;height:1px;overflow:hidden}.opt{color:#555;font-weight:400}
.msg{border-left:3px solid #0b57d0;padding:.25rem .75rem;margin:.75rem 0;white-space:pre-wrap}.msg.me{border-color:#888}`;

/** The pages' Content-Security-Policy: nothing but their own inline style and posting to this server. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${crypto.createHash('sha256').update(CSS).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function query(params: Record<string, string | null | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => !!e[1]);
  return entries.length ? '?' + entries.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : '';
}

function page(lang: Language, title: string, body: string, path: string, site: string | null): string {
  const switcher = LANGUAGES.map((l) =>
    l === lang
      ? `<strong>${PAGE_TEXT[l].languageName}</strong>`
      : `<a href="${path}${escapeHtml(query({ lang: l, site }))}" hreflang="${l}" lang="${l}">${PAGE_TEXT[l].languageName}</a>`,
  ).join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body><main>
<nav aria-label="${escapeHtml(PAGE_TEXT[lang].languageLabel)}">${switcher}</nav>
${body}
</main></body></html>`;
}

type Values = Record<string, unknown>;
const valueOf = (values: Values, name: string): string => {
  const v = values[name];
  const first = Array.isArray(v) ? v.join('\n') : v;
  return typeof first === 'string' ? first : '';
};

export interface FormErrors {
  fields: { field: ReportField; code: FieldErrorCode }[];
  photos: PhotoErrorCode | 'too-many-photos' | null;
}

/** The report form; with `values` and `errors` after a refused post, keeping what the person typed. */
export function reportFormPage(options: {
  lang: Language;
  site: string | null;
  values?: Values;
  errors?: FormErrors;
}): string {
  const { lang, site } = options;
  const t = PAGE_TEXT[lang];
  const values = options.values ?? {};
  const errors = options.errors ?? { fields: [], photos: null };
  const errorOf = (field: ReportField) => errors.fields.find((e) => e.field === field);
  const fieldError = (field: ReportField) => {
    const e = errorOf(field);
    return e ? `<p class="err" id="${field}-err">${escapeHtml(t.fieldErrors[e.code])}</p>` : '';
  };
  const described = (field: ReportField, hint = false) => {
    const ids = [hint ? `${field}-hint` : '', errorOf(field) ? `${field}-err` : ''].filter(Boolean);
    return ids.length ? ` aria-describedby="${ids.join(' ')}"` : '';
  };
  const textInput = (field: ReportField, label: string, hint?: string, max = 300) =>
    `<label for="${field}">${escapeHtml(label)} <span class="opt">${t.optional}</span></label>` +
    (hint ? `<small id="${field}-hint">${escapeHtml(hint)}</small>` : '') +
    fieldError(field) +
    `<input type="text" id="${field}" name="${field}" maxlength="${max}" value="${escapeHtml(valueOf(values, field))}"${described(field, !!hint)}>`;
  const option = (value: string, label: string, selected: string) =>
    `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const answers = (field: 'minorInvolved' | 'immediateDanger', label: string) => {
    const chosen = valueOf(values, field) || 'unknown';
    return (
      `<fieldset><legend>${escapeHtml(label)}</legend>${fieldError(field)}` +
      PUBLIC_REPORT_ANSWERS.map(
        (a) =>
          `<label><input type="radio" name="${field}" value="${a}"${a === chosen ? ' checked' : ''}> ${escapeHtml(t.answers[a])}</label>`,
      ).join('') +
      '</fieldset>'
    );
  };

  const errorBox =
    errors.fields.length > 0 || errors.photos
      ? `<div class="box" role="alert"><p class="err">${escapeHtml(t.errorsHeading)}</p><ul>` +
        errors.fields
          .map(
            (e) =>
              `<li><a href="#${e.field}">${escapeHtml(fieldLabel(t, e.field))}</a>: ${escapeHtml(t.fieldErrors[e.code])}</li>`,
          )
          .join('') +
        (errors.photos
          ? `<li><a href="#photos">${escapeHtml(t.photos)}</a>: ${escapeHtml(t.fieldErrors[errors.photos])}</li>`
          : '') +
        `</ul><p>${escapeHtml(t.photosAgain)}</p></div>`
      : '';

  const province = valueOf(values, 'province');
  const destination = valueOf(values, 'destinationCountry').toUpperCase();
  const recruitment = valueOf(values, 'recruitment') || 'unknown';
  const body = `<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p><p class="urgent">${escapeHtml(t.emergency)}</p><p><small>${escapeHtml(t.anonymous)}</small></p>
${errorBox}
<form method="post" action="/report${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}" enctype="multipart/form-data">
<input type="hidden" name="language" value="${lang}">${site ? `<input type="hidden" name="site" value="${escapeHtml(site)}">` : ''}
<label for="whatHappened">${escapeHtml(t.whatHappened)} <span class="opt">${t.required}</span></label>
<small id="whatHappened-hint">${escapeHtml(t.whatHappenedHint)}</small>${fieldError('whatHappened')}
<textarea id="whatHappened" name="whatHappened" rows="6" required maxlength="5000"${described('whatHappened', true)}>${escapeHtml(valueOf(values, 'whatHappened'))}</textarea>
<label for="province">${escapeHtml(t.province)} <span class="opt">${t.optional}</span></label>${fieldError('province')}
<select id="province" name="province">${option('', t.provinceNone, province)}${PROVINCES.map((p) => option(p.code, p.name, province)).join('')}</select>
${textInput('place', t.place)}
${textInput('when', t.when, t.whenHint, 200)}
<h2>${escapeHtml(t.atRisk)}</h2>
${answers('minorInvolved', t.minorInvolved)}
${answers('immediateDanger', t.immediateDanger)}
<label for="recruitment">${escapeHtml(t.recruitment)} <span class="opt">${t.optional}</span></label>${fieldError('recruitment')}
<select id="recruitment" name="recruitment">${PUBLIC_REPORT_RECRUITMENT.map((r) => option(r, t.recruitmentChoices[r], recruitment)).join('')}</select>
<label for="destinationCountry">${escapeHtml(t.destination)} <span class="opt">${t.optional}</span></label>${fieldError('destinationCountry')}
<select id="destinationCountry" name="destinationCountry">${option('', t.destinationNone, destination)}${COMMON_DESTINATIONS.filter(
    (c) => c !== 'VN',
  )
    .map((c) => option(c, countryName(c, lang) ?? c, destination))
    .join('')}</select>
${textInput('destinationOther', t.destinationOther, undefined, 200)}
<label for="identifiers">${escapeHtml(t.identifiers)} <span class="opt">${t.optional}</span></label>
<small id="identifiers-hint">${escapeHtml(t.identifiersHint)}</small>${fieldError('identifiers')}
<textarea id="identifiers" name="identifiers" rows="3"${described('identifiers', true)}>${escapeHtml(valueOf(values, 'identifiers'))}</textarea>
<label for="photos">${escapeHtml(t.photos)} <span class="opt">${t.optional}</span></label>
<small id="photos-hint">${escapeHtml(t.photosHint)}</small>${errors.photos ? `<p class="err">${escapeHtml(t.fieldErrors[errors.photos])}</p>` : ''}
<input type="file" id="photos" name="photos" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="photos-hint">
<label for="contact">${escapeHtml(t.contact)} <span class="opt">${t.optional}</span></label>
<small id="contact-hint">${escapeHtml(t.contactHint)}</small>${fieldError('contact')}
<input type="text" id="contact" name="contact" maxlength="300" autocomplete="off" value="${escapeHtml(valueOf(values, 'contact'))}"${described('contact', true)}>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">${escapeHtml(t.honeypot)}</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">${escapeHtml(t.submit)}</button>
</form>
<p><a href="/report/follow-up${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}">${escapeHtml(t.followUpLink)}</a></p>`;
  return page(lang, t.title, body, '/report', site);
}

function fieldLabel(t: PageText, field: ReportField): string {
  const labels: Record<ReportField, string> = {
    whatHappened: t.whatHappened,
    province: t.province,
    place: t.place,
    when: t.when,
    minorInvolved: t.minorInvolved,
    immediateDanger: t.immediateDanger,
    recruitment: t.recruitment,
    destinationCountry: t.destination,
    destinationOther: t.destinationOther,
    identifiers: t.identifiers,
    contact: t.contact,
  };
  return labels[field];
}

/** The receipt, shown once, to write down. */
export function receiptPage(lang: Language, receipt: string, site: string | null): string {
  const t = PAGE_TEXT[lang];
  const followUp = `/report/follow-up${query({ lang: lang === 'vi' ? null : lang })}`;
  const body = `<h1>${escapeHtml(t.receivedTitle)}</h1>
<p>${escapeHtml(t.receiptLabel)}:</p><p class="receipt">${formatReceipt(receipt)}</p>
<p class="urgent">${escapeHtml(t.receiptWriteDown)}</p>
<p>${escapeHtml(t.receiptUse)} <a href="${escapeHtml(followUp)}">/report/follow-up</a></p>
<p>${escapeHtml(t.emergency)}</p>
<p><a href="/report${escapeHtml(query({ lang: lang === 'vi' ? null : lang, site }))}">${escapeHtml(t.newReport)}</a></p>`;
  return page(lang, t.receivedTitle, body, '/report', site);
}

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB', fr: 'fr-FR' };

/** A message's time as people of `lang` write it, in the server's zone. */
function localTime(iso: string, lang: Language, timeZone = 'Asia/Ho_Chi_Minh'): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'short', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

export interface ConversationView {
  status: PublicReportStatus;
  messages: { from: PublicReportSender; text: string; at: string }[];
}

/** The follow-up page: the receipt form, or a report's status and conversation with a reply form. */
export function followUpPage(options: {
  lang: Language;
  receipt?: string;
  view?: ConversationView;
  problem?: 'notFound' | 'receiptFormat' | 'invalidText' | 'closed' | { throttledMinutes: number };
  notice?: 'sent';
  reply?: string;
  /** The zone the times of messages are shown in (LANTERN_TIMEZONE). */
  timeZone?: string;
}): string {
  const { lang, view } = options;
  const t = PAGE_TEXT[lang];
  const problem = options.problem;
  const problemText =
    problem === undefined
      ? ''
      : typeof problem === 'object'
        ? t.throttled.replace('{minutes}', String(problem.throttledMinutes))
        : problem === 'invalidText'
          ? t.fieldErrors['invalid-text']
          : problem === 'closed'
            ? t.closedNote
            : t[problem];
  const alert = problemText ? `<div class="box" role="alert"><p class="err">${escapeHtml(problemText)}</p></div>` : '';
  const hidden = `<input type="hidden" name="language" value="${lang}">`;
  let body: string;
  if (view && options.receipt) {
    const messages = view.messages.length
      ? view.messages
          .map(
            (m) =>
              `<div class="msg${m.from === 'reporter' ? ' me' : ''}"><strong>${escapeHtml(m.from === 'reporter' ? t.fromReporter : t.fromHotline)}</strong> · <time datetime="${m.at}">${escapeHtml(localTime(m.at, lang, options.timeZone))}</time>\n${escapeHtml(m.text)}</div>`,
          )
          .join('')
      : `<p>${escapeHtml(t.noMessages)}</p>`;
    const replyForm =
      view.status === 'closed'
        ? `<p>${escapeHtml(t.closedNote)}</p>`
        : `<form method="post" action="/report/follow-up${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}">${hidden}<input type="hidden" name="receipt" value="${options.receipt}">
<label for="text">${escapeHtml(t.reply)}</label><textarea id="text" name="text" rows="4" maxlength="2000" required>${escapeHtml(options.reply ?? '')}</textarea>
<button type="submit">${escapeHtml(t.send)}</button></form>`;
    body = `<h1>${escapeHtml(t.followUpTitle)}</h1>${alert}
${options.notice === 'sent' ? `<p class="urgent" role="status">${escapeHtml(t.sent)}</p>` : ''}
<p><strong>${escapeHtml(t.statusLabel)}:</strong> ${escapeHtml(t.statuses[view.status])}</p>
<h2>${escapeHtml(t.messages)}</h2>${messages}${replyForm}`;
  } else {
    body = `<h1>${escapeHtml(t.followUpTitle)}</h1>${alert}<p>${escapeHtml(t.followUpIntro)}</p>
<form method="post" action="/report/follow-up${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}">${hidden}
<label for="receipt">${escapeHtml(t.receiptField)}</label>
<input type="text" id="receipt" name="receipt" inputmode="numeric" autocomplete="off" maxlength="40" required>
<button type="submit">${escapeHtml(t.show)}</button></form>`;
  }
  body += `<p><a href="/report${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}">${escapeHtml(t.newReport)}</a></p>`;
  return page(lang, t.followUpTitle, body, '/report/follow-up', null);
}

/** A page that only says something (too large, too many attempts, unreadable), with the way back. */
export function noticePage(lang: Language, kind: 'tooLarge' | 'badRequest' | { throttledMinutes: number }): string {
  const t = PAGE_TEXT[lang];
  const text = typeof kind === 'object' ? t.throttled.replace('{minutes}', String(kind.throttledMinutes)) : t[kind];
  const body = `<h1>${escapeHtml(t.title)}</h1><div class="box" role="alert"><p class="err">${escapeHtml(text)}</p></div>
<p><a href="/report${escapeHtml(query({ lang: lang === 'vi' ? null : lang }))}">${escapeHtml(t.newReport)}</a></p>`;
  return page(lang, t.title, body, '/report', null);
}
