// Information requests (issue 13 §2): the agency's received requests (to answer) and sent ones, each with
// its status, the identifier's kind, the two agencies and the dates; one request on its own page (the
// notifications link to it). Only law-enforcement investigators and prosecutors reach this screen; for anyone
// else it does not exist, as the server's 404 says.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { INFORMATION_REQUEST_STATUSES } from '../contract';
import { useI18n, type I18n } from '../i18n';
import { Link, useRouter } from '../router';
import { useMe } from '../session';
import { ErrorMessage, Loading, ScreenTitle, SelectField, useResource } from '../components/ui';
import { InformationRequestCard, referredCount, type RequestAnswer } from '../components/information-request';
import type { InformationRequest } from '../types';
import { NotFound } from './not-found';
import '../i18n/investigation';

type Box = 'received' | 'sent';
/** The API's names of the boxes. */
const API_BOX: Record<Box, 'incoming' | 'outgoing'> = { received: 'incoming', sent: 'outgoing' };

/** What an answer did, in words, for the status line. */
function answered(t: I18n['t'], number: I18n['number'], r: InformationRequest, answer: RequestAnswer): string {
  if (answer === 'accept')
    return t('investigation.requests.acceptedNow', {
      referred: number(referredCount(r)),
      withheld: number(r.withheldCases),
    });
  return answer === 'decline' ? t('investigation.requests.declinedNow') : t('investigation.requests.withdrawnNow');
}

export function InformationRequests() {
  const me = useMe();
  if (!me.can.workOnProsecution) return <NotFound />;
  return <Boxes />;
}

function Boxes() {
  const { t, number } = useI18n();
  const { location, navigate } = useRouter();
  const box: Box = location.search.get('box') === 'sent' ? 'sent' : 'received';
  const status = location.search.get('status') ?? '';
  const [items, setItems] = useState<InformationRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');

  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    api
      .get<{ items: InformationRequest[] }>('/information-requests', {
        box: API_BOX[box],
        status: status || undefined,
      })
      .then(
        (p) => {
          if (live) setItems(p.items);
        },
        (e: unknown) => {
          if (live) setError(e);
        },
      );
    return () => {
      live = false;
    };
  }, [box, status]);

  const url = (b: Box, s: string) => `/information-requests?box=${b}${s ? `&status=${s}` : ''}`;
  const onAnswered = (updated: InformationRequest, answer: RequestAnswer) => {
    setItems((prev) => (prev ?? []).map((x) => (x.id === updated.id ? updated : x)));
    setSaid(answered(t, number, updated, answer));
  };

  return (
    <>
      <ScreenTitle sub={t('investigation.requests.intro')}>{t('investigation.requests.title')}</ScreenTitle>
      <nav className="tabs" aria-label={t('investigation.requests.boxes')}>
        <ul>
          {(['received', 'sent'] as const).map((b) => (
            <li key={b}>
              <Link to={url(b, status)} aria-current={box === b ? 'page' : undefined}>
                {t(`investigation.requests.${b}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="filters">
        <SelectField
          label={t('investigation.requests.status')}
          value={status}
          onValue={(v) => navigate(url(box, v), { replace: true })}
          empty={t('common.all')}
          options={INFORMATION_REQUEST_STATUSES.map((s) => ({ value: s, label: t(`investigation.status.${s}`) }))}
        />
      </div>
      <div role="status" aria-live="polite">
        {said ? (
          <div className="message message-success">
            <p>{said}</p>
          </div>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      <div aria-live="polite">
        {items === null ? (
          error ? null : (
            <Loading />
          )
        ) : items.length === 0 ? (
          <p>
            {status
              ? t('investigation.requests.noneWithStatus')
              : box === 'received'
                ? t('investigation.requests.receivedEmpty')
                : t('investigation.requests.sentEmpty')}
          </p>
        ) : null}
      </div>
      <div className="request-list">
        {items?.map((r) => (
          <InformationRequestCard key={r.id} request={r} onAnswered={onAnswered} />
        ))}
      </div>
    </>
  );
}

export function InformationRequestScreen({ id }: { id: string }) {
  const me = useMe();
  if (!me.can.workOnProsecution) return <NotFound />;
  return <OneRequest id={id} />;
}

function OneRequest({ id }: { id: string }) {
  const { t, number } = useI18n();
  const request = useResource(() => api.get<InformationRequest>(`/information-requests/${id}`), [id]);
  const [said, setSaid] = useState('');
  const hidden = request.error instanceof ApiError && request.error.status === 404;
  return (
    <>
      <ScreenTitle>{t('investigation.requests.title')}</ScreenTitle>
      <p>
        <Link to="/information-requests">{t('investigation.requests.back')}</Link>
      </p>
      <div role="status" aria-live="polite">
        {said ? (
          <div className="message message-success">
            <p>{said}</p>
          </div>
        ) : null}
      </div>
      {request.data ? (
        <div className="request-list">
          <InformationRequestCard
            request={request.data}
            onAnswered={(updated, answer) => {
              request.setData(updated);
              setSaid(answered(t, number, updated, answer));
            }}
          />
        </div>
      ) : hidden ? (
        <p>{t('investigation.requests.notFound')}</p>
      ) : request.error ? (
        <ErrorMessage error={request.error} />
      ) : (
        <Loading />
      )}
    </>
  );
}
