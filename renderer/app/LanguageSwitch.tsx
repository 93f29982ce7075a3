import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage, type Language } from '../i18n';
import styles from './Header.module.css';

/** Each language is named in itself, so someone lost in the other one can still find theirs. */
const names: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English' };
const other: Record<Language, Language> = { vi: 'en', en: 'vi' };

/**
 * With two languages a single button that offers the other one is quicker than a menu
 * and works the same with mouse, keyboard and tests.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const target = other[lang];
  return (
    <button
      type="button"
      className={styles.languageSwitch}
      data-testid="language-switch"
      data-language={lang}
      lang={target}
      title={`${t('header.language')}: ${names[lang]} → ${names[target]}`}
      onClick={() => void setLanguage(target)}
    >
      <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.3" />
        <path d="M1.75 8h12.5M8 1.75c-2.2 2.4-2.2 10.1 0 12.5M8 1.75c2.2 2.4 2.2 10.1 0 12.5" fill="none" stroke="currentColor" strokeWidth="1.3" />
      </svg>
      {names[target]}
    </button>
  );
}
