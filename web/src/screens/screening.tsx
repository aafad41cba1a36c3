// Screening: waiting for the screening API to settle (see the report of issue 5).
// TODO(screening): the form with indicator questions grouped by dimension, the
// outcome and explanation updating live (POST /screening/classify), questions that
// could still change the outcome highlighted (askNext), drafts and finalising.
import { useI18n } from '../i18n';
import { Notice, ScreenTitle } from '../components/ui';

export function ScreeningSection({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="h-screening" data-case={caseId}>
      <h2 id="h-screening">{t('caseFile.screening')}</h2>
      <Notice>{t('screening.soon')}</Notice>
    </section>
  );
}

export function ScreeningPlaceholder() {
  const { t } = useI18n();
  return (
    <>
      <ScreenTitle>{t('screening.title')}</ScreenTitle>
      <Notice>{t('screening.soon')}</Notice>
    </>
  );
}
