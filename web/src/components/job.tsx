// A background job (import, dry run, linkage run) followed to its end: a progress bar with
// rows done of total, the rate and the time left, and a cancel button when the job may be
// cancelled. Polls GET /jobs/:id (cheap and never audited as a read of personal data).
import { useEffect, useId, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import { clock, jobRunning, percentDone } from '../consolidation';
import { useI18n } from '../i18n';
import { ErrorMessage, JobErrorDetail, useAction } from './ui';
import type { Job } from '../types';
import '../i18n/consolidation';

const POLL_MS = 1000;

/** Follows `initial` until it ends; `onEnd` runs once with the finished job (null: it may not be followed). */
export function useJob(initial: Job | null, onEnd?: (job: Job | null) => void) {
  const [job, setJob] = useState<Job | null>(initial);
  const [error, setError] = useState<unknown>(null);
  const ended = useRef(onEnd);
  ended.current = onEnd;
  useEffect(() => setJob(initial), [initial?.id]);
  const running = jobRunning(job);
  useEffect(() => {
    if (!job || !running) return;
    let live = true;
    const timer = window.setTimeout(() => {
      api.get<Job>(`/jobs/${job.id}`).then(
        (next) => {
          if (!live) return;
          setError(null);
          setJob(next);
          if (!jobRunning(next)) ended.current?.(next);
        },
        (e: unknown) => {
          if (!live) return;
          setError(e);
          if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
            // Not ours to follow (any more): stop, and let the screen read where things stand.
            setJob(null);
            ended.current?.(null);
          }
          // Otherwise try again: a lost connection should not stop following the job.
          else setJob((j) => (j ? { ...j } : j));
        },
      );
    }, POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [job, running]);
  return { job, setJob, error };
}

export function JobProgress({ job, label, unit }: { job: Job; label: string; unit: 'rows' | 'records' }) {
  const { t, number } = useI18n();
  const id = useId();
  const cancel = useAction();
  const [cancelled, setCancelled] = useState(false);
  const p = job.progress;
  const running = jobRunning(job);
  return (
    <div className="job-progress" aria-live="polite">
      <label htmlFor={id}>
        {label}: {p.total > 0 ? t('job.done', { done: number(p.done), total: number(p.total) }) : t('job.starting')}
        {p.total > 0 ? ` (${percentDone(p)} %)` : ''}
      </label>
      <progress id={id} max={Math.max(1, p.total)} value={p.total > 0 ? p.done : undefined} />
      <p className="hint">
        {p.ratePerSecond !== null
          ? t(unit === 'rows' ? 'job.rateRows' : 'job.rateRecords', {
              rate: number(Math.round(p.ratePerSecond)),
            })
          : null}
        {p.ratePerSecond !== null && p.secondsLeft !== null ? ' · ' : null}
        {p.secondsLeft !== null && running ? t('job.timeLeft', { time: clock(p.secondsLeft) }) : null}
      </p>
      {running && job.cancellable && !cancelled ? (
        <button
          type="button"
          disabled={cancel.busy}
          onClick={() =>
            void cancel.run(async () => {
              await api.post<Job>(`/jobs/${job.id}/cancel`);
              setCancelled(true);
            })
          }
        >
          {t('job.cancel')}
        </button>
      ) : null}
      {cancelled && running ? <p>{t('job.cancelling')}</p> : null}
      <ErrorMessage error={cancel.error} />
    </div>
  );
}

/** What a finished job ended in, when it did not succeed. */
export function JobEnded({ job }: { job: Job }) {
  const { t, number } = useI18n();
  if (job.state === 'cancelled')
    return (
      <div className="message message-warning" role="status">
        <p>{t('job.cancelled', { done: number(job.progress.done) })}</p>
      </div>
    );
  if (job.state === 'failed')
    return (
      <div className="message message-error" role="alert">
        <p>{t('job.failed', { done: number(job.progress.done), total: number(job.progress.total) })}</p>
        <JobErrorDetail error={job.error} />
      </div>
    );
  return null;
}
