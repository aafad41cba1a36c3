// Campaign sites (issue 14 §3): the places where posters hang, each with the link its posters carry
// (/report?site=CODE) to copy, and its poster to download in the language and size chosen. Those who keep
// the register (`can.manageSites`) add sites and edit them (If-Match: someone else's change reloads the list).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, API, etagOf } from '../api';
import {
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  StatusBadge,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import { POSTER_SIZES, SITE_CODE, SITE_KINDS, type Language, type PosterSize } from '../contract';
import { LANGUAGES, useI18n, type MessageKey } from '../i18n';
import '../i18n/sites';
import { useReference } from '../reference';
import { useMe } from '../session';
import type { Site } from '../types';

const kindKey = (kind: string) => `sites.kind.${kind}` as MessageKey;
const sizeKey = (size: string) => `sites.size.${size}` as MessageKey;

export function Sites() {
  const me = useMe();
  const { t } = useI18n();
  if (!me.can.seeSites)
    return (
      <>
        <ScreenTitle>{t('sites.title')}</ScreenTitle>
        <p>{t('sites.notAllowed')}</p>
      </>
    );
  return <SiteRegister manage={me.can.manageSites} />;
}

function SiteRegister({ manage }: { manage: boolean }) {
  const { t, code: label } = useI18n();
  const ref = useReference();
  const sites = useResource(() => api.get<{ items: Site[] }>('/sites'), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Site | null>(null);
  const [posterLang, setPosterLang] = useState<Language>('vi');
  const [posterSize, setPosterSize] = useState<PosterSize>('A4');
  const [copied, setCopied] = useState<string | null>(null);

  const copy = (site: Site) => {
    void navigator.clipboard?.writeText(site.link).then(
      () => setCopied(site.code),
      () => setCopied(null),
    );
  };
  const posterUrl = (site: Site) =>
    `${API}/sites/${encodeURIComponent(site.code)}/poster.pdf?lang=${posterLang}&size=${posterSize}`;

  return (
    <>
      <ScreenTitle sub={t('sites.intro')}>{t('sites.title')}</ScreenTitle>
      {notice ? (
        <Notice kind="success">
          <p>{notice}</p>
        </Notice>
      ) : null}
      {manage ? (
        <AddSite
          onAdded={(site) => {
            setNotice(t('sites.added', { code: site.code, link: site.link }));
            sites.reload();
          }}
        />
      ) : null}
      {editing ? (
        <EditSite
          key={editing.code}
          site={editing}
          onDone={(message) => {
            setEditing(null);
            if (message) setNotice(message);
            sites.reload();
          }}
        />
      ) : null}
      <section className="panel panel-wide" aria-labelledby="h-sites">
        <h2 id="h-sites">{t('sites.list')}</h2>
        <p>{t('sites.posterIntro')}</p>
        <div className="filters">
          <SelectField
            label={t('sites.posterLanguage')}
            value={posterLang}
            onValue={(v) => setPosterLang(v as Language)}
            options={LANGUAGES.map((l) => ({ value: l, label: label('language', l) }))}
          />
          <SelectField
            label={t('sites.posterSize')}
            value={posterSize}
            onValue={(v) => setPosterSize(v as PosterSize)}
            options={POSTER_SIZES.map((s) => ({ value: s, label: t(sizeKey(s)) }))}
          />
        </div>
        {sites.loading && !sites.data ? <Loading /> : null}
        <ErrorMessage error={sites.error} />
        {sites.data && sites.data.items.length === 0 ? <p>{t('sites.none')}</p> : null}
        {sites.data && sites.data.items.length > 0 ? (
          <div className="table-wrap">
            <table className="cases">
              <caption className="visually-hidden">{t('sites.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sites.code')}</th>
                  <th scope="col">{t('sites.name')}</th>
                  <th scope="col">{t('sites.kind')}</th>
                  <th scope="col">{t('sites.province')}</th>
                  <th scope="col">{t('sites.state')}</th>
                  <th scope="col">{t('sites.link')}</th>
                  <th scope="col">{t('sites.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {sites.data.items.map((site) => (
                  <tr key={site.code} data-site={site.code}>
                    <td className="site-code">
                      <strong>{site.code}</strong>
                    </td>
                    <td>{site.name}</td>
                    <td>{t(kindKey(site.kind))}</td>
                    <td>{site.province ? ref.province(site.province) : '—'}</td>
                    <td>
                      <StatusBadge
                        status={site.active ? 'in_support' : 'closed'}
                        label={site.active ? t('sites.active') : t('sites.inactive')}
                      />
                    </td>
                    <td>
                      <input
                        className="site-link"
                        readOnly
                        value={site.link}
                        aria-label={`${t('sites.link')} ${site.code}`}
                        onFocus={(e) => e.currentTarget.select()}
                      />{' '}
                      <button type="button" onClick={() => copy(site)}>
                        {t('sites.copy')}
                      </button>
                      {copied === site.code ? (
                        <span role="status" className="hint">
                          {' '}
                          {t('sites.copied')}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <div className="actions">
                        {site.active ? (
                          <a
                            href={posterUrl(site)}
                            download
                            aria-label={t('sites.downloadOf', {
                              name: site.name,
                              size: posterSize,
                              language: label('language', posterLang),
                            })}
                          >
                            {t('sites.download')}
                          </a>
                        ) : (
                          <span className="hint">{t('sites.noPoster')}</span>
                        )}
                        {manage ? (
                          <button type="button" onClick={() => setEditing(site)}>
                            {t('sites.edit')}
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function useKindAndProvinceOptions() {
  const { t } = useI18n();
  const ref = useReference();
  return {
    kinds: SITE_KINDS.map((k) => ({ value: k, label: t(kindKey(k)) })),
    provinces: ref.provinces.map((p) => ({ value: p.code, label: p.name })),
  };
}

function AddSite({ onAdded }: { onAdded: (site: Site) => void }) {
  const { t } = useI18n();
  const options = useKindAndProvinceOptions();
  const empty = { code: '', name: '', kind: '', province: '' };
  const [draft, setDraft] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const code = draft.code.trim().toUpperCase();
    const next: Record<string, string> = {};
    if (!SITE_CODE.test(code)) next.code = t('sites.errCode');
    if (!draft.name.trim()) next.name = t('sites.errName');
    if (!draft.kind) next.kind = t('sites.errKind');
    setErrors(next);
    if (Object.keys(next).length) return;
    let created: Site | null = null;
    const ok = await create.run(async () => {
      created = await api.post<Site>('/sites', {
        code,
        name: draft.name.trim(),
        kind: draft.kind,
        ...(draft.province ? { province: draft.province } : {}),
      });
    });
    if (ok && created) {
      setDraft(empty);
      onAdded(created);
    }
  };
  return (
    <section className="panel" aria-labelledby="h-add-site">
      <h2 id="h-add-site">{t('sites.add')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <TextField
          label={t('sites.code')}
          required
          value={draft.code}
          onValue={(v) => setDraft({ ...draft, code: v.toUpperCase() })}
          maxLength={16}
          autoCapitalize="characters"
          hint={t('sites.codeHint')}
          error={errors.code}
        />
        <TextField
          label={t('sites.name')}
          required
          value={draft.name}
          onValue={(v) => setDraft({ ...draft, name: v })}
          maxLength={200}
          error={errors.name}
        />
        <SelectField
          label={t('sites.kind')}
          required
          value={draft.kind}
          onValue={(v) => setDraft({ ...draft, kind: v })}
          empty="—"
          options={options.kinds}
          error={errors.kind}
        />
        <SelectField
          label={t('sites.province')}
          value={draft.province}
          onValue={(v) => setDraft({ ...draft, province: v })}
          empty={t('sites.noProvince')}
          options={options.provinces}
        />
        <ErrorMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>
            {t('sites.addButton')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditSite({ site, onDone }: { site: Site; onDone: (message: string | null) => void }) {
  const { t } = useI18n();
  const options = useKindAndProvinceOptions();
  const [draft, setDraft] = useState({
    name: site.name,
    kind: site.kind as string,
    province: site.province ?? '',
    active: site.active,
  });
  const [error, setError] = useState<string | null>(null);
  const save = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) {
      setError(t('sites.errName'));
      return;
    }
    setError(null);
    const changes: Record<string, unknown> = {};
    if (draft.name.trim() !== site.name) changes.name = draft.name.trim();
    if (draft.kind !== site.kind) changes.kind = draft.kind;
    if ((draft.province || null) !== site.province) changes.province = draft.province || null;
    if (draft.active !== site.active) changes.active = draft.active;
    if (Object.keys(changes).length === 0) return onDone(null);
    let changed = false;
    const ok = await save.run(
      async () => {
        await api.patch<Site>(`/sites/${encodeURIComponent(site.code)}`, changes, etagOf(site.version));
      },
      (err) => {
        if (!(err instanceof ApiError && err.kind === 'precondition-failed')) return false;
        changed = true;
        return true;
      },
    );
    if (changed) onDone(t('sites.changed'));
    else if (ok) onDone(t('sites.saved', { code: site.code }));
  };
  return (
    <section className="panel" aria-labelledby="h-edit-site">
      <h2 id="h-edit-site" ref={heading} tabIndex={-1}>
        {t('sites.editTitle', { code: site.code })}
      </h2>
      <form onSubmit={(e) => void submit(e)} noValidate className="stack">
        <TextField
          label={t('sites.name')}
          required
          value={draft.name}
          onValue={(v) => setDraft({ ...draft, name: v })}
          maxLength={200}
          error={error}
        />
        <SelectField
          label={t('sites.kind')}
          required
          value={draft.kind}
          onValue={(v) => setDraft({ ...draft, kind: v })}
          options={options.kinds}
        />
        <SelectField
          label={t('sites.province')}
          value={draft.province}
          onValue={(v) => setDraft({ ...draft, province: v })}
          empty={t('sites.noProvince')}
          options={options.provinces}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />{' '}
          {t('sites.activeLabel')}
        </label>
        <ErrorMessage error={save.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.busy}>
            {t('common.save')}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
