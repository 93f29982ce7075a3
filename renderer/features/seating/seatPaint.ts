/**
 * Paints the seat map on its canvas: one pass per seat state, names and labels when the
 * zoom allows, the selection, the highlighted seat and what a drag carries. Pure drawing:
 * the component (SeatMap.tsx) owns the view, the pointer and the data.
 */
import type { SeatView } from '../../../shared/ydoc/seating';
import type { SeatGrid } from './grid';
import { seatPalette, seatStates } from './seatState';

export interface View {
  scale: number;
  ox: number;
  oy: number;
}

export type Drag =
  | {
      mode: 'pan' | 'rect' | 'person';
      id: number;
      sx: number;
      sy: number;
      ox: number;
      oy: number;
      hit: number;
      active: boolean;
      additive: boolean;
      cx: number;
      cy: number;
      /** The canvas's box, read once when the drag starts: a read per move can force a layout. */
      rect: DOMRect;
    }
  | null;

/** Seat square as a share of its grid cell; the rest is the gap between seats. */
export const seatFill = 0.84;
export const maxScale = 120;
export const labelScale = 40;
export const nameScale = 88;
/** Up to this many seats in view are drawn with rounded corners (see draw). */
export const roundedLimit = 800;

/** What a frame is drawn from. */
export interface Frame {
  w: number;
  h: number;
  dpr: number;
  view: View;
  grid: SeatGrid;
  /** Seats grouped by what is drawn for them (state, podium, presidium). */
  buckets: { byState: number[][]; podium: number[]; presidium: number[] };
  drag: Drag;
  p: {
    seats: readonly SeatView[];
    selected?: ReadonlySet<string>;
    highlightId?: string | null;
    nameOf?(participantId: string): string | undefined;
  };
}

export function paintSeatMap(ctx: CanvasRenderingContext2D, { w, h, dpr, view: { scale, ox, oy }, grid, buckets: b, drag, p }: Frame): void {
  const all = p.seats;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#f5f6f8';
  ctx.fillRect(0, 0, w, h);

  // Seats are placed on whole device pixels. Each seat's offset in the room is rounded
  // apart from the pan offset, so a pan moves every seat by the same number of pixels and
  // the gaps between seats never shimmer.
  const sizeDev = Math.max(1, Math.round(scale * seatFill * dpr));
  const size = sizeDev / dpr;
  const off = (scale - size) / 2;
  const bx = Math.round(ox * dpr);
  const by = Math.round(oy * dpr);
  const devX = (s: SeatView) => bx + Math.round((s.x * scale + off) * dpr);
  const devY = (s: SeatView) => by + Math.round((s.y * scale + off) * dpr);
  /** Top-left corner of a seat's square, in CSS pixels. */
  const seatX = (s: SeatView) => devX(s) / dpr;
  const seatY = (s: SeatView) => devY(s) / dpr;
  // Only seats on screen are drawn; the cull is a cheap compare per seat.
  const x0 = -ox / scale - 1;
  const x1 = (w - ox) / scale;
  const y0 = -oy / scale - 1;
  const y1 = (h - oy) / scale;
  const visible = (s: SeatView) => s.x >= x0 && s.x <= x1 && s.y >= y0 && s.y <= y1;
  const outline = scale >= 6;

  // The canvas records these calls and rasterises them on the main thread when the frame
  // is committed — in software where there is no GPU. Anti-aliased rounded squares cost
  // that 20–100 ms a frame for a hall of 3,152 (our own code: 2 ms); squares on whole
  // pixels cost it 2–5 ms. So: rounded corners when few seats are in view, and when
  // many are, square ones with the border as a second, inset square (the corners' round
  // is a pixel or two at that size anyway).
  let inView = 0;
  for (const s of all) if (visible(s)) inView++;
  const rounded = inView <= roundedLimit;
  const radius = Math.min(4, size / 5) * dpr;
  const inset = Math.max(1, Math.round(dpr));
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const pathOf = (indices: readonly number[], shrink = 0) => {
    ctx.beginPath();
    for (const i of indices) {
      const s = all[i]!;
      if (!visible(s)) continue;
      const x = devX(s);
      const y = devY(s);
      if (!rounded) ctx.rect(x + shrink, y + shrink, sizeDev - 2 * shrink, sizeDev - 2 * shrink);
      else if (radius >= 1.5 * dpr) ctx.roundRect(x, y, sizeDev, sizeDev, radius);
      else ctx.rect(x, y, sizeDev, sizeDev);
    }
  };

  // One path and one or two fills per state: a handful of draw calls whatever the hall's size.
  seatStates.forEach((state, k) => {
    const indices = b.byState[k]!;
    if (!indices.length) return;
    const colours = seatPalette[state];
    if (outline && !rounded && sizeDev > 2 * inset) {
      pathOf(indices);
      ctx.fillStyle = colours.stroke;
      ctx.fill();
      pathOf(indices, inset);
      ctx.fillStyle = colours.fill;
      ctx.fill();
      return;
    }
    pathOf(indices);
    ctx.fillStyle = colours.fill;
    ctx.fill();
    if (outline && rounded) {
      ctx.strokeStyle = colours.stroke;
      ctx.lineWidth = dpr;
      ctx.stroke();
    }
  });
  if (b.podium.length) {
    pathOf(b.podium);
    ctx.fillStyle = '#3d4656';
    ctx.fill();
  }
  // Presidium seats carry a gold band on top, whatever their attendance colour.
  if (b.presidium.length && scale >= 4) {
    const band = Math.max(2 * dpr, Math.round(sizeDev * 0.18));
    ctx.beginPath();
    for (const i of b.presidium) {
      const s = all[i]!;
      if (visible(s)) ctx.rect(devX(s), devY(s), sizeDev, band);
    }
    ctx.fillStyle = '#b8860b';
    ctx.fill();
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);

  const selected = p.selected;
  if (selected && selected.size) {
    ctx.beginPath();
    for (const id of selected) {
      const i = grid.byId.get(id);
      if (i === undefined) continue;
      const s = all[i]!;
      if (visible(s)) ctx.rect(seatX(s) - 2, seatY(s) - 2, size + 4, size + 4);
    }
    ctx.strokeStyle = '#2b6cd4';
    ctx.lineWidth = 2.5;
    ctx.stroke();
  }

  if (scale >= labelScale) {
    // Font and colour are set once per state, not per seat: each assignment is parsed anew.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const names = new Map<number, string>();
    if (scale >= nameScale && p.nameOf) {
      for (let i = 0; i < all.length; i++) {
        const s = all[i]!;
        const name = s.participantId && visible(s) ? p.nameOf(s.participantId) : undefined;
        if (name) names.set(i, name);
      }
    }
    const groups: [string, readonly number[]][] = seatStates.map((state, k) => [seatPalette[state].text, b.byState[k]!]);
    groups.push(['#ffffff', b.podium]);
    const labelFont = `${Math.min(13, Math.round(scale / 4.6))}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
    const nameFont = `600 ${Math.min(13, Math.round(scale / 6.5))}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
    for (const [font, withNames] of [[labelFont, false], [nameFont, true]] as const) {
      if (withNames && !names.size) break;
      ctx.font = font;
      for (const [colour, indices] of groups) {
        let styled = false;
        for (const i of indices) {
          const s = all[i]!;
          if (!visible(s)) continue;
          const name = names.get(i);
          if (withNames && !name) continue;
          if (!styled) {
            ctx.fillStyle = colour;
            styled = true;
          }
          const cx = seatX(s) + size / 2;
          const cy = seatY(s) + size / 2;
          if (withNames) ctx.fillText(shortName(name!), cx, cy + size * 0.14, size - 4);
          else ctx.fillText(s.label, cx, name ? cy - size * 0.22 : cy, size - 4);
        }
      }
    }
  }

  const hi = p.highlightId ? grid.byId.get(p.highlightId) : undefined;
  if (hi !== undefined) {
    const s = all[hi]!;
    const cx = seatX(s) + size / 2;
    const cy = seatY(s) + size / 2;
    const r = Math.max(10, size * 0.9);
    ctx.beginPath();
    ctx.arc(cx, cy, r, 0, Math.PI * 2);
    ctx.strokeStyle = '#c0182f';
    ctx.lineWidth = 3;
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(cx, cy, r + 5, 0, Math.PI * 2);
    ctx.strokeStyle = 'rgba(192, 24, 47, 0.35)';
    ctx.lineWidth = 4;
    ctx.stroke();
  }

  const d = drag;
  if (d?.active && d.mode === 'rect') {
    ctx.fillStyle = 'rgba(43, 108, 212, 0.12)';
    ctx.strokeStyle = '#2b6cd4';
    ctx.lineWidth = 1;
    ctx.fillRect(d.sx, d.sy, d.cx - d.sx, d.cy - d.sy);
    ctx.strokeRect(d.sx, d.sy, d.cx - d.sx, d.cy - d.sy);
  }
  if (d?.active && d.mode === 'person') {
    const from = all[d.hit];
    ctx.beginPath();
    ctx.arc(d.cx, d.cy, 9, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(31, 78, 140, 0.85)';
    ctx.fill();
    if (from?.participantId) {
      ctx.font = `600 12px 'Segoe UI', Roboto, Arial, sans-serif`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillStyle = '#0f203d';
      ctx.fillText(p.nameOf?.(from.participantId) ?? from.label, d.cx + 14, d.cy);
    }
  }

}

function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length > 2 ? parts.slice(-2).join(' ') : name;
}
