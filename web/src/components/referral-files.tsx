// A referral's files and its printable form, under the referral's card: the files are asked for only
// when the reader opens them (a box holds many referrals), and only by those who may open the case.
import { useState } from 'react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Referral } from '../types';
import { Attachments } from './attachments';
import '../i18n/dataio';

export function ReferralFiles({ referral: r, opensCase }: { referral: Referral; opensCase: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="referral-files">
      <p className="no-print">
        <Link to={`/referrals/${r.id}/print`}>{t('dataio.printView')}</Link>
      </p>
      {opensCase ? (
        <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>{t('dataio.referralFiles')}</summary>
          {open ? (
            <Attachments
              caseId={r.caseId}
              scope="referral"
              referralId={r.id}
              canUpload={r.can.attach}
              title={t('dataio.referralFiles')}
              level={0}
            />
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
