import { memo, type CSSProperties, type DragEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgendaItemView, DocumentView } from '../../../shared/ydoc/meeting';
import { formatDuration } from '../../app/format';
import { AttachPicker } from './AttachPicker';
import { DeleteConfirm } from './DeleteConfirm';
import { DetailsEditor, type DetailsPatch } from './DetailsEditor';
import { Icon, type IconName } from '../../app/icons';
import { ItemDocuments } from './ItemDocuments';
import { ItemPolls } from '../voting';
import { ItemConclusion } from '../conclusions';
import { RenameInput } from './RenameInput';
import { canAddChild, sameMoves, type DropZone, type Placement, type RowMoves } from './treeOps';
import { visibleText } from '../../app/visible-text';
import styles from './agenda.module.css';
import { sameFields } from '../../app/sameFields';

export type RowMode = 'view' | 'rename' | 'details' | 'delete' | 'attach';

/**
 * One stable object for every row, taking the item id: rows can then be memoised, because
 * the handlers never change identity when the agenda does.
 */
export interface RowHandlers {
  setMode(id: string, mode: RowMode, refocus?: boolean): void;
  rename(id: string, title: string, refocus: boolean): void;
  move(id: string, to: Placement): void;
  addChild(id: string): void;
  update(id: string, patch: DetailsPatch): void;
  remove(id: string): void;
  attach(id: string, documentId: string): void;
  detach(id: string, documentId: string): void;
  rowKeyDown(id: string, e: KeyboardEvent<HTMLDivElement>): void;
  rowFocus(id: string): void;
  /** Move the meeting to this item, or (null) end the current one. */
  setCurrent(id: string | null): void;
  dragStart(id: string, e: DragEvent<HTMLDivElement>): void;
  dragOver(id: string, e: DragEvent<HTMLDivElement>): void;
  drop(id: string, e: DragEvent<HTMLDivElement>): void;
  dragEnd(): void;
}

interface Props {
  item: AgendaItemView;
  /** One line: number, title, presenter, time and a document count (density.ts). */
  compact: boolean;
  editable: boolean;
  /** The chair, vice chair or secretariat: may move the meeting to this item. */
  canRun: boolean;
  current: boolean;
  mode: RowMode;
  moves: RowMoves;
  descendants: number;
  /** Attached documents, resolved to their current version. */
  docs: readonly DocumentView[];
  /** Only filled while the attach picker is open, so other rows never see it change. */
  attachable: readonly DocumentView[];
  drop: DropZone | null;
  dragging: boolean;
  /** Roving tab stop: one row of the list is reachable with Tab. */
  tabbable: boolean;
  handlers: RowHandlers;
}

function AgendaItemRowImpl({ item, compact, editable, canRun, current, mode, moves, descendants, docs, attachable, drop, dragging, tabbable, handlers }: Props) {
  const { t } = useTranslation();
  const id = item.id;
  const style = { '--depth': item.depth } as CSSProperties;
  const classes = [styles.agendaItem, styles[`depth-${Math.min(item.depth, 3)}`] ?? ''];
  if (current) classes.push(styles.isCurrent);
  if (mode !== 'view') classes.push(styles.isActive);
  if (dragging) classes.push(styles.isDragging);
  if (drop) classes.push(styles[`drop-${drop}`] ?? '');

  return (
    <li className={classes.filter(Boolean).join(' ')} data-testid="agenda-item" data-item-id={id} data-number={item.number} data-drop={drop ?? undefined} style={style}>
      <div
        className={styles.agendaRow}
        data-testid="agenda-row"
        tabIndex={editable ? (tabbable ? 0 : -1) : undefined}
        aria-label={editable ? t('agenda.rowLabel', { number: item.number, title: visibleText(item.title) }) : undefined}
        aria-keyshortcuts={editable ? 'Alt+ArrowUp Alt+ArrowDown Tab Shift+Tab Enter Delete' : undefined}
        draggable={editable && mode === 'view'}
        onKeyDown={editable ? (e) => handlers.rowKeyDown(id, e) : undefined}
        onFocus={editable ? (e) => e.target === e.currentTarget && handlers.rowFocus(id) : undefined}
        onDragStart={editable ? (e) => handlers.dragStart(id, e) : undefined}
        onDragOver={editable ? (e) => handlers.dragOver(id, e) : undefined}
        onDrop={editable ? (e) => handlers.drop(id, e) : undefined}
        onDragEnd={editable ? () => handlers.dragEnd() : undefined}
      >
        {editable && (
          <span className={styles.dragHandle} aria-hidden="true" title={t('agenda.dragHint')}>
            <Icon name="grip" />
          </span>
        )}
        <span className={styles.agendaNumber} data-testid="agenda-number">{item.number}</span>
        <div className={styles.agendaBody}>
          {mode === 'rename' ? (
            <RenameInput
              initial={item.title}
              number={item.number}
              onSave={(title, refocus) => handlers.rename(id, title, refocus)}
              onCancel={(refocus) => handlers.setMode(id, 'view', refocus)}
            />
          ) : editable ? (
            <button
              type="button"
              className={`${styles.agendaTitle} ${styles.agendaTitleButton}`}
              data-testid="agenda-item-title"
              tabIndex={-1}
              title={t('agenda.rename', { number: item.number, title: visibleText(item.title) })}
              onClick={() => handlers.setMode(id, 'rename')}
            >
              {visibleText(item.title)}
            </button>
          ) : (
            <span className={styles.agendaTitle} data-testid="agenda-item-title">
              {visibleText(item.title)}
            </span>
          )}
          <div className={styles.agendaMeta}>
            {current && <span className={`tag ${styles.tagCurrent}`} data-testid="agenda-current-tag">{t('agenda.current')}</span>}
            {item.presenter && (
              <span className={styles.agendaPresenter} data-testid="agenda-item-presenter">
                {item.presenter}
              </span>
            )}
          </div>
          {/* Outside the meta, so a long presenter is shortened and the count never is. */}
          {compact && docs.length > 0 && (
            <span className={styles.agendaDocCount} data-testid="agenda-item-doc-count" title={docs.map((d) => visibleText(d.title)).join('\n')}>
              <Icon name="doc" />
              {t('agenda.docCount', { count: docs.length })}
            </span>
          )}
          {!compact && (
            <>
              <ItemDocuments itemNumber={item.number} docs={docs} editable={editable} onDetach={(documentId) => handlers.detach(id, documentId)} />
              {/* Reads its polls from the voting store itself, so the row's memo stays as it is. */}
              <ItemPolls itemId={id} />
              <ItemConclusion itemId={id} />
            </>
          )}
        </div>
        <span className={styles.agendaDuration} data-testid="agenda-item-duration">
          {item.durationMin !== null ? formatDuration(item.durationMin, t) : ''}
        </span>
        {canRun && (
          <button
            type="button"
            className={`btn btn-small ${styles.agendaRun}${current ? ` ${styles.isCurrent}` : ''}`}
            data-testid={current ? 'agenda-end-item' : 'agenda-start-item'}
            title={current ? t('agenda.endTitle', { number: item.number }) : t('agenda.startTitle', { number: item.number })}
            onClick={() => handlers.setCurrent(current ? null : id)}
          >
            {current ? t('agenda.end') : t('agenda.start')}
          </button>
        )}
        {editable && (
          <div className={styles.agendaActions} role="group" aria-label={t('agenda.itemActions', { number: item.number })}>
            <ActionButton icon="addChild" label={t('agenda.addSub')} testId="agenda-add-child" disabled={!canAddChild(item)} onClick={() => handlers.addChild(id)} />
            <ActionButton icon="up" label={t('agenda.moveUp')} testId="agenda-move-up" to={moves.up} onMove={(to) => handlers.move(id, to)} />
            <ActionButton icon="down" label={t('agenda.moveDown')} testId="agenda-move-down" to={moves.down} onMove={(to) => handlers.move(id, to)} />
            <ActionButton icon="outdent" label={t('agenda.outdent')} testId="agenda-outdent" to={moves.outdent} onMove={(to) => handlers.move(id, to)} />
            <ActionButton icon="indent" label={t('agenda.indent')} testId="agenda-indent" to={moves.indent} onMove={(to) => handlers.move(id, to)} />
            <ActionButton icon="attach" label={t('agenda.attach')} testId="agenda-attach" onClick={() => handlers.setMode(id, 'attach')} />
            <ActionButton icon="edit" label={t('agenda.edit')} testId="agenda-edit" onClick={() => handlers.setMode(id, 'details')} />
            <ActionButton icon="trash" label={t('agenda.delete')} testId="agenda-delete" danger onClick={() => handlers.setMode(id, 'delete')} />
          </div>
        )}
      </div>
      {mode === 'details' && <DetailsEditor item={item} onSave={(patch) => handlers.update(id, patch)} onCancel={() => handlers.setMode(id, 'view', true)} />}
      {mode === 'attach' && <AttachPicker candidates={attachable} onAttach={(documentId) => handlers.attach(id, documentId)} onCancel={() => handlers.setMode(id, 'view', true)} />}
      {mode === 'delete' && (
        <DeleteConfirm title={visibleText(item.title)} descendants={descendants} onConfirm={() => handlers.remove(id)} onCancel={() => handlers.setMode(id, 'view', true)} />
      )}
    </li>
  );
}

/** What the row shows of its item, of its documents, and of its own props. */
const itemFields = ['id', 'title', 'number', 'depth', 'parentId', 'durationMin', 'presenter', 'speakingLimitMin', 'speakingBudgetMin'] as const satisfies readonly (keyof AgendaItemView)[];
const docFields = ['id', 'title', 'pages', 'version', 'confidentiality'] as const satisfies readonly (keyof DocumentView)[];
const rowFields = ['compact', 'editable', 'canRun', 'current', 'mode', 'descendants', 'drop', 'dragging', 'tabbable', 'handlers'] as const satisfies readonly (keyof Props)[];

function sameItem(a: AgendaItemView, b: AgendaItemView): boolean {
  if (a === b) return true;
  if (!sameFields(a, b, itemFields) || a.documentIds.length !== b.documentIds.length) return false;
  return a.documentIds.every((d, i) => d === b.documentIds[i]);
}

function sameDocs(a: readonly DocumentView[], b: readonly DocumentView[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => sameFields(d, b[i]!, docFields));
}

/**
 * Every core event carries a fresh copy of the whole agenda, so identity says nothing:
 * compare what the row shows. One edit then re-renders one row, not five hundred.
 */
export const AgendaItemRow = memo(
  AgendaItemRowImpl,
  (a, b) =>
    sameFields(a, b, rowFields) &&
    sameItem(a.item, b.item) &&
    sameMoves(a.moves, b.moves) &&
    sameDocs(a.docs, b.docs) &&
    sameDocs(a.attachable, b.attachable),
);

interface ActionProps {
  icon: IconName;
  label: string;
  testId: string;
  danger?: boolean;
  disabled?: boolean;
  onClick?: () => void;
  /** For moves: the target, or null when the move is not possible from here. */
  to?: Placement | null;
  onMove?: (to: Placement) => void;
}

function ActionButton({ icon, label, testId, danger, disabled, onClick, to, onMove }: ActionProps) {
  const isMove = to !== undefined;
  const off = disabled || (isMove && to === null);
  return (
    <button
      type="button"
      className={`icon-button${danger ? ' icon-button-danger' : ''}`}
      data-testid={testId}
      aria-label={label}
      title={label}
      // aria-disabled rather than disabled: a button that becomes unavailable after a move
      // (moved to the top) keeps keyboard focus instead of dropping it to the page.
      aria-disabled={off || undefined}
      onClick={() => {
        if (off) return;
        if (isMove) {
          if (to) onMove?.(to);
        } else onClick?.();
      }}
    >
      <Icon name={icon} />
    </button>
  );
}
