// Files attached to a case, to its consents or to one referral: the list the server gives (only the
// files the caller may download), a download link for each, and — when the server says the caller
// may add files (`canUpload`, from the case's or the referral's `can`) — an upload form. The file is
// sent as it is; the server checks its type from its content and strips a photo's metadata.
import { useId, useState, type FormEvent } from 'react';
import { api, API, request } from '../api';
import { ATTACHMENT_PARTS, ATTACHMENT_TYPES, type AttachmentPart } from '../contract';
import { useI18n, type MessageKey } from '../i18n';
import type { Attachment } from '../types';
import { ErrorMessage, Loading, Notice, SelectField, useAction, useResource } from './ui';
import '../i18n/dataio';
import '../dataio.css';

const TYPES: readonly string[] = ATTACHMENT_TYPES;

export function Attachments({
  caseId,
  scope,
  referralId,
  consents,
  canUpload,
  title,
  level = 3,
}: {
  caseId: string;
  /** case: every file of the case; consents: the consents' files; referral: one referral's files. */
  scope: 'case' | 'consents' | 'referral';
  referralId?: string;
  /** For scope consents: the consents a file may be attached to, with their labels. */
  consents?: { id: string; label: string }[];
  canUpload: boolean;
  title: string;
  /** The heading's level where the list is placed (2 for a section of the case file); 0: no heading (a <details> names it). */
  level?: 0 | 2 | 3 | 4;
}) {
  const { t, dateTime, number } = useI18n();
  const Heading = level ? (`h${level}` as const) : 'h2';
  const headingId = useId();
  const fileId = useId();
  const files = useResource(
    () =>
      api
        .get<{ items: Attachment[] }>(`/cases/${caseId}/attachments`, scope === 'referral' ? { referralId } : undefined)
        .then((r) => (scope === 'consents' ? r.items.filter((i) => i.consentId) : r.items)),
    [caseId, scope, referralId],
  );
  const [file, setFile] = useState<File | null>(null);
  const [part, setPart] = useState<AttachmentPart>('identity');
  const [consentId, setConsentId] = useState(consents?.[0]?.id ?? '');
  const [problem, setProblem] = useState<'dataio.errNoFile' | 'dataio.errType' | null>(null);
  const [saved, setSaved] = useState(false);
  const [inputKey, setInputKey] = useState(0);
  const { busy, error, run } = useAction();

  const ofWhat = (a: Attachment) =>
    a.consentId
      ? (consents?.find((c) => c.id === a.consentId)?.label ?? t('dataio.ofConsent'))
      : a.referralId
        ? t('dataio.ofReferral')
        : t('dataio.ofCase');
  const size = (bytes: number) =>
    bytes >= 1024 * 1024
      ? `${number(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`
      : `${number(Math.ceil(bytes / 1024))} kB`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const why = !file
      ? 'dataio.errNoFile'
      : TYPES.includes(file.type) || /\.(pdf|jpe?g|png|webp)$/i.test(file.name)
        ? null
        : 'dataio.errType';
    setProblem(why);
    if (!file || why) return;
    const target =
      scope === 'referral'
        ? `/referrals/${referralId}/attachments`
        : scope === 'consents'
          ? `/consents/${consentId}/attachments`
          : `/cases/${caseId}/attachments`;
    const query = new URLSearchParams({ fileName: file.name, ...(scope === 'case' ? { part } : {}) });
    const ok = await run(() =>
      api.upload<Attachment>(
        `${target}?${query.toString()}`,
        file,
        TYPES.includes(file.type) ? file.type : 'application/octet-stream',
      ),
    );
    if (ok) {
      setSaved(true);
      setFile(null);
      setInputKey((k) => k + 1); // a fresh, empty file input
      files.reload();
    }
  };
  const remove = (a: Attachment) =>
    window.confirm(t('dataio.deleteConfirm', { name: a.fileName })) &&
    void run(async () => {
      await request('DELETE', `/attachments/${a.id}`);
      files.reload();
    });

  return (
    <section
      className="attachments"
      aria-labelledby={level ? headingId : undefined}
      aria-label={level ? undefined : title}
    >
      {level ? <Heading id={headingId}>{title}</Heading> : null}
      {scope === 'case' ? <p className="hint">{t('dataio.filesHelp')}</p> : null}
      <ErrorMessage error={files.error} />
      {files.loading && !files.data ? <Loading /> : null}
      {files.data && files.data.length === 0 ? <p>{t('dataio.noFiles')}</p> : null}
      {files.data && files.data.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dataio.fileName')}</th>
                <th scope="col">{scope === 'case' ? t('dataio.filePart') : t('dataio.fileOf')}</th>
                <th scope="col">{t('dataio.fileSize')}</th>
                <th scope="col">{t('dataio.uploadedBy')}</th>
                <th scope="col">{t('dataio.uploadedAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.data.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('dataio.fileName')}>
                    <a href={`${API}/attachments/${a.id}`} download={a.fileName}>
                      {a.fileName}
                    </a>
                  </td>
                  <td data-label={scope === 'case' ? t('dataio.filePart') : t('dataio.fileOf')}>
                    {scope === 'case' && !a.consentId && !a.referralId
                      ? t(`dataio.part.${a.part}` as MessageKey)
                      : ofWhat(a)}
                  </td>
                  <td data-label={t('dataio.fileSize')}>{size(a.sizeBytes)}</td>
                  <td data-label={t('dataio.uploadedBy')}>
                    {a.uploadedBy ?? '—'} ({a.uploaderAgency})
                  </td>
                  <td data-label={t('dataio.uploadedAt')}>{dateTime(a.createdAt)}</td>
                  <td>
                    {a.can.delete ? (
                      <button
                        type="button"
                        onClick={() => remove(a)}
                        disabled={busy}
                        aria-label={t('dataio.delete', { name: a.fileName })}
                      >
                        {t('dataio.deleteShort')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canUpload && (scope !== 'consents' || (consents && consents.length > 0)) ? (
        <form className="inline-form no-print" onSubmit={(e) => void submit(e)} noValidate>
          <div className={`field${problem ? ' field-invalid' : ''}`}>
            <label htmlFor={fileId}>{t('dataio.chooseFile')}</label>
            <input
              key={inputKey}
              id={fileId}
              type="file"
              accept=".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${fileId}-problem` : undefined}
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setProblem(null);
              }}
            />
            {problem ? (
              <p className="field-error" id={`${fileId}-problem`}>
                {t(problem)}
              </p>
            ) : null}
          </div>
          {scope === 'case' ? (
            <SelectField
              label={t('dataio.filePart')}
              value={part}
              onValue={(v) => setPart(v as AttachmentPart)}
              options={ATTACHMENT_PARTS.map((p) => ({ value: p, label: t(`dataio.part.${p}` as MessageKey) }))}
            />
          ) : null}
          {scope === 'consents' && consents ? (
            <SelectField
              label={t('dataio.chooseConsent')}
              value={consentId}
              onValue={setConsentId}
              options={consents.map((c) => ({ value: c.id, label: c.label }))}
            />
          ) : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {t('dataio.upload')}
            </button>
          </div>
        </form>
      ) : null}
      {saved ? <Notice kind="success">{t('dataio.uploaded')}</Notice> : null}
      <ErrorMessage error={error} />
    </section>
  );
}
