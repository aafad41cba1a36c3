// A suspect's page and an organisation's (issue 13 §1): what is known of them, their identifiers with the
// hits each makes in other agencies' cases (which agency, how many cases, whom to call — never their
// content), the cases they are linked to by reference only, and the suspects and organisations they are
// linked to; with the forms to record an identifier and a link, for the investigators of the agency that
// recorded them (the server says so: `canEdit`). Everyone else gets the not-found screen, as from the API.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, withQuery } from '../api';
import {
  CASE_ORGANISATION_ROLES,
  IDENTIFIER_KINDS,
  INTELLIGENCE_SOURCES,
  SUSPECT_CASE_ROLES,
  SUSPECT_ORGANISATION_ROLES,
  SUSPECT_RELATIONS,
} from '../contract';
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { ErrorMessage, Loading, ScreenTitle, SelectField, TextField, useAction, useResource } from '../components/ui';
import { NotFound } from './not-found';
import '../i18n/network';
import '../network.css';

interface CaseRef {
  caseId: string;
  reference: string;
  role: string;
  linkId: string;
}
interface Suspect {
  id: string;
  fullName: string | null;
  aliases: string[];
  sex: string;
  birthYear: number | null;
  nationality: string | null;
  notes: string | null;
  ownAgency: boolean;
  canEdit: boolean;
  cases: CaseRef[];
  links: { linkId: string; suspectId: string; label: string; relation: string; recordedAt: string }[];
  organisations: { linkId: string; organisationId: string; name: string; role: string; recordedAt: string }[];
}
interface Organisation {
  id: string;
  kind: string;
  name: string;
  country: string | null;
  province: string | null;
  notes: string | null;
  ownAgency: boolean;
  canEdit: boolean;
  cases: CaseRef[];
  suspects: { linkId: string; suspectId: string; label: string; role: string; recordedAt: string }[];
}
interface Hit {
  agencyCode: string;
  agencyName: string;
  cases: number;
  readableCases: { id: string; reference: string }[];
  contacts: { name: string; email: string }[];
}
interface Identifier {
  id: string;
  kind: string;
  value: string;
  normalized: string;
  source: string;
  recordedAt: string;
  hits: Hit[];
}

const hidden = (error: unknown) => error instanceof ApiError && error.status === 404;
const suspectName = (s: { fullName: string | null; aliases: string[] }) => s.fullName || s.aliases[0] || '?';

export function SuspectPage({ id }: { id: string }) {
  const { t, code } = useI18n();
  const reference = useReference();
  const suspect = useResource(() => api.get<Suspect>(`/suspects/${id}`), [id]);
  if (hidden(suspect.error)) return <NotFound />;
  if (suspect.error) return <ErrorMessage error={suspect.error} />;
  const s = suspect.data;
  if (!s) return <Loading />;
  const name = suspectName(s);
  return (
    <>
      <ScreenTitle
        sub={`${t('network.type.suspect')} — ${t(s.ownAgency ? 'network.ownAgency' : 'network.otherAgency')}`}
      >
        {name}
      </ScreenTitle>
      <p>
        <Link to={withQuery('/network', { around: `suspect:${s.id}` })}>
          {t('network.showNetwork', { label: name })}
        </Link>
      </p>
      <section className="panel" aria-labelledby="h-details">
        <h2 id="h-details">{t('network.details')}</h2>
        <dl className="facts">
          <Fact label={t('network.fullName')}>{s.fullName ?? t('network.notRecorded')}</Fact>
          <Fact label={t('network.aliases')}>{s.aliases.length ? s.aliases.join(', ') : t('network.notRecorded')}</Fact>
          <Fact label={t('network.sex')}>{t(`network.sex.${s.sex}` as MessageKey)}</Fact>
          <Fact label={t('network.birthYear')}>{s.birthYear ?? t('network.notRecorded')}</Fact>
          <Fact label={t('network.nationality')}>
            {s.nationality ? reference.country(s.nationality) : t('network.notRecorded')}
          </Fact>
          {s.notes ? <Fact label={t('network.notes')}>{s.notes}</Fact> : null}
        </dl>
      </section>

      <Identifiers base={`/suspects/${s.id}`} canEdit={s.canEdit} />

      <section className="panel" aria-labelledby="h-cases">
        <h2 id="h-cases">{t('network.cases')}</h2>
        <CaseTable cases={s.cases} />
        {s.canEdit && (
          <CaseLinkForm
            path={(caseId) => `/cases/${caseId}/suspects`}
            body={(role, source) => ({ suspectId: s.id, role, source })}
            roles={SUSPECT_CASE_ROLES}
            onSaved={suspect.reload}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="h-links">
        <h2 id="h-links">{t('network.links')}</h2>
        {s.links.length === 0 ? (
          <p>{t('network.noLinks')}</p>
        ) : (
          <ul>
            {s.links.map((l) => (
              <li key={l.linkId}>
                <Link to={`/suspects/${l.suspectId}`}>{l.label}</Link> — {code('network.relation', l.relation)}
              </li>
            ))}
          </ul>
        )}
        {s.canEdit && <SuspectLinkForm suspectId={s.id} onSaved={suspect.reload} />}
      </section>

      <section className="panel" aria-labelledby="h-orgs">
        <h2 id="h-orgs">{t('network.memberOf')}</h2>
        {s.organisations.length === 0 ? (
          <p>{t('network.noLinks')}</p>
        ) : (
          <ul>
            {s.organisations.map((o) => (
              <li key={o.linkId}>
                <Link to={`/organisations/${o.organisationId}`}>{o.name}</Link> — {code('network.role', o.role)}
              </li>
            ))}
          </ul>
        )}
        {s.canEdit && <OrganisationLinkForm suspectId={s.id} onSaved={suspect.reload} />}
      </section>
    </>
  );
}

export function OrganisationPage({ id }: { id: string }) {
  const { t, code } = useI18n();
  const reference = useReference();
  const organisation = useResource(() => api.get<Organisation>(`/organisations/${id}`), [id]);
  if (hidden(organisation.error)) return <NotFound />;
  if (organisation.error) return <ErrorMessage error={organisation.error} />;
  const o = organisation.data;
  if (!o) return <Loading />;
  return (
    <>
      <ScreenTitle
        sub={`${code('network.orgKind', o.kind)} — ${t(o.ownAgency ? 'network.ownAgency' : 'network.otherAgency')}`}
      >
        {o.name}
      </ScreenTitle>
      <p>
        <Link to={withQuery('/network', { around: `organisation:${o.id}` })}>
          {t('network.showNetwork', { label: o.name })}
        </Link>
      </p>
      <section className="panel" aria-labelledby="h-details">
        <h2 id="h-details">{t('network.details')}</h2>
        <dl className="facts">
          <Fact label={t('network.orgKind')}>{code('network.orgKind', o.kind)}</Fact>
          <Fact label={t('network.country')}>
            {o.country ? reference.country(o.country) : t('network.notRecorded')}
          </Fact>
          <Fact label={t('network.province')}>
            {o.province ? reference.province(o.province) : t('network.notRecorded')}
          </Fact>
          {o.notes ? <Fact label={t('network.notes')}>{o.notes}</Fact> : null}
        </dl>
      </section>

      <Identifiers base={`/organisations/${o.id}`} canEdit={o.canEdit} />

      <section className="panel" aria-labelledby="h-cases">
        <h2 id="h-cases">{t('network.cases')}</h2>
        <CaseTable cases={o.cases} />
        {o.canEdit && (
          <CaseLinkForm
            path={(caseId) => `/cases/${caseId}/organisations`}
            body={(role, source) => ({ organisationId: o.id, role, source })}
            roles={CASE_ORGANISATION_ROLES}
            onSaved={organisation.reload}
          />
        )}
      </section>

      <section className="panel" aria-labelledby="h-members">
        <h2 id="h-members">{t('network.members')}</h2>
        {o.suspects.length === 0 ? (
          <p>{t('network.noLinks')}</p>
        ) : (
          <ul>
            {o.suspects.map((s) => (
              <li key={s.linkId}>
                <Link to={`/suspects/${s.suspectId}`}>{s.label}</Link> — {code('network.role', s.role)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** The cases by reference and role; a reference opens the case (the server decides what of it shows). */
function CaseTable({ cases }: { cases: CaseRef[] }) {
  const { t, code } = useI18n();
  if (cases.length === 0) return <p>{t('network.noCases')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('network.reference')}</th>
          <th scope="col">{t('network.role')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.linkId}>
            <th scope="row">
              <Link to={`/cases/${c.caseId}`}>{c.reference}</Link>
            </th>
            <td>{code('network.role', c.role)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One hit in words: the agency, how many of its cases, whom to call, and those the reader may already open. */
function hitWords(t: ReturnType<typeof useI18n>['t'], hit: Hit): string {
  return t('network.hit', { count: hit.cases, agency: hit.agencyName });
}

function HitList({ hits }: { hits: Hit[] }) {
  const { t } = useI18n();
  if (hits.length === 0) return <>{t('network.noHits')}</>;
  return (
    <ul className="hits">
      {hits.map((h) => (
        <li key={h.agencyCode}>
          {hitWords(t, h)}
          {h.contacts.length ? (
            <>
              . {t('network.hitContact')}{' '}
              {h.contacts.map((c, i) => (
                <span key={c.email}>
                  {i ? ', ' : ''}
                  {c.name} (<a href={`mailto:${c.email}`}>{c.email}</a>)
                </span>
              ))}
            </>
          ) : null}
          {h.readableCases.length ? (
            <>
              . {t('network.hitReadable')}{' '}
              {h.readableCases.map((c, i) => (
                <span key={c.id}>
                  {i ? ', ' : ''}
                  <Link to={`/cases/${c.id}`}>{c.reference}</Link>
                </span>
              ))}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A holder's identifiers with their hits, and the form to record one. */
function Identifiers({ base, canEdit }: { base: string; canEdit: boolean }) {
  const { t, code, date } = useI18n();
  const list = useResource(() => api.get<{ items: Identifier[] }>(`${base}/identifiers`), [base]);
  const [kind, setKind] = useState<string>('phone');
  const [value, setValue] = useState('');
  const [source, setSource] = useState<string>('investigation');
  const [valueError, setValueError] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const { busy, error, run } = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved('');
    if (!value.trim()) {
      setValueError(t('network.errRequired'));
      return;
    }
    setValueError(null);
    void run(
      async () => {
        const added = await api.post<Identifier>(`${base}/identifiers`, { kind, value: value.trim(), source });
        setValue('');
        setSaved(
          added.hits.length
            ? t('network.identifierHits', { hits: added.hits.map((h) => hitWords(t, h)).join('; ') })
            : t('network.identifierSaved'),
        );
        list.reload();
      },
      (err) => {
        // A value that cannot be one of its kind: said next to the field, in words.
        const field = err instanceof ApiError && err.status === 400 ? err.problem?.errors?.[0]?.field : undefined;
        if (field !== 'body.value') return false;
        setValueError(t('network.errValue', { kind: code('network.kind', kind) }));
        return true;
      },
    );
  };

  const items = list.data?.items;
  return (
    <section className="panel" aria-labelledby="h-identifiers">
      <h2 id="h-identifiers">{t('network.identifiers')}</h2>
      <ErrorMessage error={list.error} />
      {!items ? (
        list.error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <p>{t('network.noIdentifiers')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('network.kind')}</th>
              <th scope="col">{t('network.normalized')}</th>
              <th scope="col">{t('network.value')}</th>
              <th scope="col">{t('network.source')}</th>
              <th scope="col">{t('network.recordedAt')}</th>
              <th scope="col">{t('network.hits')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <th scope="row">{code('network.kind', i.kind)}</th>
                <td>{i.normalized}</td>
                <td>{i.value}</td>
                <td>{code('network.source', i.source)}</td>
                <td>{date(i.recordedAt)}</td>
                <td>
                  <HitList hits={i.hits} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form onSubmit={submit} noValidate aria-labelledby="h-add-identifier" className="network-form">
          <h3 id="h-add-identifier">{t('network.addIdentifier')}</h3>
          <ErrorMessage error={error} />
          <SelectField
            label={t('network.kind')}
            value={kind}
            onValue={setKind}
            options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: code('network.kind', k) }))}
          />
          <TextField
            label={t('network.identifierValue')}
            value={value}
            onValue={setValue}
            maxLength={500}
            required
            error={valueError}
          />
          <SourceField value={source} onValue={setSource} />
          <button type="submit" className="primary" disabled={busy}>
            {t('network.addIdentifier')}
          </button>
          {saved && <p role="status">{saved}</p>}
        </form>
      )}
    </section>
  );
}

function SourceField({ value, onValue }: { value: string; onValue(v: string): void }) {
  const { t, code } = useI18n();
  return (
    <SelectField
      label={t('network.source')}
      value={value}
      onValue={onValue}
      options={INTELLIGENCE_SOURCES.map((s) => ({ value: s, label: code('network.source', s) }))}
    />
  );
}

/**
 * Linking to a case of the agency, chosen by reference. The agency's open cases are read only when the form is
 * opened (reading them is audited), and shown by reference only.
 */
function CaseLinkForm({
  path,
  body,
  roles,
  onSaved,
}: {
  path(caseId: string): string;
  body(role: string, source: string): Record<string, string>;
  roles: readonly string[];
  onSaved(): void;
}) {
  const { t, code } = useI18n();
  const [cases, setCases] = useState<{ id: string; reference: string }[] | null>(null);
  const [caseId, setCaseId] = useState('');
  const [role, setRole] = useState(roles[0]!);
  const [source, setSource] = useState<string>('investigation');
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();

  const load = () => {
    if (cases) return;
    api
      .get<{ items: { id: string; reference: string }[] }>('/cases', { open: 'true', total: 'false', limit: 100 })
      .then((page) => setCases(page.items.map((c) => ({ id: c.id, reference: c.reference }))), setError);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.post(path(caseId), body(role, source));
      setSaved(true);
      onSaved();
    });
  };
  return (
    <details className="network-link" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>{t('network.linkCase')}</summary>
      <form onSubmit={submit} className="network-form">
        <ErrorMessage error={error} />
        {cases ? (
          <SelectField
            label={t('network.case')}
            value={caseId}
            onValue={setCaseId}
            required
            empty={t('network.choose')}
            options={cases.map((c) => ({ value: c.id, label: c.reference }))}
          />
        ) : (
          <Loading />
        )}
        <SelectField
          label={t('network.role')}
          value={role}
          onValue={setRole}
          options={roles.map((r) => ({ value: r, label: code('network.role', r) }))}
        />
        <SourceField value={source} onValue={setSource} />
        <button type="submit" className="primary" disabled={busy || !caseId}>
          {t('network.linkCase')}
        </button>
        {saved && <p role="status">{t('network.linkSaved')}</p>}
      </form>
    </details>
  );
}

/** Linking to another suspect, found by name or alias. */
function SuspectLinkForm({ suspectId, onSaved }: { suspectId: string; onSaved(): void }) {
  const { t, code } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ id: string; fullName: string | null; aliases: string[] }[]>([]);
  const [other, setOther] = useState('');
  const [relation, setRelation] = useState<string>(SUSPECT_RELATIONS[0]);
  const [source, setSource] = useState<string>('investigation');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  const search = () =>
    run(async () => {
      const page = await api.get<{ items: typeof found }>('/suspects', { q: q.trim() || undefined, limit: 50 });
      const items = page.items.filter((s) => s.id !== suspectId);
      setFound(items);
      setOther(items[0]?.id ?? '');
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.post(`/suspects/${suspectId}/links`, { otherSuspectId: other, relation, source });
      setSaved(true);
      onSaved();
    });
  };
  return (
    <details className="network-link">
      <summary>{t('network.linkSuspect')}</summary>
      <ErrorMessage error={error} />
      <div className="network-form">
        <TextField
          label={t('network.findSuspect')}
          type="search"
          value={q}
          onValue={setQ}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <button type="button" onClick={() => void search()} disabled={busy}>
          {t('network.searchButton')}
        </button>
      </div>
      <form onSubmit={submit} className="network-form">
        <SelectField
          label={t('network.otherSuspect')}
          value={other}
          onValue={setOther}
          required
          empty={t('network.choose')}
          options={found.map((s) => ({ value: s.id, label: suspectName(s) }))}
        />
        <SelectField
          label={t('network.relation')}
          value={relation}
          onValue={setRelation}
          options={SUSPECT_RELATIONS.map((r) => ({ value: r, label: code('network.relation', r) }))}
        />
        <SourceField value={source} onValue={setSource} />
        <button type="submit" className="primary" disabled={busy || !other}>
          {t('network.linkSuspect')}
        </button>
        {saved && <p role="status">{t('network.linkSaved')}</p>}
      </form>
    </details>
  );
}

/** Linking the suspect to an organisation the caller may see. */
function OrganisationLinkForm({ suspectId, onSaved }: { suspectId: string; onSaved(): void }) {
  const { t, code } = useI18n();
  const [organisations, setOrganisations] = useState<{ id: string; name: string }[] | null>(null);
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState<string>(SUSPECT_ORGANISATION_ROLES[0]);
  const [source, setSource] = useState<string>('investigation');
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();
  const load = () => {
    if (organisations) return;
    api
      .get<{ items: { id: string; name: string }[] }>('/organisations', { limit: 100 })
      .then((page) => setOrganisations(page.items), setError);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.post(`/suspects/${suspectId}/organisations`, { organisationId, role, source });
      setSaved(true);
      onSaved();
    });
  };
  return (
    <details className="network-link" onToggle={(e) => (e.currentTarget.open ? load() : undefined)}>
      <summary>{t('network.linkOrganisation')}</summary>
      <form onSubmit={submit} className="network-form">
        <ErrorMessage error={error} />
        {organisations ? (
          <SelectField
            label={t('network.organisation')}
            value={organisationId}
            onValue={setOrganisationId}
            required
            empty={t('network.choose')}
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
          />
        ) : (
          <Loading />
        )}
        <SelectField
          label={t('network.role')}
          value={role}
          onValue={setRole}
          options={SUSPECT_ORGANISATION_ROLES.map((r) => ({ value: r, label: code('network.role', r) }))}
        />
        <SourceField value={source} onValue={setSource} />
        <button type="submit" className="primary" disabled={busy || !organisationId}>
          {t('network.linkOrganisation')}
        </button>
        {saved && <p role="status">{t('network.linkSaved')}</p>}
      </form>
    </details>
  );
}
