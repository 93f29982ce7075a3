import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { openDocument } from '../../app/navigation';
import { useAction } from '../../app/useAction';
import { Snippet } from './Snippet';
import styles from './search.module.css';

/** Typing pauses shorter than this are still typing; the local index answers in milliseconds. */
const debounceMs = 150;
/** Hits listed per document before "more": one long report must not bury the others. */
const hitsShown = 5;

/** One box that searches every document of the meeting, on this device (works offline). */
export function SearchBox({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<SearchResults | null>(null);
  const { run, error, busy, clearError } = useAction();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const listId = useId();

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      clearError();
      return;
    }
    let current = true;
    const timer = window.setTimeout(() => {
      void run(async () => {
        // A query overtaken by more typing says nothing, not even its failure.
        const r = await client.search.query({ meetingId, text: q }).catch((err: unknown) => {
          if (current) throw err;
          return null;
        });
        if (!current || !r) return;
        setResults(r);
        setExpanded(new Set());
      });
    }, debounceMs);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [client, meetingId, text, run, clearError]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
        setOpen(true);
      }
    }
    function onDown(e: MouseEvent) {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    }
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onDown);
    };
  }, []);

  function go(documentId: string, page: number) {
    setOpen(false);
    openDocument(meetingId, documentId, page, text.trim());
  }

  const showPanel = open && text.trim().length > 0 && (results !== null || error !== null);
  return (
    <div className={styles.searchBox} ref={box} role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        {t('search.label')}
      </label>
      <span className={styles.searchIcon} aria-hidden="true">
        <svg viewBox="0 0 16 16" width="15" height="15">
          <circle cx="7" cy="7" r="4.8" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M10.5 10.5l3.5 3.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </span>
      <input
        id={`${listId}-input`}
        ref={input}
        type="search"
        className={styles.searchInput}
        data-testid="search-input"
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        // A search field may not carry aria-expanded (axe: aria-allowed-attr); it names the
        // results it controls only while they exist.
        aria-controls={showPanel ? listId : undefined}
        onFocus={() => setOpen(true)}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setOpen(false);
          } else if (e.key === 'ArrowDown') {
            e.preventDefault();
            box.current?.querySelector<HTMLButtonElement>('[data-testid="search-hit"]')?.focus();
          }
        }}
      />
      <kbd className={styles.searchShortcut} aria-hidden="true">
        Ctrl+Shift+F
      </kbd>
      {showPanel && (
        <div
          id={listId}
          className={styles.searchResults}
          data-testid="search-results"
          aria-busy={busy}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              input.current?.focus();
            }
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const hits = Array.from(box.current?.querySelectorAll<HTMLButtonElement>('[data-testid="search-hit"]') ?? []);
              const at = hits.indexOf(document.activeElement as HTMLButtonElement);
              const next = hits[at + (e.key === 'ArrowDown' ? 1 : -1)];
              if (next) next.focus();
              else if (e.key === 'ArrowUp') input.current?.focus();
            }
          }}
        >
          {error !== null ? (
            <p className={styles.searchError} role="alert">
              {errorText(tc, error)}
            </p>
          ) : results && results.groups.length === 0 ? (
            <p className={styles.searchEmpty} data-testid="search-empty" role="status">
              {t('search.none', { query: results.query })}
            </p>
          ) : (
            results && (
              <>
                <p className={styles.searchSummary} role="status">
                  {t('search.summary', { count: results.totalHits, documents: results.groups.length })}
                </p>
                {results.groups.map((g) => (
                  <section key={g.documentId} className={styles.searchGroup} data-testid="search-group" data-document-id={g.documentId} aria-label={g.title}>
                    <h3 className={styles.searchGroupTitle}>
                      <span>{g.title}</span>
                      <span className="rd-count">{g.hits.length}</span>
                    </h3>
                    <ul>
                      {(expanded.has(g.documentId) ? g.hits : g.hits.slice(0, hitsShown)).map((h, i) => (
                        <li key={`${h.page}-${i}`}>
                          <button type="button" className={styles.searchHit} data-testid="search-hit" data-page={h.page} onClick={() => go(g.documentId, h.page)}>
                            <span className={styles.searchHitPage}>{t('page.short', { page: h.page })}</span>
                            <Snippet text={h.snippet} />
                          </button>
                        </li>
                      ))}
                    </ul>
                    {g.hits.length > hitsShown && !expanded.has(g.documentId) && (
                      <button type="button" className={styles.searchMore} data-testid="search-more" onClick={() => setExpanded((x) => new Set(x).add(g.documentId))}>
                        {t('search.more', { count: g.hits.length - hitsShown })}
                      </button>
                    )}
                  </section>
                ))}
              </>
            )
          )}
        </div>
      )}
    </div>
  );
}
