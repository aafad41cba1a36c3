import { describe, expect, it } from 'vitest';
import { ScreeningInputError } from './classify.js';
import { HEALTH_TRIAGE, localiseTriage, triage } from './health-triage.js';

describe('health triage checklist', () => {
  it('covers injuries, urgent needs, infections, pregnancy, distress and withdrawal', () => {
    expect(HEALTH_TRIAGE.items.map((i) => i.id)).toEqual(
      expect.arrayContaining([
        'serious_injury',
        'injury_marks',
        'danger_signs',
        'fever_or_rash',
        'persistent_cough',
        'pregnancy',
        'acute_distress',
        'self_harm_thoughts',
        'withdrawal_signs',
      ]),
    );
  });

  it('labels every flag and item in vi, en and fr', () => {
    for (const x of [...HEALTH_TRIAGE.flags, ...HEALTH_TRIAGE.items]) {
      for (const lang of ['vi', 'en', 'fr'] as const) expect(x.label[lang].trim(), `${x.id} ${lang}`).not.toBe('');
    }
    expect(localiseTriage('fr').flags[0]).toEqual({
      id: 'medical_urgent',
      urgent: true,
      label: 'Orientation médicale urgente',
    });
  });

  it('lists the urgent flags first, and every item raises at least one flag', () => {
    const urgency = HEALTH_TRIAGE.flags.map((f) => f.urgent);
    expect(urgency).toEqual([...urgency].sort((a, b) => Number(b) - Number(a)));
    for (const i of HEALTH_TRIAGE.items) expect(i.flags.length).toBeGreaterThan(0);
  });
});

describe('triage', () => {
  it('raises referral flags with the items that raised them, urgent first', () => {
    const r = triage({
      injury_marks: 'present',
      self_harm_thoughts: 'present',
      pregnancy: 'present',
      fever_or_rash: 'absent',
    });
    expect(r.flags).toEqual([
      { id: 'psychological_urgent', urgent: true, raisedBy: ['self_harm_thoughts'] },
      { id: 'medical_follow_up', urgent: false, raisedBy: ['injury_marks'] },
      { id: 'reproductive_health', urgent: false, raisedBy: ['pregnancy'] },
      { id: 'psychological_support', urgent: false, raisedBy: ['self_harm_thoughts'] },
    ]);
    expect(r.unanswered).not.toContain('fever_or_rash');
    expect(r.unanswered).toContain('persistent_cough');
  });

  it('merges flags raised by several items', () => {
    const r = triage({ serious_injury: 'present', severe_withdrawal: 'present' });
    expect(r.flags[0]).toEqual({
      id: 'medical_urgent',
      urgent: true,
      raisedBy: ['serious_injury', 'severe_withdrawal'],
    });
  });

  it('raises nothing when nothing is present', () => {
    expect(triage({}).flags).toEqual([]);
    expect(triage({}).unanswered).toHaveLength(HEALTH_TRIAGE.items.length);
  });

  it('rejects unknown items and values', () => {
    expect(() => triage({ tuberculosis: 'present' })).toThrow(ScreeningInputError);
    expect(() => triage({ pregnancy: 'maybe' } as never)).toThrow(/pregnancy/);
  });
});
