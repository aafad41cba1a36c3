// My account: who I am signed in as, changing my password (which ends my other
// sessions), and my authenticator app (second factor), which anyone may add.
import { useState } from 'react';
import { ChangePasswordForm } from '../components/password-form';
import { TotpEnrolment } from '../components/totp-enrolment';
import { Notice, ScreenTitle } from '../components/ui';
import { useI18n } from '../i18n';
import '../i18n/accounts';
import { useMe, useSession } from '../session';

export function Account() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const [ended, setEnded] = useState<number | null>(null);
  const [enrolled, setEnrolled] = useState(false);
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
      <section className="panel account-panel" aria-labelledby="h-totp">
        <h2 id="h-totp">{t('accounts.secondFactor')}</h2>
        {enrolled ? <Notice kind="success">{t('accounts.totpDone')}</Notice> : null}
        {me.totpEnabled ? (
          enrolled ? null : (
            <p>{t('accounts.totpOn')}</p>
          )
        ) : (
          <>
            <p>{t('accounts.totpOff')}</p>
            <TotpEnrolment
              startLabel={t('accounts.totpStart')}
              onDone={async () => {
                setEnrolled(true);
                await refresh();
              }}
            />
          </>
        )}
      </section>
    </>
  );
}
