import { useTranslation } from 'react-i18next';
import { Confidentiality } from '../../shared/meeting-enums';

/** The `<option>`s of a confidentiality select, for a meeting or a document. */
export function ConfidentialityOptions() {
  const { t } = useTranslation();
  return (
    <>
      {Confidentiality.options.map((c) => (
        <option key={c} value={c}>
          {t(`confidentiality.${c}`)}
        </option>
      ))}
    </>
  );
}
