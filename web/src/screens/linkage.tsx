// The linkage overview (issue 10 §2): records, distinct persons and persons known to several
// agencies, and candidate pairs by state — each as a chart and as its data table — with the
// thresholds, the last run, and "Run linkage now" with a progress bar for a steward.
import { api } from '../api';
import { barWidths, jobRunning } from '../consolidation';
import { useI18n, type MessageKey } from '../i18n';
import { useMe } from '../session';
import { Link } from '../router';
import { JobEnded, JobProgress, useJob } from '../components/job';
import { ErrorMessage, Loading, Notice, ScreenTitle, useAction, useResource } from '../components/ui';
import type { Job, LinkageSummary } from '../types';
import '../consolidation.css';
import '../i18n/consolidation';

export function Linkage() {
  const { t, dateTime, number } = useI18n();
  const me = useMe();
  const summary = useResource(() => api.get<LinkageSummary>('/linkage/summary'), []);
  const { job, setJob } = useJob(null, () => summary.reload());
  const start = useAction();
  const s = summary.data;
  return (
    <>
      <ScreenTitle sub={t('linkage.intro')}>{t('linkage.title')}</ScreenTitle>
      {summary.loading && !s ? <Loading /> : null}
      <ErrorMessage error={summary.error} />
      {s ? (
        <div className="grid">
          <Chart
            id="persons"
            title={t('linkage.personsTitle')}
            rows={[
              ['linkage.records', s.records],
              ['linkage.distinct', s.distinctPersons],
              ['linkage.several', s.knownToSeveralAgencies],
            ]}
          />
          <Chart
            id="pairs"
            title={t('linkage.pairsTitle')}
            rows={[
              ['linkage.pending', s.pairs.pending],
              ['linkage.same', s.pairs.same],
              ['linkage.different', s.pairs.different],
              ['linkage.unsure', s.pairs.unsure],
            ]}
          />
          <section className="panel" aria-labelledby="h-linkage-run">
            <h2 id="h-linkage-run">{t('linkage.runTitle')}</h2>
            <dl className="facts">
              <dt>{t('linkage.lastRun')}</dt>
              <dd>
                {s.lastRun
                  ? t('linkage.lastRunLine', {
                      at: dateTime(s.lastRun.finishedAt),
                      records: number(s.lastRun.records),
                      pairs: number(s.lastRun.candidatePairs),
                    })
                  : t('linkage.neverRun')}
              </dd>
              <dt>{t('linkage.automatic')}</dt>
              <dd>{number(s.thresholds.automatic)}</dd>
              <dt>{t('linkage.review')}</dt>
              <dd>{number(s.thresholds.review)}</dd>
            </dl>
            {job && jobRunning(job) ? <JobProgress job={job} unit="records" label={t('linkage.running')} /> : null}
            {job && !jobRunning(job) ? <JobEnded job={job} /> : null}
            {job?.state === 'succeeded' ? (
              <Notice kind="success">
                <p>{t('linkage.runDone')}</p>
              </Notice>
            ) : null}
            <ErrorMessage error={start.error} />
            {me.can.runLinkage ? (
              <div className="actions">
                <button
                  type="button"
                  className="primary"
                  disabled={start.busy || jobRunning(job)}
                  onClick={() =>
                    void start.run(async () => setJob((await api.post<{ job: Job }>('/linkage/runs')).job))
                  }
                >
                  {t('linkage.runNow')}
                </button>
              </div>
            ) : null}
            {me.can.reviewPairs && s.pairs.pending > 0 ? (
              <p>
                <Link to="/review">{t('linkage.toReview', { n: number(s.pairs.pending) })}</Link>
              </p>
            ) : null}
          </section>
        </div>
      ) : null}
    </>
  );
}

/** A horizontal bar chart (SVG bars, no library), each bar with its label and number, and the same numbers as a table. */
function Chart({ id, title, rows }: { id: string; title: string; rows: [MessageKey, number][] }) {
  const { t, number } = useI18n();
  const widths = barWidths(rows.map(([, v]) => v));
  return (
    <section className="panel chart" aria-labelledby={`h-${id}`}>
      <h2 id={`h-${id}`}>{title}</h2>
      <div className="bars" role="img" aria-labelledby={`h-${id}`} aria-describedby={`t-${id}`}>
        {rows.map(([key, v], n) => (
          <div className="bar-row" key={key}>
            <span className="bar-label">{t(key)}</span>
            <svg className="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none">
              <rect className={`bar bar-${n}`} x="0" y="0" width={widths[n]} height="10" />
            </svg>
            <span className="bar-value">{number(v)}</span>
          </div>
        ))}
      </div>
      <div className="table-wrap">
        <table id={`t-${id}`}>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('linkage.what')}</th>
              <th scope="col">{t('linkage.count')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, v]) => (
              <tr key={key}>
                <th scope="row">{t(key)}</th>
                <td data-label={t('linkage.count')}>{number(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
