// The language switcher: labelled "Ngôn ngữ" / "Language" / "Langue".
import { useId } from 'react';
import { isLanguage, LANGUAGES, useI18n, type MessageKey } from '../i18n';
import { useSession } from '../session';

export function LanguageSwitcher() {
  const { t, lang } = useI18n();
  const { setLanguage, languageSaved } = useSession();
  const id = useId();
  return (
    <div className="language">
      <label htmlFor={id}>{t('language.label')}</label>
      <select
        id={id}
        value={lang}
        onChange={(e) => {
          if (isLanguage(e.target.value)) setLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}` as MessageKey)}
          </option>
        ))}
      </select>
      {languageSaved === false ? (
        <span className="hint" role="status">
          {t('language.savedOnDevice')}
        </span>
      ) : null}
    </div>
  );
}
