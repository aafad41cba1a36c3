// Help reachable from every screen: a button in the header opens a short text about the
// screen in view, with a link to the glossary (roles, the steps of a case, what each
// kind of agency sees).
import { useEffect, useId, useState } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { Link, useRouter } from '../router';
import '../casework.css';

/** The help text of the screen at `path` (the first matching prefix). */
export function helpKeyFor(path: string): MessageKey {
  const rules: [RegExp, MessageKey][] = [
    [/^\/$/, 'help.home'],
    [/^\/cases\/new$/, 'help.register'],
    [/^\/cases\/[^/]+/, 'help.caseFile'],
    [/^\/cases$/, 'help.cases'],
    [/^\/referrals/, 'help.referrals'],
    [/^\/screening/, 'help.screening'],
    [/^\/repatriation-groups/, 'help.group'],
    [/^\/admin/, 'help.admin'],
    [/^\/audit/, 'help.audit'],
    [/^\/account/, 'help.account'],
    [/^\/imports/, 'help.imports'],
    [/^\/review/, 'help.review'],
    [/^\/linkage/, 'help.linkage'],
    [/^\/statistics/, 'help.statistics'],
    [/^\/persons\//, 'help.person'],
    [/^\/help$/, 'help.glossary'],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? 'help.default';
}

export function HelpButton() {
  const { t } = useI18n();
  const { location } = useRouter();
  const [open, setOpen] = useState(false);
  const id = useId();
  useEffect(() => setOpen(false), [location.path]);
  return (
    <div className="help">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {t(open ? 'help.close' : 'help.open')}
      </button>
      {open ? (
        <div id={id} className="help-panel" role="region" aria-label={t('help.open')}>
          <p>{t(helpKeyFor(location.path))}</p>
          {location.path !== '/help' ? (
            <p>
              <Link to="/help">{t('help.glossaryLink')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
