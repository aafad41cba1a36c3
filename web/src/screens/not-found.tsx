import { useI18n } from '../i18n';
import { Link } from '../router';
import { ScreenTitle } from '../components/ui';

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <ScreenTitle>{t('notFound.title')}</ScreenTitle>
      <p>{t('notFound.help')}</p>
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </>
  );
}
