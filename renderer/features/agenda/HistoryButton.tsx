import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';

interface Props {
  which: 'undo' | 'redo';
  /** What the step does ("đổi tên mục 3"), or null when the core cannot say. */
  what: string | null;
  keys: string;
  disabled: boolean;
  onClick(): void;
}

/** Undo or redo, named by the edit it takes back or puts again (issue 16). */
export function HistoryButton({ which, what, keys, disabled, onClick }: Props) {
  const { t } = useTranslation();
  const named = what ? t(`agenda.${which}What`, { what }) : null;
  return (
    <button
      type="button"
      className="btn btn-small btn-icon"
      data-testid={`agenda-${which}`}
      disabled={disabled}
      onClick={onClick}
      aria-label={named ?? undefined}
      title={named ? `${named} (${keys})` : t(`agenda.${which}Hint`)}
    >
      <Icon name={which} />
      {t(`agenda.${which}`)}
    </button>
  );
}
