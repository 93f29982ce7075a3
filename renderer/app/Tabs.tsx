import { useRef, type KeyboardEvent } from 'react';
import styles from './Tabs.module.css';

export interface TabDef<K extends string> {
  key: K;
  label: string;
  /** A count or marker shown after the label. */
  badge?: string | number;
}

interface Props<K extends string> {
  tabs: readonly TabDef<K>[];
  selected: K;
  onSelect(key: K): void;
  label: string;
  idPrefix: string;
}

/** WAI-ARIA tabs: one tab stop, arrow keys and Home/End move between tabs and select them. */
export function Tabs<K extends string>({ tabs, selected, onSelect, label, idPrefix }: Props<K>) {
  const refs = useRef(new Map<K, HTMLButtonElement>());
  function onKeyDown(e: KeyboardEvent) {
    const i = tabs.findIndex((tab) => tab.key === selected);
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const key = tabs[next]!.key;
    onSelect(key);
    refs.current.get(key)?.focus();
  }
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((tab) => {
        const active = tab.key === selected;
        return (
          <button
            key={tab.key}
            ref={(el) => {
              if (el) refs.current.set(tab.key, el);
              else refs.current.delete(tab.key);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${tab.key}`}
            // Only the selected tab's panel is rendered; the others would point at nothing.
            aria-controls={active ? `${idPrefix}-panel-${tab.key}` : undefined}
            aria-selected={active}
            tabIndex={active ? 0 : -1}
            className={`tab${active ? ` ${styles.isSelected}` : ''}`}
            data-testid={`tab-${tab.key}`}
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
            {tab.badge !== undefined && <span className={styles.tabBadge}>{tab.badge}</span>}
          </button>
        );
      })}
    </div>
  );
}
