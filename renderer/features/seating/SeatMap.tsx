/**
 * The seat map: one <canvas>, no React element per seat, so a hall of 3,152 seats pans and
 * zooms in a millisecond or two. The view transform lives in a ref (not React state): a
 * pan repaints the canvas without re-rendering anything.
 *
 * Pointer: drag pans; Shift+drag selects a rectangle; click / Shift+click selects seats;
 * in an editable map, dragging a seated person onto another seat moves or swaps them.
 * Keyboard (the canvas is focusable): arrows pan (or move the selected seats when editing),
 * + / − zoom, 0 fits, Delete removes the selection, Escape clears it.
 */
import { useEffect, useMemo, useRef, type DragEvent, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeatView } from '../../../shared/ydoc/seating';
import { buildGrid, seatAt, seatsInRect, type SeatGrid } from './grid';
import { seatStates } from './seatState';
import { maxScale, paintSeatMap, type Drag, type View } from './seatPaint';
import { frameStats } from './frameStats';
import styles from './seating.module.css';

/** MIME type carried by a participant dragged from the unassigned list. */
export const personDragType = 'application/x-opencabinet-person';

export interface SeatMapProps {
  roomId: string;
  seats: readonly SeatView[];
  /** Index into `seatStates` per seat, same order as `seats`. */
  states: Uint8Array;
  selected?: ReadonlySet<string>;
  /** A seat drawn with a ring (my seat, a found participant). */
  highlightId?: string | null;
  /** Centre on this seat whenever the nonce changes. */
  centerRequest?: { seatId: string; nonce: number } | null;
  nameOf?(participantId: string): string | undefined;
  editable?: boolean;
  mini?: boolean;
  label: string;
  testId?: string;
  onSeatClick?(seat: SeatView | null, additive: boolean): void;
  onRectSelect?(seatIds: string[], additive: boolean): void;
  onMovePerson?(from: SeatView, to: SeatView): void;
  onDropPerson?(participantId: string, seat: SeatView): void;
  onMoveSelection?(dx: number, dy: number): void;
  onDeleteSelection?(): void;
}

export function SeatMap(props: SeatMapProps) {
  const { t } = useTranslation('seating');
  const { roomId, seats, states, mini = false, editable = false, testId = 'seat-map' } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<View>({ scale: 20, ox: 0, oy: 0 });
  const sizeRef = useRef({ w: 0, h: 0, dpr: 1 });
  const dragRef = useRef<Drag>(null);
  const frameRef = useRef(0);
  const hoverRef = useRef(-1);
  const fittedFor = useRef<string | null>(null);
  const statsRef = useRef(frameStats(testId));

  const grid = useMemo<SeatGrid>(() => buildGrid(seats), [seats]);
  // Latest props for the draw and event code, which is created once per mount.
  const live = useRef(props);
  live.current = props;
  const gridRef = useRef(grid);
  gridRef.current = grid;

  /** Seats grouped by what is drawn for them, rebuilt only when the data changes. */
  const buckets = useMemo(() => {
    const byState: number[][] = seatStates.map(() => []);
    const podium: number[] = [];
    const presidium: number[] = [];
    seats.forEach((s, i) => {
      if (s.kind === 'podium') podium.push(i);
      else byState[states[i] ?? 0]!.push(i);
      if (s.kind === 'presidium') presidium.push(i);
    });
    return { byState, podium, presidium };
  }, [seats, states]);
  const bucketsRef = useRef(buckets);
  bucketsRef.current = buckets;

  function schedule() {
    if (frameRef.current) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = 0;
      draw();
    });
  }

  function fit() {
    const { w, h } = sizeRef.current;
    const b = gridRef.current.bounds;
    if (!w || !h) return;
    const cols = b.maxX - b.minX + 1;
    const rows = b.maxY - b.minY + 1;
    const pad = mini ? 12 : 24;
    const scale = Math.max(1, Math.min(maxScale, (w - pad * 2) / cols, (h - pad * 2) / rows));
    viewRef.current = { scale, ox: (w - cols * scale) / 2 - b.minX * scale, oy: (h - rows * scale) / 2 - b.minY * scale };
    schedule();
  }

  function centerOn(seat: SeatView, minScale: number) {
    const { w, h } = sizeRef.current;
    const scale = Math.max(viewRef.current.scale, minScale);
    viewRef.current = { scale, ox: w / 2 - (seat.x + 0.5) * scale, oy: h / 2 - (seat.y + 0.5) * scale };
    schedule();
  }

  function zoomAt(factor: number, px: number, py: number) {
    const v = viewRef.current;
    const b = gridRef.current.bounds;
    const { w, h } = sizeRef.current;
    // Never zoom out so far that the whole hall is a speck.
    const minScale = Math.min(4, Math.min(w / (b.maxX - b.minX + 1), h / (b.maxY - b.minY + 1)) / 2);
    const scale = Math.max(minScale, Math.min(maxScale, v.scale * factor));
    const k = scale / v.scale;
    viewRef.current = { scale, ox: px - (px - v.ox) * k, oy: py - (py - v.oy) * k };
    schedule();
  }

  function toGrid(px: number, py: number) {
    const v = viewRef.current;
    return { gx: Math.floor((px - v.ox) / v.scale), gy: Math.floor((py - v.oy) / v.scale) };
  }

  function hitAt(px: number, py: number): number {
    const { gx, gy } = toGrid(px, py);
    return seatAt(gridRef.current, live.current.seats, gx, gy);
  }

  function draw() {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const started = performance.now();
    const { scale } = viewRef.current;
    paintSeatMap(ctx, { ...sizeRef.current, view: viewRef.current, grid: gridRef.current, buckets: bucketsRef.current, drag: dragRef.current, p: live.current });
    const ms = performance.now() - started;
    statsRef.current.record(ms, live.current.seats.length);
    canvas.dataset.frameMs = ms.toFixed(2);
    canvas.dataset.scale = scale.toFixed(2);
  }

  // Canvas size follows its box, in device pixels, so lines stay sharp on HiDPI screens.
  useEffect(() => {
    const wrap = wrapRef.current;
    const canvas = canvasRef.current;
    if (!wrap || !canvas) return;
    const resize = () => {
      const rect = wrap.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const w = Math.max(1, Math.round(rect.width));
      const h = Math.max(1, Math.round(rect.height));
      const first = sizeRef.current.w === 0;
      sizeRef.current = { w, h, dpr };
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      if (first) fittedFor.current = null;
      draw();
    };
    const ro = new ResizeObserver(resize);
    ro.observe(wrap);
    resize();
    // Wheel must be non-passive to keep the page from scrolling while zooming. A burst of
    // wheel events reads the canvas's box once; the redraw is once per frame (schedule).
    let wheelBox: { rect: DOMRect; at: number } | null = null;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      if (!wheelBox || e.timeStamp - wheelBox.at > 250) wheelBox = { rect: canvas.getBoundingClientRect(), at: e.timeStamp };
      else wheelBox.at = e.timeStamp;
      const r = wheelBox.rect;
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      ro.disconnect();
      canvas.removeEventListener('wheel', onWheel);
      if (frameRef.current) cancelAnimationFrame(frameRef.current);
      frameRef.current = 0;
    };
    // Set up once per mount; everything else is read through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Fit a room when it is first shown (or first gets seats); co-edits must not move the view.
  // Repaint only when something drawn changed: a parent re-rendering for a change elsewhere
  // in the meeting costs the map nothing.
  const drawn = [seats, states, props.selected, props.highlightId, props.nameOf];
  const drawnRef = useRef<unknown[]>([]);
  useEffect(() => {
    const key = `${roomId}:${seats.length > 0}`;
    if (fittedFor.current !== key && sizeRef.current.w) {
      fittedFor.current = key;
      const hi = props.highlightId ? grid.byId.get(props.highlightId) : undefined;
      if (mini && hi !== undefined) centerOn(seats[hi]!, 26);
      else fit();
    }
    if (drawn.some((x, i) => x !== drawnRef.current[i])) {
      drawnRef.current = drawn;
      schedule();
    }
  });

  const req = props.centerRequest;
  useEffect(() => {
    if (!req) return;
    const i = gridRef.current.byId.get(req.seatId);
    if (i !== undefined) centerOn(live.current.seats[i]!, mini ? 26 : 36);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [req?.nonce, req?.seatId]);

  function local(e: { clientX: number; clientY: number }, r: DOMRect = canvasRef.current!.getBoundingClientRect()) {
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  function onPointerDown(e: PointerEvent<HTMLCanvasElement>) {
    if (e.button !== 0) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const { x, y } = local(e, rect);
    const hit = hitAt(x, y);
    const seat = hit >= 0 ? seats[hit] : undefined;
    const mode = e.shiftKey && props.onRectSelect ? 'rect' : editable && seat?.participantId && props.onMovePerson ? 'person' : 'pan';
    const v = viewRef.current;
    dragRef.current = { mode, id: e.pointerId, sx: x, sy: y, ox: v.ox, oy: v.oy, hit, active: false, additive: e.shiftKey || e.ctrlKey || e.metaKey, cx: x, cy: y, rect };
    e.currentTarget.setPointerCapture(e.pointerId);
  }

  function onPointerMove(e: PointerEvent<HTMLCanvasElement>) {
    const d = dragRef.current;
    const { x, y } = local(e, d?.rect);
    if (!d) {
      const hit = hitAt(x, y);
      if (hit !== hoverRef.current) {
        hoverRef.current = hit;
        const s = hit >= 0 ? seats[hit] : undefined;
        const name = s?.participantId ? props.nameOf?.(s.participantId) : undefined;
        e.currentTarget.title = s ? (name ? `${s.label} · ${name}` : s.label) : '';
        e.currentTarget.style.cursor = s && editable && s.participantId ? 'grab' : s ? 'pointer' : 'default';
      }
      return;
    }
    if (!d.active && Math.hypot(x - d.sx, y - d.sy) < 4) return;
    d.active = true;
    d.cx = x;
    d.cy = y;
    if (d.mode === 'pan') viewRef.current = { ...viewRef.current, ox: d.ox + (x - d.sx), oy: d.oy + (y - d.sy) };
    schedule();
  }

  function onPointerUp(e: PointerEvent<HTMLCanvasElement>) {
    const d = dragRef.current;
    dragRef.current = null;
    if (!d) return;
    const { x, y } = local(e, d.rect);
    if (!d.active) {
      props.onSeatClick?.(d.hit >= 0 ? seats[d.hit]! : null, d.additive);
      return;
    }
    if (d.mode === 'rect') {
      const a = toGrid(d.sx, d.sy);
      const b = toGrid(x, y);
      props.onRectSelect?.(seatsInRect(seats, a.gx, a.gy, b.gx, b.gy), true);
    } else if (d.mode === 'person') {
      const target = hitAt(x, y);
      if (target >= 0 && target !== d.hit) props.onMovePerson?.(seats[d.hit]!, seats[target]!);
    }
    schedule();
  }

  function onKeyDown(e: KeyboardEvent<HTMLCanvasElement>) {
    const { w, h } = sizeRef.current;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const arrow = arrows[e.key];
    if (arrow) {
      e.preventDefault();
      if (editable && props.selected?.size && props.onMoveSelection) props.onMoveSelection(arrow[0], arrow[1]);
      else {
        const v = viewRef.current;
        viewRef.current = { ...v, ox: v.ox - arrow[0] * 60, oy: v.oy - arrow[1] * 60 };
        schedule();
      }
    } else if (e.key === '+' || e.key === '=') zoomAt(1.25, w / 2, h / 2);
    else if (e.key === '-' || e.key === '_') zoomAt(0.8, w / 2, h / 2);
    else if (e.key === '0') fit();
    else if ((e.key === 'Delete' || e.key === 'Backspace') && editable && props.selected?.size) {
      e.preventDefault();
      props.onDeleteSelection?.();
    } else if (e.key === 'Escape') props.onSeatClick?.(null, false);
    else return;
  }

  function onDragOver(e: DragEvent<HTMLCanvasElement>) {
    if (props.onDropPerson && e.dataTransfer.types.includes(personDragType)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    }
  }

  function onDrop(e: DragEvent<HTMLCanvasElement>) {
    const pid = e.dataTransfer.getData(personDragType);
    if (!pid || !props.onDropPerson) return;
    e.preventDefault();
    const { x, y } = local(e);
    const hit = hitAt(x, y);
    if (hit >= 0) props.onDropPerson(pid, seats[hit]!);
  }

  return (
    <div className={`${styles.seatMap}${mini ? ` ${styles.seatMapMini}` : ''}`} ref={wrapRef}>
      <canvas
        ref={canvasRef}
        data-testid={testId}
        data-seats={seats.length}
        data-room-id={roomId}
        tabIndex={0}
        role="img"
        aria-label={props.label}
        aria-roledescription={t('map.roleDescription')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (dragRef.current = null)}
        onPointerLeave={() => (hoverRef.current = -1)}
        onKeyDown={onKeyDown}
        onDragOver={onDragOver}
        onDrop={onDrop}
      />
      <div className={styles.seatMapZoom} role="group" aria-label={t('map.zoom')}>
        <button type="button" className="btn btn-small" aria-label={t('map.zoomIn')} onClick={() => zoomAt(1.3, sizeRef.current.w / 2, sizeRef.current.h / 2)}>
          +
        </button>
        <button type="button" className="btn btn-small" aria-label={t('map.zoomOut')} onClick={() => zoomAt(1 / 1.3, sizeRef.current.w / 2, sizeRef.current.h / 2)}>
          −
        </button>
        <button type="button" className="btn btn-small" onClick={fit}>
          {t('map.fit')}
        </button>
      </div>
    </div>
  );
}

/** "Nguyễn Văn An" → "Văn An": the given names are what fits on a seat and what people use. */
