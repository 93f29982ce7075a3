import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { useAction } from '../../app/useAction';
import { ErrorNotice } from '../../app/ErrorNotice';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { AgendaItemRow, type RowHandlers, type RowMode } from './AgendaItemRow';
import { AgendaTiming } from './AgendaTiming';
import { editStepText } from './editStep';
import { useAgendaDensity } from './density';
import { DensityToggle } from './DensityToggle';
import { HistoryButton } from './HistoryButton';
import styles from './agenda.module.css';
import { Icon } from '../../app/icons';
import { buildIndex, dropPlacement, endPlacement, movesFor, type DropZone, type Placement } from './treeOps';
import { runsMeeting } from '../../../shared/roles';
import { PanelHead } from '../../app/PageHead';
import { EmptyList } from '../../app/EmptyList';

interface Editing {
  id: string;
  mode: Exclude<RowMode, 'view'>;
}

interface DropTarget {
  /** An item id, or null for "the end of the agenda". */
  id: string | null;
  zone: DropZone;
}

const dragType = 'application/x-opencabinet-agenda-item';
const noDocs: readonly DocumentView[] = [];

/** True when the key press belongs to a text field, which keeps its own undo and Tab. */
function inField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The agenda as a numbered, indented list. Rows are flat siblings keyed by id, so a moved
 * item keeps its DOM node and whatever moved it keeps focus.
 */
export function AgendaTree({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const { run, error, clearError } = useAction();
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const refocusId = useRef<string | null>(null);

  const meetingId = view.id;
  const { agenda, documents } = view.content;
  const editable = view.canEdit;
  const canRun = runsMeeting(view.role);
  const index = useMemo(() => buildIndex(agenda), [agenda]);
  const docsById = useMemo(() => new Map(documents.map((d) => [d.id, d])), [documents]);

  // The handlers read the latest state through this ref, so they can stay one stable object.
  const latest = useRef({ index, agenda, editing, dragId, dropTarget });
  latest.current = { index, agenda, editing, dragId, dropTarget };

  const focusRow = useCallback((id: string) => {
    listRef.current?.querySelector<HTMLElement>(`[data-item-id="${CSS.escape(id)}"] > [data-testid="agenda-row"]`)?.focus();
  }, []);

  useEffect(() => {
    const id = refocusId.current;
    if (!id || editing) return;
    refocusId.current = null;
    focusRow(id);
  });


  const addItem = useCallback(
    (parentId: string | null) =>
      void run(async () => {
        const { itemId } = await client.agenda.add({ meetingId, parentId, title: t('agenda.newItem') });
        // Straight into naming it: the placeholder title is rarely what anyone wants.
        setEditing({ id: itemId, mode: 'rename' });
        setFocusedId(itemId);
      }),
    [client, meetingId, run, t],
  );

  const doUndo = useCallback(() => void run(() => client.agenda.undo({ meetingId })), [client, meetingId, run]);
  // In a published meeting an undo changes every delegate's agenda: asked first (issue 16).
  const published = view.content.meta.status !== 'draft';
  const [askUndo, setAskUndo] = useState(false);
  const undo = useCallback(() => (published ? setAskUndo(true) : doUndo()), [published, doUndo]);
  const redo = useCallback(() => void run(() => client.agenda.redo({ meetingId })), [client, meetingId, run]);

  const handlers = useMemo<RowHandlers>(() => {
    const done = (id: string, refocus = false) => {
      if (refocus) refocusId.current = id;
      setEditing(null);
    };
    const move = (id: string, to: Placement) => void run(() => client.agenda.move({ meetingId, itemId: id, parentId: to.parentId, index: to.index }));
    const clearDrag = () => {
      setDragId(null);
      setDropTarget(null);
    };
    return {
      setMode: (id, mode, refocus) => (mode === 'view' ? done(id, refocus) : setEditing({ id, mode })),
      rename: (id, title, refocus) => {
        done(id, refocus);
        void run(() => client.agenda.rename({ meetingId, itemId: id, title }));
      },
      move,
      addChild: (id) => addItem(id),
      update: (id, patch) => {
        done(id, true);
        void run(() => client.agenda.update({ meetingId, itemId: id, ...patch }));
      },
      remove: (id) => {
        done(id);
        void run(() => client.agenda.remove({ meetingId, itemId: id }));
      },
      attach: (id, documentId) => {
        done(id, true);
        void run(() => client.agenda.attachDocument({ meetingId, itemId: id, documentId }));
      },
      detach: (id, documentId) => void run(() => client.agenda.detachDocument({ meetingId, itemId: id, documentId })),
      rowFocus: (id) => setFocusedId(id),
      setCurrent: (id) => void run(() => client.agenda.setCurrent({ meetingId, itemId: id })),
      rowKeyDown: (id, e: KeyboardEvent<HTMLDivElement>) => {
        // Keys typed inside the row's buttons or fields are theirs.
        if (e.target !== e.currentTarget) return;
        const { index: idx, agenda: list } = latest.current;
        const info = idx.byId.get(id);
        if (!info) return;
        const moves = movesFor(idx, id);
        const go = (to: Placement | null) => {
          e.preventDefault();
          if (to) move(id, to);
        };
        if (e.altKey && e.key === 'ArrowUp') go(moves.up);
        else if (e.altKey && e.key === 'ArrowDown') go(moves.down);
        // Tab indents only when it can; otherwise it moves focus on as usual, so the
        // keyboard is never trapped in the list.
        else if (e.key === 'Tab' && !e.shiftKey && moves.indent) go(moves.indent);
        else if (e.key === 'Tab' && e.shiftKey && moves.outdent) go(moves.outdent);
        else if (e.key === 'ArrowUp' || e.key === 'ArrowDown' || e.key === 'Home' || e.key === 'End') {
          const k = e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : info.flat + (e.key === 'ArrowUp' ? -1 : 1);
          const next = list[k];
          if (next) {
            e.preventDefault();
            focusRow(next.id);
          }
        } else if (e.key === 'Enter' || e.key === 'F2') {
          e.preventDefault();
          setEditing({ id, mode: 'rename' });
        } else if (e.key === 'Delete') {
          e.preventDefault();
          setEditing({ id, mode: 'delete' });
        }
      },
      dragStart: (id, e: DragEvent<HTMLDivElement>) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData(dragType, id);
        // Plain text too, so a drop outside the app carries something meaningful.
        e.dataTransfer.setData('text/plain', latest.current.index.byId.get(id)?.item.title ?? '');
        setDragId(id);
      },
      dragOver: (id, e: DragEvent<HTMLDivElement>) => {
        const { dragId: dragging, index: idx, dropTarget: shown } = latest.current;
        if (!dragging) return;
        const rect = e.currentTarget.getBoundingClientRect();
        const y = (e.clientY - rect.top) / Math.max(1, rect.height);
        const zone: DropZone = y < 0.3 ? 'before' : y > 0.7 && !idx.children.get(id)?.length ? 'after' : 'inside';
        const ok = dropPlacement(idx, dragging, id, zone) !== null;
        if (ok) {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
        }
        const next = ok ? { id, zone } : null;
        // dragover fires every few milliseconds: only a real change may cause a render.
        if (shown?.id !== next?.id || shown?.zone !== next?.zone) setDropTarget(next);
      },
      drop: (id, e: DragEvent<HTMLDivElement>) => {
        const { dragId: dragging, index: idx, dropTarget: shown } = latest.current;
        e.preventDefault();
        clearDrag();
        if (!dragging || shown?.id !== id) return;
        const to = dropPlacement(idx, dragging, id, shown.zone);
        if (to) move(dragging, to);
      },
      dragEnd: clearDrag,
    };
  }, [client, meetingId, run, addItem, focusRow]);

  // Ctrl/Cmd+Z and Ctrl+Shift+Z / Ctrl+Y anywhere on the agenda tab, except inside a text
  // field, where the browser's own undo of the typing is what the person means.
  useEffect(() => {
    if (!editable) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || inField(e.target)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        if (view.history?.canUndo) undo();
      } else if ((key === 'z' && e.shiftKey) || (key === 'y' && !e.shiftKey)) {
        e.preventDefault();
        if (view.history?.canRedo) redo();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [editable, view.history?.canUndo, view.history?.canRedo, undo, redo]);

  /** Current version of each attached document, each shown once. */
  function docsFor(ids: readonly string[]): readonly DocumentView[] {
    if (ids.length === 0) return noDocs;
    const out: DocumentView[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      let d = docsById.get(id);
      // Follow the version chain: an item always points its readers at the latest paper.
      for (let hops = 0; d?.supersededBy && hops < 50; hops++) d = docsById.get(d.supersededBy) ?? d;
      if (d && !seen.has(d.id)) {
        seen.add(d.id);
        out.push(d);
      }
    }
    return out;
  }

  function attachableFor(attached: readonly DocumentView[]): readonly DocumentView[] {
    const taken = new Set(attached.map((d) => d.id));
    return documents.filter((d) => d.supersededBy === null && !taken.has(d.id));
  }

  const tabStop = focusedId && index.byId.has(focusedId) ? focusedId : (agenda[0]?.id ?? null);
  const endDrop = dragId !== null && dropTarget?.id === null;

  const [density, setDensity] = useAgendaDensity();
  // The buttons say which of this person's own edits they take back (issue 16).
  const undoWhat = editStepText(t, view.history?.undo ?? null);
  const redoWhat = editStepText(t, view.history?.redo ?? null);
  return (
    <section className={`panel ${styles.agendaPanel}`} data-testid="agenda-panel" aria-labelledby="agenda-heading">
      <PanelHead
        title={t('agenda.title')}
        titleId="agenda-heading"
        lead={<AgendaTiming count={agenda.length} planned={index.planned} startsAt={view.content.meta.startsAt} endsAt={view.content.meta.endsAt} />}
      >
        <div className="panel-tools">
          <DensityToggle density={density} onChange={setDensity} />
          {editable ? (
            <>
            <div className={styles.buttonGroup} role="group" aria-label={t('agenda.history')}>
              <HistoryButton which="undo" what={undoWhat} keys="Ctrl+Z" disabled={!view.history?.canUndo} onClick={undo} />
              <HistoryButton which="redo" what={redoWhat} keys="Ctrl+Shift+Z" disabled={!view.history?.canRedo} onClick={redo} />
            </div>
            <button type="button" className="btn btn-primary" data-testid="agenda-add" onClick={() => addItem(null)}>
              <Icon name="add" />
              {t('agenda.add')}
            </button>
            </>
          ) : (
            <span className="tag tag-readonly">{t('agenda.readOnly')}</span>
          )}
        </div>
      </PanelHead>

      {editable && agenda.length > 0 && <p className={styles.shortcutHint}>{t('agenda.shortcuts')}</p>}
      <ErrorNotice error={error} onDismiss={clearError} testId="agenda-error" />
      {askUndo && (
        <ConfirmDialog
          title={t('agenda.undoPublishedTitle')}
          confirmLabel={undoWhat ? t('agenda.undoWhat', { what: undoWhat }) : t('agenda.undo')}
          onConfirm={() => client.agenda.undo({ meetingId })}
          onClose={() => setAskUndo(false)}
          testId="agenda-undo-confirm-dialog"
          confirmTestId="agenda-undo-confirm"
        >
          {t('agenda.undoPublishedLead')}
        </ConfirmDialog>
      )}

      {agenda.length === 0 ? (
        <EmptyList testId="agenda-tree">{editable ? t('agenda.emptyEditor') : t('agenda.empty')}</EmptyList>
      ) : (
        <ol
          className={`${styles.agendaTree}${editable ? ` ${styles.isEditable}` : ''}${dragId ? ` ${styles.isDragging}` : ''}${density === 'compact' ? ` ${styles.isCompact}` : ''}`}
          data-testid="agenda-tree"
          data-density={density} ref={listRef} aria-label={t('agenda.title')}>
          {agenda.map((item) => {
            const info = index.byId.get(item.id)!;
            const mode = editing?.id === item.id ? editing.mode : 'view';
            const docs = docsFor(item.documentIds);
            return (
              <AgendaItemRow
                key={item.id}
                item={item}
                compact={density === 'compact'}
                editable={editable}
                canRun={canRun}
                current={view.live.currentItemId === item.id}
                mode={mode}
                moves={movesFor(index, item.id)}
                descendants={info.size - 1}
                docs={docs}
                attachable={mode === 'attach' ? attachableFor(docs) : noDocs}
                drop={dropTarget?.id === item.id ? dropTarget.zone : null}
                dragging={dragId === item.id}
                tabbable={tabStop === item.id}
                handlers={handlers}
              />
            );
          })}
        </ol>
      )}
      {editable && dragId !== null && (
        <div
          className={`${styles.agendaEndDrop}${endDrop ? ` ${styles.isOver}` : ''}`}
          data-testid="agenda-end-drop"
          onDragOver={(e) => {
            if (!endPlacement(index, dragId)) return;
            e.preventDefault();
            if (dropTarget?.id !== null || dropTarget.zone !== 'after') setDropTarget({ id: null, zone: 'after' });
          }}
          onDrop={(e) => {
            e.preventDefault();
            const to = endPlacement(index, dragId);
            setDragId(null);
            setDropTarget(null);
            if (to) handlers.move(dragId, to);
          }}
        >
          {t('agenda.dropAtEnd')}
        </div>
      )}
    </section>
  );
}
