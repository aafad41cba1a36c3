// What record linkage says about one person, as far as the caller may know it (GET
// /persons/:id/linkage): "known to another agency" with a way to ask the data unit to put
// the agencies in touch, the history of merges and links (with Undo on a merge that stands),
// and a way to merge a duplicate of the same agency into this person.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { standingMerges } from '../consolidation';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorMessage, Notice, TextArea, TextField, useAction, useResource } from './ui';
import type { CaseListItem, Page, PersonLinkage as Linkage, PersonMerge } from '../types';
import '../consolidation.css';
import '../i18n/consolidation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function PersonLinkage({ personId, onMerged }: { personId: string; onMerged?(): void }) {
  const { t, dateTime } = useI18n();
  const linkage = useResource(() => api.get<Linkage>(`/persons/${personId}/linkage`), [personId]);
  const undo = useAction();
  const l = linkage.data;
  // Nothing to say (or nothing the caller may know): the panel stays out of the way.
  if (linkage.error instanceof ApiError && (linkage.error.status === 404 || linkage.error.status === 403)) return null;
  if (!l) return linkage.error ? <ErrorMessage error={linkage.error} /> : null;
  const standing = standingMerges(l.history);
  return (
    <section className="panel" aria-labelledby="h-linkage">
      <h2 id="h-linkage">{t('personLinkage.title')}</h2>
      {l.knownToOtherAgencies ? <KnownElsewhere personId={personId} linkage={l} onSent={linkage.reload} /> : null}
      <h3>{t('personLinkage.history')}</h3>
      {l.history.length === 0 ? (
        <p>{t('personLinkage.noHistory')}</p>
      ) : (
        <ul className="plain history">
          {l.history.map((h, n) => (
            <li key={`${h.kind}-${h.at}-${n}`}>
              {t(`personLinkage.kind.${h.kind}`)} · {dateTime(h.at)} · {h.by}
              {h.otherPersonId ? (
                <>
                  {' '}
                  · <Link to={`/persons/${h.otherPersonId}`}>{t('personLinkage.otherRecord')}</Link>
                </>
              ) : null}
              {h.kind === 'merged' && h.mergeId && standing.has(h.mergeId) && l.can.merge ? (
                <>
                  {' '}
                  <button
                    type="button"
                    disabled={undo.busy}
                    onClick={() =>
                      void undo.run(async () => {
                        await api.post<PersonMerge>(`/merges/${h.mergeId}/undo`);
                        linkage.reload();
                        onMerged?.();
                      })
                    }
                  >
                    {t('merge.undo')}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={undo.error} />
      {l.can.merge ? (
        <MergeDuplicate
          personId={personId}
          onMerged={() => {
            linkage.reload();
            onMerged?.();
          }}
        />
      ) : null}
    </section>
  );
}

function KnownElsewhere({ personId, linkage, onSent }: { personId: string; linkage: Linkage; onSent(): void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  const send = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`/persons/${personId}/contact-requests`, note.trim() ? { note: note.trim() } : {});
      setAsking(false);
      onSent();
    });
  };
  return (
    <Notice kind="warning">
      <p>
        <strong>{t('personLinkage.knownElsewhere')}</strong>
      </p>
      <p>{t('personLinkage.knownElsewhereHint')}</p>
      {linkage.contactRequested ? (
        <p>{t('personLinkage.contactRequested')}</p>
      ) : linkage.can.requestContact ? (
        asking ? (
          <form onSubmit={send} noValidate>
            <TextArea
              label={t('personLinkage.note')}
              hint={t('personLinkage.noteHint')}
              value={note}
              maxLength={500}
              onValue={setNote}
              rows={2}
            />
            <ErrorMessage error={error} />
            <div className="actions">
              <button type="submit" className="primary" disabled={busy}>
                {t('personLinkage.send')}
              </button>
              <button type="button" onClick={() => setAsking(false)} disabled={busy}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" onClick={() => setAsking(true)}>
            {t('personLinkage.askContact')}
          </button>
        )
      ) : null}
    </Notice>
  );
}

/** Merge another person of the same agency into this one: search by name (from the case list) or paste an id. */
function MergeDuplicate({ personId, onMerged }: { personId: string; onMerged(): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CaseListItem[] | null>(null);
  const [chosen, setChosen] = useState<{ id: string; name: string } | null>(null);
  const [done, setDone] = useState<PersonMerge | null>(null);
  const search = useAction();
  const merge = useAction();
  if (!open)
    return (
      <>
        {done ? (
          <Notice kind="success">
            <p>{t('merge.done', { n: done.movedCases })}</p>
          </Notice>
        ) : null}
        <button type="button" onClick={() => setOpen(true)}>
          {t('merge.duplicate')}
        </button>
      </>
    );
  const find = (e: FormEvent) => {
    e.preventDefault();
    const q = query.trim();
    if (UUID.test(q)) return setChosen({ id: q.toLowerCase(), name: q });
    if (q.length < 2) return;
    void search.run(async () => {
      const page = await api.get<Page<CaseListItem>>('/cases', { q, limit: 10 });
      setFound(page.items.filter((c) => c.personId !== personId));
    });
  };
  // One person per row, however many cases they have.
  const persons = [...new Map((found ?? []).map((c) => [c.personId, c])).values()];
  return (
    <div className="merge-duplicate">
      <h3>{t('merge.duplicate')}</h3>
      <p className="hint">{t('merge.duplicateHint')}</p>
      <form onSubmit={find} noValidate className="row">
        <TextField
          label={t('merge.find')}
          hint={t('merge.findHint')}
          value={query}
          onValue={setQuery}
          autoComplete="off"
        />
        <div className="actions">
          <button type="submit" disabled={search.busy}>
            {t('merge.search')}
          </button>
        </div>
      </form>
      <ErrorMessage error={search.error} />
      {found && persons.length === 0 ? <p>{t('merge.noneFound')}</p> : null}
      {persons.length ? (
        <ul className="plain">
          {persons.map((c) => (
            <li key={c.personId}>
              <label className="check">
                <input
                  type="radio"
                  name="merge-other"
                  checked={chosen?.id === c.personId}
                  onChange={() => setChosen({ id: c.personId, name: c.personName })}
                />{' '}
                {c.personName} ({c.reference})
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {chosen ? <p>{t('merge.confirm', { name: chosen.name })}</p> : null}
      <ErrorMessage error={merge.error} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!chosen || merge.busy}
          onClick={() =>
            void merge.run(async () => {
              setDone(await api.post<PersonMerge>(`/persons/${personId}/merge`, { otherPersonId: chosen!.id }));
              setOpen(false);
              setChosen(null);
              setFound(null);
              setQuery('');
              onMerged();
            })
          }
        >
          {t('merge.button')}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={merge.busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
