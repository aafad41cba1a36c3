// My account: who I am signed in as, and changing my password (which ends my
// other sessions).
import { useState } from 'react';
import { ChangePasswordForm } from '../components/password-form';
import { Notice, ScreenTitle } from '../components/ui';
import { useI18n } from '../i18n';
import { useMe } from '../session';

export function Account() {
  const { t } = useI18n();
  const me = useMe();
  const [ended, setEnded] = useState<number | null>(null);
  return (
    <>
      <ScreenTitle sub={me.email}>{t('account.title')}</ScreenTitle>
      <section className="panel account-panel" aria-labelledby="h-password">
        <h2 id="h-password">{t('account.changePassword')}</h2>
        {ended !== null ? (
          <Notice kind="success">
            {ended > 0 ? t('account.passwordChangedOthers', { count: ended }) : t('account.passwordChanged')}
          </Notice>
        ) : null}
        <ChangePasswordForm
          submitLabel={t('account.changePassword')}
          onChanged={(result) => setEnded(result.endedSessions)}
        />
      </section>
    </>
  );
}
