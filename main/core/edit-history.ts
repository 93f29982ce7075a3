/**
 * Undo and redo of the meeting document, scoped to what a person expects (issue 16):
 *
 * - only this person's own edits on this device: the undo manager tracks transactions
 *   whose origin is ours (`localOrigin`, or a `LocalEdit` describing the edit), never a
 *   remote update, so A's undo never takes back B's change;
 * - never across publishing: when the meeting's status changes (published, closed), both
 *   stacks are emptied, because an undo after that would change every delegate's agenda
 *   with an edit made while it was still a draft;
 * - each step says what it will undo ("rename item 3"): a described edit starts its own
 *   step instead of merging into the previous one within the capture window, so the label
 *   and what is undone are the same thing.
 */
import * as Y from 'yjs';
import type { EditAction, EditStep } from '../../shared/contract';
import { meetingDoc, type MeetingContent } from '../../shared/ydoc/meeting';
import { localOrigin } from './origins';

/** A transaction origin that describes one edit of this person; tracked by the undo manager. */
export class LocalEdit {
  constructor(
    readonly action: EditAction,
    readonly itemId: string | null = null,
    /** The item's number when the edit leaves no item to number (a deletion). */
    readonly numberAtEdit: string | null = null,
  ) {}
}

interface StepMeta {
  action: EditAction;
  itemId: string | null;
  numberAtEdit: string | null;
}
const metaKey = 'oc-step';

function stepMetaOf(origin: unknown): StepMeta {
  if (origin instanceof LocalEdit) return { action: origin.action, itemId: origin.itemId, numberAtEdit: origin.numberAtEdit };
  return { action: 'other', itemId: null, numberAtEdit: null };
}

const sameStep = (a: StepMeta | undefined, b: StepMeta) => !!a && a.action === b.action && a.itemId === b.itemId;

export interface EditHistory {
  readonly undo: Y.UndoManager;
  /**
   * Undoes (or redoes) the step the button names, and only it. Yjs would go on popping
   * older steps while one changes nothing (someone else has since overwritten it), so
   * "Undo: rename item 3" could delete item 3 instead; a step with nothing left to undo is
   * dropped. Returns whether anything changed.
   */
  undoStep(): boolean;
  redoStep(): boolean;
  /** What undo and redo would do now, numbered as the agenda reads now. */
  view(content: MeetingContent): { canUndo: boolean; canRedo: boolean; undo: EditStep | null; redo: EditStep | null };
  /** Forgets every step (the meeting was published by this device; the status update may come later). */
  clear(): void;
  destroy(): void;
}

export function createEditHistory(doc: Y.Doc, onChange: () => void): EditHistory {
  const topMeta = (stack: Y.UndoManager['undoStack']) => stack[stack.length - 1]?.meta.get(metaKey) as StepMeta | undefined;
  const undo: Y.UndoManager = new Y.UndoManager([meetingDoc.meta(doc), meetingDoc.agenda(doc), meetingDoc.documents(doc), meetingDoc.sites(doc)], {
    trackedOrigins: new Set<unknown>([localOrigin, LocalEdit]),
    captureTimeout: 400,
    // Called before the undo manager decides to merge: a different edit starts its own step.
    captureTransaction: (tr) => {
      if ((tr.origin === localOrigin || tr.origin instanceof LocalEdit) && !sameStep(topMeta(undo.undoStack), stepMetaOf(tr.origin))) undo.stopCapturing();
      return true;
    },
  });
  undo.on('stack-item-added', ({ stackItem, origin }) => {
    // An undo's inverse lands on the redo stack (and a redo's on the undo stack) with the
    // undo manager as origin: it is the same edit as the step being popped.
    const meta = origin === undo ? (undo.currStackItem?.meta.get(metaKey) as StepMeta | undefined) : stepMetaOf(origin);
    if (meta) stackItem.meta.set(metaKey, meta);
    onChange();
  });
  undo.on('stack-item-popped', onChange);

  // Publishing (or closing) is a line undo does not cross, whoever crossed it.
  const meta = meetingDoc.meta(doc);
  const onMeta = (e: Y.YMapEvent<unknown>) => {
    if (e.keysChanged.has('status')) {
      undo.clear();
      onChange();
    }
  };
  meta.observe(onMeta);

  const describe = (m: StepMeta | undefined, content: MeetingContent): EditStep | null => {
    if (!m) return null;
    const item = m.itemId ? content.agenda.find((i) => i.id === m.itemId) : undefined;
    return { action: m.action, itemNumber: item?.number ?? m.numberAtEdit };
  };

  const one = (which: 'undoStack' | 'redoStack', run: () => unknown): boolean => {
    const stack = undo[which];
    if (stack.length === 0) return false;
    const rest = stack.slice(0, -1);
    undo[which] = stack.slice(-1);
    let changed = false;
    try {
      changed = run() !== null;
    } finally {
      // Whatever the step left on this stack (nothing, normally) stays on top of the rest.
      undo[which] = rest.concat(undo[which]);
    }
    onChange();
    return changed;
  };

  return {
    undo,
    undoStep: () => one('undoStack', () => undo.undo()),
    redoStep: () => one('redoStack', () => undo.redo()),
    view: (content) => ({
      canUndo: undo.canUndo(),
      canRedo: undo.canRedo(),
      undo: undo.canUndo() ? describe(topMeta(undo.undoStack) ?? stepMetaOf(null), content) : null,
      redo: undo.canRedo() ? describe(topMeta(undo.redoStack) ?? stepMetaOf(null), content) : null,
    }),
    clear: () => {
      undo.clear();
      onChange();
    },
    destroy: () => {
      meta.unobserve(onMeta);
      undo.destroy();
    },
  };
}
