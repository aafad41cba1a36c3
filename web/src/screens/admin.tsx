// Administration: agencies (system administrators) and users (system and agency
// administrators), and a way to open a file's access log.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, etagOf } from '../api';
import { useI18n, LANGUAGES, type MessageKey } from '../i18n';
import '../i18n/accounts';
import { RESET_PATH } from './sign-in';
import { useReference } from '../reference';
import { useRouter } from '../router';
import { useMe } from '../session';
import {
  CheckboxGroup,
  ErrorMessage,
  Loading,
  Notice,
  ScreenTitle,
  SelectField,
  TextField,
  useAction,
  useResource,
} from '../components/ui';
import type { Agency, ResetCodeIssued, User } from '../types';

export function Admin() {
  const me = useMe();
  const { t } = useI18n();
  return (
    <>
      <ScreenTitle>{t('admin.title')}</ScreenTitle>
      {me.can.manageAgencies ? <Agencies /> : null}
      {me.can.administerUsers ? <Users /> : null}
      {me.can.readAgencyAccessLogs ? <AccessLogLookup /> : null}
    </>
  );
}

function Agencies() {
  const { t } = useI18n();
  const ref = useReference();
  const agencies = useResource(() => api.get<{ items: Agency[] }>('/agencies'), []);
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({ code: '', name: '', kind: '', province: '' });
  const { busy, error, run } = useAction();

  const add = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await api.post('/agencies', {
        code: form.code.trim(),
        name: form.name.trim(),
        kind: form.kind,
        province: form.province || null,
      });
      setAdding(false);
      setForm({ code: '', name: '', kind: '', province: '' });
      agencies.reload();
    });
  };
  const toggle = (a: Agency) =>
    run(async () => {
      await api.patch(`/agencies/${a.id}`, { disabled: !a.disabled }, null);
      agencies.reload();
    });

  return (
    <section className="panel" aria-labelledby="h-agencies">
      <h2 id="h-agencies">{t('admin.agencies')}</h2>
      <ErrorMessage error={agencies.error ?? error} />
      {agencies.loading && !agencies.data ? <Loading /> : null}
      {agencies.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.agencies')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.kind')}</th>
                <th scope="col">{t('admin.province')}</th>
                <th scope="col">{t('admin.state')}</th>
              </tr>
            </thead>
            <tbody>
              {agencies.data.items.map((a) => (
                <tr key={a.id}>
                  <td data-label={t('admin.code')}>
                    <code>{a.code}</code>
                  </td>
                  <td data-label={t('admin.name')}>{a.name}</td>
                  <td data-label={t('admin.kind')}>{ref.label('agencyKinds', a.kind)}</td>
                  <td data-label={t('admin.province')}>{ref.province(a.province)}</td>
                  <td data-label={t('admin.state')}>
                    {a.disabled ? t('admin.disabled') : t('admin.active')}{' '}
                    <button type="button" onClick={() => void toggle(a)}>
                      {a.disabled ? t('admin.enable') : t('admin.disable')}
                      <span className="visually-hidden"> {a.code}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {adding ? (
        <form onSubmit={add} className="inline-form">
          <h3>{t('admin.addAgency')}</h3>
          <div className="row">
            <TextField
              label={t('admin.code')}
              hint={t('admin.codeHint')}
              required
              value={form.code}
              onValue={(v) => setForm({ ...form, code: v })}
              pattern="[A-Za-z0-9][A-Za-z0-9_\-]{1,31}"
            />
            <TextField
              label={t('admin.name')}
              required
              value={form.name}
              onValue={(v) => setForm({ ...form, name: v })}
            />
          </div>
          <div className="row">
            <SelectField
              label={t('admin.kind')}
              required
              value={form.kind}
              onValue={(v) => setForm({ ...form, kind: v })}
              empty={t('common.choose')}
              options={ref.list('agencyKinds').map((k) => ({ value: k.code, label: k.label }))}
            />
            <SelectField
              label={t('admin.province')}
              value={form.province}
              onValue={(v) => setForm({ ...form, province: v })}
              empty={t('common.none')}
              options={ref.provinces.map((p) => ({ value: p.code, label: p.name }))}
            />
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || !form.code || !form.name || !form.kind}>
              {t('admin.addAgency')}
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setAdding(true)}>
          {t('admin.addAgency')}
        </button>
      )}
    </section>
  );
}

/** A strong password for a new account, shown once to the administrator. */
function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length])
    .join('')
    .replace(/(.{5})(?!$)/g, '$1-');
}

function Users() {
  const { t, code, dateTime } = useI18n();
  const ref = useReference();
  const me = useMe();
  // Whoever manages the agencies administers the users of all of them; others, their own agency's.
  const everyAgency = me.can.administerAllAgencies;
  const [agencyId, setAgencyId] = useState(everyAgency ? '' : me.agencyId);
  const users = useResource(
    () => api.get<{ items: User[] }>('/users', { agencyId: agencyId || undefined }),
    [agencyId],
  );
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState({
    email: '',
    displayName: '',
    agencyId: me.agencyId,
    roles: [] as string[],
    language: 'vi',
  });
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);
  const add = (e: FormEvent) => {
    e.preventDefault();
    const password = generatePassword();
    void run(async () => {
      await api.post('/users', { ...form, email: form.email.trim(), displayName: form.displayName.trim(), password });
      setCreated({ email: form.email.trim(), password });
      setAdding(false);
      setForm({ ...form, email: '', displayName: '', roles: [] });
      users.reload();
    });
  };
  const update = async (u: User, body: Record<string, unknown>, done: MessageKey) => {
    setNotice(null);
    const ok = await run(
      async () => {
        await api.patch(`/users/${u.id}`, body, etagOf(u.version));
        setNotice(t(done, { email: u.email }));
      },
      (err) => {
        // Someone else changed this user: the list reloads with their change.
        if (!(err instanceof ApiError && err.kind === 'precondition-failed')) return false;
        setNotice(t('admin.userChanged'));
        return true;
      },
    );
    users.reload();
    return ok;
  };
  const [issued, setIssued] = useState<(ResetCodeIssued & { email: string }) | null>(null);
  const [editing, setEditing] = useState<{ user: User; roles: string[] } | null>(null);
  // What opens above the list (a reset code, the roles of a user) takes the focus, so it is seen and heard.
  const issuedHeading = useRef<HTMLParagraphElement>(null);
  const editHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => issuedHeading.current?.focus(), [issued]);
  const editingId = editing?.user.id;
  useEffect(() => editHeading.current?.focus(), [editingId]);

  const issueCode = (u: User) => {
    setNotice(null);
    setIssued(null);
    void run(async () => {
      const result = await api.post<ResetCodeIssued>(`/users/${u.id}/reset-code`);
      setIssued({ ...result, email: u.email });
    });
  };
  const saveRoles = (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const { user: u, roles } = editing;
    void update(u, { roles }, 'accounts.rolesSaved').then((ok) => (ok ? setEditing(null) : undefined));
  };

  // The roles the server lets me grant, labelled in my language.
  const roleOptions = me.can.grantableRoles.map((r) => ({ value: r, label: ref.label('roles', r) }));

  return (
    <section className="panel" aria-labelledby="h-users">
      <h2 id="h-users">{t('admin.users')}</h2>
      {everyAgency ? (
        <div className="filters">
          <SelectField
            label={t('admin.agency')}
            value={agencyId}
            onValue={setAgencyId}
            empty={t('common.all')}
            options={ref.agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))}
          />
        </div>
      ) : null}
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {created ? (
        <Notice kind="warning">
          <p>{t('admin.created', { email: created.email })}</p>
          <p>
            <code className="wrap" data-testid="new-password">
              {created.password}
            </code>
          </p>
          <p className="hint">{t('admin.createdHint')}</p>
          <button type="button" onClick={() => setCreated(null)}>
            {t('common.done')}
          </button>
        </Notice>
      ) : null}
      {issued ? (
        <Notice kind="warning">
          <p ref={issuedHeading} tabIndex={-1}>
            {t('accounts.resetIssued', { email: issued.email })}
          </p>
          <p>
            <code className="wrap reset-code" data-testid="reset-code">
              {issued.code}
            </code>
          </p>
          <p className="hint">{t('accounts.resetIssuedHint', { time: dateTime(issued.expiresAt) })}</p>
          <p>
            <code
              className="wrap"
              data-testid="reset-link"
            >{`${window.location.origin}${RESET_PATH}#code=${issued.code}`}</code>
          </p>
          <button type="button" onClick={() => setIssued(null)}>
            {t('common.done')}
          </button>
        </Notice>
      ) : null}
      {editing ? (
        <form onSubmit={saveRoles} className="inline-form">
          <h3 ref={editHeading} tabIndex={-1}>
            {t('accounts.rolesOf', { email: editing.user.email })}
          </h3>
          <CheckboxGroup
            legend={t('admin.roles')}
            hint={t('accounts.rolesHint')}
            columns
            values={editing.roles}
            onValues={(roles) => setEditing({ ...editing, roles })}
            options={roleOptions}
          />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy || editing.roles.length === 0}>
              {t('accounts.saveRoles')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={users.error ?? error} />
      {users.loading && !users.data ? <Loading /> : null}
      {users.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('admin.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.userName')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.agency')}</th>
                <th scope="col">{t('admin.roles')}</th>
                <th scope="col">{t('admin.totp')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">{t('accounts.lastSignIn')}</th>
                <th scope="col">{t('accounts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td data-label={t('admin.userName')}>{u.displayName}</td>
                  <td data-label={t('admin.email')}>{u.email}</td>
                  <td data-label={t('admin.agency')}>{ref.agencyById(u.agencyId)?.code ?? '—'}</td>
                  <td data-label={t('admin.roles')}>{u.roles.map((r) => ref.label('roles', r)).join(', ')}</td>
                  <td data-label={t('admin.totp')}>
                    {u.totpEnabled ? t('common.yes') : t('common.no')}
                    {u.can.resetTotp ? (
                      <>
                        {' '}
                        <button type="button" onClick={() => void update(u, { resetTotp: true }, 'admin.totpReset')}>
                          {t('admin.resetTotp')}
                          <span className="visually-hidden"> {u.email}</span>
                        </button>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t('admin.state')}>
                    {u.disabled ? t('admin.disabled') : t('admin.active')}
                    {u.can.disable ? (
                      <>
                        {' '}
                        <button
                          type="button"
                          onClick={() =>
                            void update(
                              u,
                              { disabled: !u.disabled },
                              u.disabled ? 'admin.userEnabled' : 'admin.userDisabled',
                            )
                          }
                        >
                          {u.disabled ? t('admin.enable') : t('admin.disable')}
                          <span className="visually-hidden"> {u.email}</span>
                        </button>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t('accounts.lastSignIn')}>
                    {u.lastSignInAt ? dateTime(u.lastSignInAt) : t('accounts.never')}
                  </td>
                  <td data-label={t('accounts.actions')} className="row-actions">
                    {u.can.editRoles ? (
                      <button
                        type="button"
                        onClick={() => {
                          setNotice(null);
                          setEditing({
                            user: u,
                            // The roles it holds among those offered (the server refuses to change the others).
                            roles: me.can.grantableRoles.filter((r) => new Set(u.roles).has(r)),
                          });
                        }}
                      >
                        {t('accounts.editRoles')}
                        <span className="visually-hidden"> {u.email}</span>
                      </button>
                    ) : null}{' '}
                    {u.can.resetPassword && !u.disabled ? (
                      <button type="button" onClick={() => issueCode(u)} disabled={busy}>
                        {t('accounts.resetPassword')}
                        <span className="visually-hidden"> {u.email}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {adding ? (
        <form onSubmit={add} className="inline-form">
          <h3>{t('admin.addUser')}</h3>
          <div className="row">
            <TextField
              label={t('admin.email')}
              type="email"
              required
              value={form.email}
              onValue={(v) => setForm({ ...form, email: v })}
              autoComplete="off"
            />
            <TextField
              label={t('admin.userName')}
              required
              value={form.displayName}
              onValue={(v) => setForm({ ...form, displayName: v })}
              autoComplete="off"
            />
          </div>
          <div className="row">
            {everyAgency ? (
              <SelectField
                label={t('admin.agency')}
                value={form.agencyId}
                onValue={(v) => setForm({ ...form, agencyId: v })}
                options={ref.agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))}
              />
            ) : null}
            <SelectField
              label={t('admin.language')}
              value={form.language}
              onValue={(v) => setForm({ ...form, language: v })}
              options={LANGUAGES.map((l) => ({ value: l, label: code('language', l) }))}
            />
          </div>
          <CheckboxGroup
            legend={t('admin.roles')}
            columns
            values={form.roles}
            onValues={(v) => setForm({ ...form, roles: v })}
            options={roleOptions}
          />
          <p className="hint">{t('admin.passwordHint')}</p>
          <div className="actions">
            <button
              type="submit"
              className="primary"
              disabled={busy || !form.email || !form.displayName || form.roles.length === 0}
            >
              {t('admin.addUser')}
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button
          type="button"
          onClick={() => {
            setAdding(true);
            setCreated(null);
          }}
        >
          {t('admin.addUser')}
        </button>
      )}
    </section>
  );
}

function AccessLogLookup() {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [value, setValue] = useState('');
  const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i.exec(value)?.[0];
  return (
    <section className="panel" aria-labelledby="h-lookup">
      <h2 id="h-lookup">{t('admin.accessLookup')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (id) navigate(`/cases/${id}/access-log`);
        }}
      >
        <TextField
          label={t('admin.caseLink')}
          hint={t('admin.caseLinkHint')}
          value={value}
          onValue={setValue}
          autoComplete="off"
        />
        <button type="submit" disabled={!id}>
          {t('admin.openAccessLog')}
        </button>
      </form>
    </section>
  );
}
