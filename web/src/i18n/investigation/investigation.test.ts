/// <reference types="vite/client" />
// Issue 13 §1–§2 in the user's words: every kind of identifier is labelled and explained in every language,
// every reason the server gives for refusing an identifier's value (identifier-rules.ts) is said next to the
// field, and the information requests' statuses have words.
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_KINDS, INFORMATION_REQUEST_STATUSES } from '../../../../src/contract/prosecution';
import { NOTIFICATION_KINDS } from '../../../../src/contract/teams';
import { CATALOGUES, LANGUAGES, makeI18n } from '../messages';
import '.';

describe('the investigation screens’ words', () => {
  it('labels every kind of identifier, with a hint, and every request status, in every language', () => {
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      const keys = [
        ...IDENTIFIER_KINDS.flatMap((k) => [`investigation.kind.${k}`, `investigation.hint.${k}`]),
        ...INFORMATION_REQUEST_STATUSES.map((s) => `investigation.status.${s}`),
      ];
      expect(
        keys.filter((k) => !catalogue[k]?.trim()),
        `missing in ${lang}`,
      ).toEqual([]);
    }
  });

  it('says every reason the server refuses an identifier for, in every language', () => {
    const sources = import.meta.glob('../../../../src/prosecution/identifier-rules.ts', {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>;
    const text = Object.values(sources).join('\n');
    // fail('bank-account', '…') gives the code identifier-bank-account.
    const codes = new Set([...text.matchAll(/\bfail\('([a-z-]+)'/g)].map((m) => `identifier-${m[1]}`));
    expect(codes.size).toBeGreaterThanOrEqual(IDENTIFIER_KINDS.length);
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      expect(
        [...codes].filter((c) => !catalogue[`problem.field.${c}`]?.trim()),
        `unexplained in ${lang}`,
      ).toEqual([]);
    }
  });

  it('has a text for every notification kind of deconfliction', () => {
    const kinds = NOTIFICATION_KINDS.filter((k) => k === 'identifier_hit' || k.startsWith('information_request_'));
    expect(kinds).toHaveLength(4);
    const en = makeI18n('en');
    expect(en.t('investigation.notif.identifierHit', { agency: 'CA-LC', reference: 'HN-1' })).toBe(
      'CA-LC entered an identifier that your case HN-1 holds.',
    );
  });

  it('uses one word for a case in Vietnamese', () => {
    const vi = CATALOGUES.vi as Record<string, string>;
    const own = Object.entries(vi).filter(([k]) => k.startsWith('investigation.'));
    expect(own.length).toBeGreaterThan(50);
    expect(own.filter(([, t]) => /vụ việc/i.test(t))).toEqual([]);
  });
});
