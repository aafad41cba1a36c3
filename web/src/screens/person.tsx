// One person, outside a case: where the registration warning, a merge or the linkage history
// leads (an imported person may have no case yet). The facts the caller may read, and what
// record linkage says about the person.
import { api } from '../api';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { PersonLinkage } from '../components/person-linkage';
import { ErrorMessage, Loading, ScreenTitle, useResource } from '../components/ui';
import type { PersonView } from '../types';
import '../consolidation.css';
import '../i18n/consolidation';

export function Person({ id }: { id: string }) {
  const { t, date } = useI18n();
  const ref = useReference();
  const person = useResource(() => api.get<PersonView>(`/persons/${id}`), [id]);
  const p = person.data;
  if (person.loading && !p) return <Loading />;
  if (!p) return <ErrorMessage error={person.error} />;
  return (
    <>
      <ScreenTitle>{p.displayName}</ScreenTitle>
      <section className="panel" aria-labelledby="h-person-facts">
        <h2 id="h-person-facts">{t('person.title')}</h2>
        <dl className="facts">
          <dt>{t('person.sex')}</dt>
          <dd>{ref.label('sexes', p.sex)}</dd>
          <dt>{t('person.age')}</dt>
          <dd>
            {p.ageYears === null
              ? t('common.unknown')
              : p.dateOfBirth
                ? `${p.ageYears} (${date(p.dateOfBirth)})`
                : t('person.ageEstimated', { n: p.ageYears })}
          </dd>
          <dt>{t('column.province')}</dt>
          <dd>
            {ref.province(p.province)}
            {p.provinceFormer ? ` (${t('imports.formerly', { name: p.provinceFormer })})` : ''}
          </dd>
          <dt>{t('person.citizenship')}</dt>
          <dd>{ref.country(p.citizenship)}</dd>
          <dt>{t('person.owner')}</dt>
          <dd>{ref.agencyById(p.ownerAgencyId)?.name ?? '—'}</dd>
        </dl>
      </section>
      <PersonLinkage personId={id} onMerged={person.reload} />
    </>
  );
}
