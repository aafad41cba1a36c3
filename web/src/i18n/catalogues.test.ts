/// <reference types="vite/client" />
// Every message exists in every language, with the same {placeholders}, and every
// key the components use exists; dates read dd/mm/yyyy in Vietnamese.
import { describe, expect, it } from 'vitest';
import {
  CONSENT_GIVERS,
  FOLLOW_UP_OUTCOMES,
  CONSENT_METHODS,
  CONSENT_PURPOSES,
  LANGUAGES as UI_LANGUAGES,
  NOTE_VISIBILITIES,
  REFERRAL_PURPOSES,
  RISK_FACTORS,
  RISK_LEVELS,
  SERVICE_STATUSES,
  SERVICE_TYPES,
  SPOKEN_LANGUAGES,
} from '../../../src/contract/codes';
import { REFERRAL_STATUS_CAUSES, REFERRAL_STATUSES } from '../../../src/contract/referral-rules';
import { AUDIT_ACTIONS } from '../../../src/contract/audit-actions';
import { ANSWERS, OUTCOMES, SET_IDS, STRENGTHS } from '../../../src/contract/screening';
import {
  CASE_ORGANISATION_ROLES,
  IDENTIFIER_KINDS,
  INTELLIGENCE_SOURCES,
  ORGANISATION_KINDS,
  SUSPECT_CASE_ROLES,
  SUSPECT_ORGANISATION_ROLES,
  SUSPECT_RELATIONS,
} from '../../../src/contract/prosecution';
import {
  PUBLIC_REPORT_ANSWERS,
  PUBLIC_REPORT_RECRUITMENT,
  PUBLIC_REPORT_STATUSES,
} from '../../../src/contract/public-reports';
import {
  CALL_INDICATORS,
  CALLER_KINDS,
  QUEUE_ASSIGNED,
  QUEUE_STATUSES,
  REPORT_CHANNELS,
  TRIAGE_EVENTS,
  TRIAGE_OUTCOMES,
} from '../../../src/contract/triage';
import { CATALOGUES, LANGUAGES, contractLabels, makeI18n } from './messages';
import { vi as core } from './vi';
import { vi as consolidation } from './consolidation/vi';
import { vi as statistics } from './statistics/vi';
import { vi as teams } from './teams/vi';
import { vi as dataio } from './dataio/vi';
import { vi as accounts } from './accounts/vi';
import { vi as casework } from './casework/vi';
import { vi as prosecution } from './prosecution/vi';
import { vi as network } from './network/vi';
import { vi as investigation } from './investigation/vi';
import { vi as sites } from './sites/vi';
import { vi as reporting } from './reporting/vi';
// The messages of the screens loaded on demand, registered as those screens register them.
import './consolidation';
import './statistics';
import './teams';
import './dataio';
import './accounts';
import './prosecution';
import './network';
import './investigation';
import './sites';
import './reporting';

/** Every message, of the first screen and of the screens loaded on demand. */
const vi = CATALOGUES.vi;

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const reference = Object.keys(vi).sort();

  it('keeps the messages of screens loaded on demand apart from the first screen’s', () => {
    expect(Object.keys(consolidation).filter((k) => k in core)).toEqual([]);
    // Code lists labelled in the contract (shared with the server's report) are not repeated here.
    const shared = Object.keys(contractLabels('vi'));
    expect(shared.filter((k) => k in core || k in consolidation)).toEqual([]);
    expect(Object.keys(statistics).filter((k) => k in core || k in consolidation || shared.includes(k))).toEqual([]);
    // The namespaces of issue 12's screens: no key of one repeats a key of another or of the core.
    const namespaces = { casework, teams, dataio, accounts, prosecution, network, investigation, sites, reporting };
    const earlier = [core, consolidation, statistics] as Record<string, string>[];
    for (const [name, catalogue] of Object.entries(namespaces)) {
      expect(
        Object.keys(catalogue).filter((k) => earlier.some((c) => k in c) || shared.includes(k)),
        name,
      ).toEqual([]);
      earlier.push(catalogue);
    }
    expect(Object.keys(vi).length).toBe(
      Object.keys(core).length +
        Object.keys(consolidation).length +
        Object.keys(statistics).length +
        Object.keys(casework).length +
        Object.keys(teams).length +
        Object.keys(dataio).length +
        Object.keys(accounts).length +
        Object.keys(prosecution).length +
        Object.keys(network).length +
        Object.keys(investigation).length +
        Object.keys(sites).length +
        Object.keys(reporting).length +
        shared.length,
    );
  });

  for (const lang of LANGUAGES) {
    it(`${lang} has exactly the keys of vi, none empty, with the same placeholders`, () => {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      const keys = Object.keys(catalogue).sort();
      expect(
        reference.filter((k) => !(k in catalogue)),
        `missing in ${lang}`,
      ).toEqual([]);
      expect(
        keys.filter((k) => !(k in vi)),
        `extra in ${lang}`,
      ).toEqual([]);
      for (const key of reference) {
        expect(catalogue[key]!.trim(), `${lang} ${key} is empty`).not.toBe('');
        expect(placeholders(catalogue[key]!), `${lang} ${key} placeholders`).toEqual(
          placeholders((vi as Record<string, string>)[key]!),
        );
      }
    });
  }

  it('has every key the screens ask for', () => {
    const sources = import.meta.glob(
      [
        '../**/*.tsx',
        '../**/*.ts',
        '!../**/*.test.ts',
        '!./*.ts',
        '!./consolidation/*.ts',
        '!./statistics/*.ts',
        '!./casework/*.ts',
        '!./teams/*.ts',
        '!./dataio/*.ts',
        '!./accounts/*.ts',
        '!./prosecution/*.ts',
        '!./network/*.ts',
        '!./investigation/*.ts',
        '!./sites/*.ts',
        '!./reporting/*.ts',
      ],
      {
        query: '?raw',
        import: 'default',
        eager: true,
      },
    ) as Record<string, string>;
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const used = new Set<string>();
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_.-]+)'/g)) used.add(m[1]!);
      // Keys named in typed lists: { label: 'nav.home' }, errors: 'register.errName'.
      for (const m of text.matchAll(
        /(?:label|[A-Za-z]+Key|e\.[a-zA-Z]+ =|: MessageKey\[\] = \[[^\]]*)\s*[:=]?\s*'([a-z]+\.[A-Za-z0-9_.-]+)'/g,
      ))
        used.add(m[1]!);
    }
    expect([...used].filter((k) => !(k in vi))).toEqual([]);
    expect(used.size).toBeGreaterThan(200);
  });

  // The code lists come from the server's contract: a code added there must be labelled here too.
  it("labels every code of the contract's lists that the screens show, in every language", () => {
    const lists: Record<string, readonly string[]> = {
      consentPurpose: CONSENT_PURPOSES,
      consentMethod: CONSENT_METHODS,
      givenBy: CONSENT_GIVERS,
      visibility: NOTE_VISIBILITIES,
      purpose: REFERRAL_PURPOSES,
      referralStatus: REFERRAL_STATUSES,
      referralCause: REFERRAL_STATUS_CAUSES,
      service: SERVICE_TYPES,
      serviceStatus: SERVICE_STATUSES,
      risk: RISK_LEVELS,
      riskFactor: RISK_FACTORS,
      spoken: SPOKEN_LANGUAGES,
      language: UI_LANGUAGES,
      'screening.set': SET_IDS,
      'screening.answer': ANSWERS,
      'screening.outcome': OUTCOMES,
      'screening.strength': STRENGTHS,
      followUpOutcome: FOLLOW_UP_OUTCOMES,
      'closure.item': ['no_open_services', 'no_open_referrals', 'follow_up_done', 'risk_assessed'],
      auditAction: AUDIT_ACTIONS,
      // The network and the suspect pages (issue 13 §1, §3).
      'network.role': [...SUSPECT_CASE_ROLES, ...CASE_ORGANISATION_ROLES, ...SUSPECT_ORGANISATION_ROLES],
      'network.relation': SUSPECT_RELATIONS,
      'network.kind': IDENTIFIER_KINDS,
      'network.orgKind': ORGANISATION_KINDS,
      'network.source': INTELLIGENCE_SOURCES,
      // The hotline's desk (issue 14 §2).
      'reporting.caller': CALLER_KINDS,
      'reporting.indicator': CALL_INDICATORS,
      'reporting.outcome': TRIAGE_OUTCOMES,
      'reporting.event': TRIAGE_EVENTS,
      'reporting.reportStatus': PUBLIC_REPORT_STATUSES,
      'reporting.recruitment': PUBLIC_REPORT_RECRUITMENT,
      'reporting.answer': PUBLIC_REPORT_ANSWERS,
      'reporting.status': QUEUE_STATUSES,
      'reporting.assigned': QUEUE_ASSIGNED,
      'reporting.channel': REPORT_CHANNELS,
    };
    for (const lang of LANGUAGES) {
      const catalogue = CATALOGUES[lang] as Record<string, string>;
      const missing = Object.entries(lists).flatMap(([list, codes]) =>
        codes.map((code) => `${list}.${code}`).filter((key) => !catalogue[key]?.trim()),
      );
      expect(missing, `unlabelled in ${lang}`).toEqual([]);
    }
  });

  // One Vietnamese word for a case: "hồ sơ" (issue 12 §5), never "vụ việc" beside it.
  it('calls a case “hồ sơ” throughout the Vietnamese messages', () => {
    expect(Object.entries(vi).filter(([, text]) => /vụ việc/i.test(text))).toEqual([]);
  });

  it('formats dates as dd/mm/yyyy in Vietnamese, English and French', () => {
    expect(makeI18n('vi').date('2025-07-01')).toBe('01/07/2025');
    expect(makeI18n('en').date('2025-07-01')).toBe('01/07/2025');
    expect(makeI18n('fr').date('2025-07-01')).toBe('01/07/2025');
    expect(makeI18n('vi').date(null)).toBe('—');
  });

  it('fills placeholders and labels codes in the chosen language', () => {
    expect(makeI18n('en').t('home.greeting', { name: 'Lan' })).toBe('Hello, Lan.');
    expect(makeI18n('vi').t('language.label')).toBe('Ngôn ngữ');
    expect(makeI18n('fr').t('language.label')).toBe('Langue');
    expect(makeI18n('fr').code('purpose', 'shelter')).toBe('Hébergement');
    expect(makeI18n('en').code('purpose', 'not-a-code')).toBe('not-a-code');
  });
});
