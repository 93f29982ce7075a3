import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { BlockSpec } from '../../../shared/domain/seating';
import type { RoomView, SeatKind } from '../../../shared/ydoc/seating';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { nextFreeRow } from './grid';
import { useAction } from '../../app/useAction';
import styles from './seating.module.css';
import { FormProblem, SaveCancel } from '../../app/FormActions';

interface Draft {
  name: string;
  rows: string;
  cols: string;
  x: string;
  y: string;
  aisleEvery: string;
  kind: SeatKind;
}

/** Defaults that never overlap what is drawn: a new block goes two rows below the last. */
function draftFor(room: RoomView, preset: 'block' | 'presidium'): Draft {
  const used = new Set(room.seats.map((s) => s.label.split('-')[0]));
  const letter = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'].find((l) => !used.has(l)) ?? 'Z';
  const y = String(Math.max(0, nextFreeRow(room.seats)));
  if (preset === 'presidium') return { name: 'CT', rows: '1', cols: '9', x: '0', y, aisleEvery: '0', kind: 'presidium' };
  return { name: letter, rows: '12', cols: '20', x: '0', y, aisleEvery: '0', kind: 'seat' };
}

/** The block's numbers: which part of the draft, its name (label key, test id) and its bounds. */
const numberFields = [
  { key: 'rows', name: 'rows', min: 1, max: 200, required: true },
  { key: 'cols', name: 'cols', min: 1, max: 200, required: true },
  { key: 'x', name: 'x', min: 0, max: 5000, required: false },
  { key: 'y', name: 'y', min: 0, max: 5000, required: false },
  { key: 'aisleEvery', name: 'aisle', min: 0, max: 200, required: false },
] as const;

/** "Khối A, 12 hàng × 20 ghế": generates a block of labelled seats in one call. */
export function BlockForm({ view, room, onDone }: { view: MeetingView; room: RoomView; onDone(): void }) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const [draft, setDraft] = useState<Draft>(() => draftFor(room, 'block'));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = BlockSpec.safeParse({
      name: draft.name,
      rows: Number(draft.rows),
      cols: Number(draft.cols),
      x: Number(draft.x),
      y: Number(draft.y),
      aisleEvery: Number(draft.aisleEvery),
      kind: draft.kind,
    });
    if (!parsed.success) {
      setProblem(t('block.invalid'));
      return;
    }
    setProblem(null);
    if (await run(() => client.seating.generateBlock({ meetingId: view.id, roomId: room.id, block: parsed.data }))) onDone();
  }

  const rows = Number(draft.rows) || 0;
  const cols = Number(draft.cols) || 0;
  return (
    <form className="block-form panel" onSubmit={submit} data-testid="block-form" aria-label={t('block.title')}>
      <div className={styles.blockFormHead}>
        <h3 className="panel-title small">{t('block.title')}</h3>
        <button type="button" className="btn btn-small" data-testid="block-presidium" onClick={() => setDraft(draftFor(room, 'presidium'))}>
          {t('block.presidiumPreset')}
        </button>
      </div>
      <div className={styles.blockGrid}>
        <label>
          <span>{t('block.name')}</span>
          <input data-testid="block-name" value={draft.name} onChange={set('name')} maxLength={20} required />
        </label>
        {numberFields.map((f) => (
          <label key={f.key}>
            <span>{t(`block.${f.name}`)}</span>
            <input data-testid={`block-${f.name}`} type="number" min={f.min} max={f.max} value={draft[f.key]} onChange={set(f.key)} required={f.required} />
          </label>
        ))}
        <label>
          <span>{t('block.kind')}</span>
          <select data-testid="block-kind" value={draft.kind} onChange={set('kind')}>
            <option value="seat">{t('kind.seat')}</option>
            <option value="presidium">{t('kind.presidium')}</option>
            <option value="podium">{t('kind.podium')}</option>
          </select>
        </label>
      </div>
      <p className="field-hint">{t('block.preview', { name: draft.name || '?', rows, cols, count: rows * cols, first: `${draft.name || '?'}-01-01` })}</p>
      <FormProblem text={problem} />
      <ErrorNotice error={error} onDismiss={clearError} />
      <SaveCancel saveLabel={t('block.submit')} cancelLabel={t('common.cancel')} saveTestId="block-submit" onCancel={onDone} disabled={busy} small />
    </form>
  );
}
