import { useTranslation } from 'react-i18next';
import { Icon } from '../../app/icons';
import { newOptionId, type DraftOption } from './builderModel';
import styles from './voting.module.css';

interface Props {
  options: DraftOption[];
  election: boolean;
  error?: string;
  onChange(options: DraftOption[]): void;
}

/** The choices (or candidates) of a poll: typed one per line, reordered, removed. */
export function OptionsEditor({ options, election, error, onChange }: Props) {
  const { t } = useTranslation('voting');
  const set = (i: number, label: string) => onChange(options.map((o, j) => (j === i ? { ...o, label } : o)));
  const remove = (i: number) => onChange(options.filter((_, j) => j !== i));
  const move = (i: number, by: -1 | 1) => {
    const next = [...options];
    const [o] = next.splice(i, 1);
    next.splice(i + by, 0, o!);
    onChange(next);
  };
  const noun = election ? t('builder.candidate') : t('builder.option');
  return (
    <fieldset className={`${styles.vtFieldset} span-2`} aria-invalid={error ? true : undefined}>
      <legend>{election ? t('builder.candidates') : t('builder.options')}</legend>
      <ol className={styles.vtOptions}>
        {options.map((o, i) => (
          <li key={o.id} className={styles.vtOptionRow}>
            <span className={styles.vtOptionNo} aria-hidden="true">
              {i + 1}.
            </span>
            <input
              data-testid="poll-option-input"
              value={o.label}
              aria-label={t('builder.optionLabel', { noun, number: i + 1 })}
              placeholder={election ? t('builder.candidatePlaceholder') : t('builder.optionPlaceholder')}
              maxLength={300}
              onChange={(e) => set(i, e.target.value)}
              onKeyDown={(e) => {
                // Enter on the last line adds the next one, as in a list typed on paper.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (i === options.length - 1) onChange([...options, { id: newOptionId(), label: '' }]);
                }
              }}
            />
            <button type="button" className="icon-button icon-button-small" aria-label={t('builder.moveUp', { number: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>
              <Icon name="up" />
            </button>
            <button type="button" className="icon-button icon-button-small" aria-label={t('builder.moveDown', { number: i + 1 })} disabled={i === options.length - 1} onClick={() => move(i, 1)}>
              <Icon name="down" />
            </button>
            <button type="button" className="icon-button icon-button-small icon-button-danger" aria-label={t('builder.removeOption', { number: i + 1 })} onClick={() => remove(i)}>
              <Icon name="trash" />
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-small" data-testid="poll-add-option" onClick={() => onChange([...options, { id: newOptionId(), label: '' }])}>
        <Icon name="add" />
        {election ? t('builder.addCandidate') : t('builder.addOption')}
      </button>
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
