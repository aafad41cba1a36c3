// The glossary, in the reader's language: what a case is, the roles, the steps of a case
// under the 2024 law, and what each kind of agency sees. Reachable from every screen (Help).
import { useI18n, type MessageKey } from '../i18n';
import { useReference } from '../reference';
import { ScreenTitle } from '../components/ui';

const KINDS: [MessageKey, MessageKey][] = [
  ['glossary.kind.owner', 'glossary.kind.ownerSees'],
  ['glossary.kind.shelter', 'glossary.kind.shelterSees'],
  ['glossary.kind.procuracy', 'glossary.kind.procuracySees'],
  ['glossary.kind.ministry', 'glossary.kind.ministrySees'],
];

export function Glossary() {
  const { t } = useI18n();
  const ref = useReference();
  // A role or status without a description here still shows, by its name.
  const describe = (key: string) => (t(key as MessageKey) === key ? null : t(key as MessageKey));
  return (
    <>
      <ScreenTitle sub={t('glossary.intro')}>{t('glossary.title')}</ScreenTitle>
      <p>{t('glossary.case')}</p>
      <section className="panel" aria-labelledby="h-gl-roles">
        <h2 id="h-gl-roles">{t('glossary.roles')}</h2>
        <dl className="glossary">
          {ref.list('roles').map((r) => (
            <div key={r.code}>
              <dt>{r.label}</dt>
              <dd>{describe(`glossary.role.${r.code}`) ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="h-gl-life">
        <h2 id="h-gl-life">{t('glossary.lifecycle')}</h2>
        <p>{t('glossary.lifecycleIntro')}</p>
        <dl className="glossary">
          {ref.list('caseStatuses').map((s) => (
            <div key={s.code}>
              <dt>{s.label}</dt>
              <dd>{describe(`glossary.status.${s.code}`) ?? '—'}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="h-gl-agencies">
        <h2 id="h-gl-agencies">{t('glossary.agencies')}</h2>
        <p>{t('glossary.agenciesIntro')}</p>
        <dl className="glossary">
          {KINDS.map(([who, sees]) => (
            <div key={who}>
              <dt>{t(who)}</dt>
              <dd>{t(sees)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
