// One candidate pair, side by side: the least a steward needs to decide (names, sex, date or
// year of birth, province, the last digits of ID and phone, agency), then each field's
// agreement level and weight as a small bar with its numbers as text, and the probability.
import { Fragment } from 'react';
import { nameOf, weightBar } from '../consolidation';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import type { CandidatePair, PairRecord } from '../types';
import '../i18n/consolidation';

/** An agreement level as people read it: 'jw_0.9' is "similar (≥ 0.9)". */
export function levelLabel(i18n: I18n, level: string): string {
  const jw = /^jw_([\d.]+)$/.exec(level);
  if (jw) return i18n.t('linkLevel.similar', { n: i18n.number(Number(jw[1])) });
  return i18n.code('linkLevel', level);
}

export function PairComparison({ pair, headingId }: { pair: CandidatePair; headingId: string }) {
  const i18n = useI18n();
  const { t, date, number } = i18n;
  const ref = useReference();
  const dob = (r: PairRecord) =>
    r.dateOfBirth ? date(r.dateOfBirth) : r.birthYear !== null ? String(r.birthYear) : '—';
  const rows: [MessageKey, (r: PairRecord) => string][] = [
    ['person.name', (r) => nameOf(r) ?? '—'],
    ['person.sex', (r) => ref.label('sexes', r.sex)],
    ['review.birth', dob],
    ['column.province', (r) => ref.province(r.province)],
    ['review.idLast', (r) => (r.idLastDigits ? `…${r.idLastDigits}` : '—')],
    ['review.phoneLast', (r) => (r.phoneLastDigits ? `…${r.phoneLastDigits}` : '—')],
    ['review.agency', (r) => r.agency.name],
  ];
  const largest = Math.max(0, ...pair.fields.map((f) => Math.abs(f.weight)));
  return (
    <>
      <div className="table-wrap">
        <table className="pair-sides" aria-labelledby={headingId}>
          <thead>
            <tr>
              <td />
              <th scope="col">{t('review.recordA')}</th>
              <th scope="col">{t('review.recordB')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, show]) => {
              const a = show(pair.a);
              const b = show(pair.b);
              return (
                <tr key={key} className={a !== b ? 'differs' : undefined}>
                  <th scope="row">{t(key)}</th>
                  <td data-label={t('review.recordA')}>{a}</td>
                  <td data-label={t('review.recordB')}>{b}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>{t('review.evidence')}</h3>
      <dl className="evidence">
        {pair.fields.map((f) => {
          const bar = weightBar(f.weight, largest);
          return (
            <Fragment key={f.field}>
              <dt>{i18n.code('linkField', f.field)}</dt>
              <dd>
                <span className="evidence-text">
                  {levelLabel(i18n, f.level)} · {t('review.weight', { w: number(Math.round(f.weight * 100) / 100) })}
                </span>
                {/* A centred track: evidence for one person grows right, against it left. */}
                <svg className="evidence-track" viewBox="0 0 200 12" preserveAspectRatio="none" aria-hidden="true">
                  <rect className="evidence-axis" x="99.5" y="0" width="1" height="12" />
                  {bar.side !== 'none' ? (
                    <rect
                      className={`evidence-${bar.side}`}
                      x={bar.side === 'for' ? 100 : 100 - bar.width}
                      y="2"
                      width={bar.width}
                      height="8"
                    />
                  ) : null}
                </svg>
              </dd>
            </Fragment>
          );
        })}
      </dl>
      <p>
        {t('review.probability', { p: number(Math.round(pair.probability * 1000) / 10) })} ·{' '}
        {t('review.totalWeight', { w: number(Math.round(pair.weight * 100) / 100) })}
      </p>
    </>
  );
}
