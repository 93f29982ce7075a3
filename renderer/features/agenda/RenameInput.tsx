import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  initial: string;
  number: string;
  /** `refocus` is true when the edit ended from the keyboard, so focus should return to the item. */
  onSave(title: string, refocus: boolean): void;
  onCancel(refocus: boolean): void;
}

/** Enter saves, Escape cancels; leaving the field saves too, so a click elsewhere loses nothing. */
export function RenameInput({ initial, number, onSave, onCancel }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  // Set once the edit has ended, so the blur that follows Enter/Escape does not act again.
  const done = useRef(false);

  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);

  function finish(save: boolean, refocus: boolean) {
    if (done.current) return;
    done.current = true;
    const title = value.trim();
    if (save && title && title !== initial) onSave(title, refocus);
    else onCancel(refocus);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(true, true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      finish(false, true);
    }
  }

  return (
    <input
      ref={ref}
      className="rename-input"
      data-testid="agenda-rename-input"
      value={value}
      maxLength={500}
      aria-label={t('agenda.renameLabel', { number })}
      title={t('agenda.renameHint')}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(true, false)}
    />
  );
}
