// Case notes: kept within the author's agency unless shared with all who see the case.
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { NOTE_VISIBILITIES } from '../contract';
import { useI18n } from '../i18n';
import { ErrorMessage, Loading, RadioGroup, TextArea, useAction, useResource } from '../components/ui';
import type { Note } from '../types';
import type { CaseProps } from '../case-data';

export function NotesSection({ loaded }: CaseProps) {
  const { t, code, dateTime } = useI18n();
  const c = loaded.view;
  const notes = useResource(() => api.get<{ items: Note[] }>(`/cases/${c.id}/notes`), [c.id]);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState('own_agency');
  const { busy, error, run } = useAction();

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post(`/cases/${c.id}/notes`, { body: body.trim(), visibility });
      setBody('');
      notes.reload();
    });
  };

  return (
    <section aria-labelledby="h-notes">
      <h2 id="h-notes">{t('caseFile.notes')}</h2>
      <ErrorMessage error={notes.error} />
      {notes.loading && !notes.data ? <Loading /> : null}
      {notes.data && notes.data.items.length === 0 ? <p>{t('notes.none')}</p> : null}
      <ol className="notes">
        {[...(notes.data?.items ?? [])].reverse().map((n) => (
          <li key={n.id} className="card">
            <p className="sub">
              {t('notes.by', { author: n.authorName, agency: n.authorAgency })} ·{' '}
              <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time> · {code('visibility', n.visibility)}
            </p>
            <p className="prose">{n.body}</p>
          </li>
        ))}
      </ol>
      {c.can.addNotes ? (
        <form onSubmit={add} className="inline-form">
          <TextArea label={t('notes.add')} required value={body} onValue={setBody} rows={3} />
          <RadioGroup
            legend={t('notes.visibility')}
            name="visibility"
            value={visibility}
            onValue={setVisibility}
            options={NOTE_VISIBILITIES.map((v) => ({ value: v, label: code('visibility', v) }))}
          />
          <ErrorMessage error={error} />
          <button type="submit" className="primary" disabled={busy || !body.trim()}>
            {t('notes.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
