import { useTranslation } from 'react-i18next';
import { Confidentiality } from '../../shared/meeting-enums';
import { Options } from './Options';

/** The `<option>`s of a confidentiality select, for a meeting or a document. */
export function ConfidentialityOptions() {
  const { t } = useTranslation();
  return <Options values={Confidentiality.options} label={(c) => t(`confidentiality.${c}`)} />;
}
