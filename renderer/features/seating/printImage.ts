/**
 * A still picture of a room for printing: a canvas drawn once at print resolution (a
 * canvas on screen prints at screen resolution and only the part in view).
 */
import type { RoomView } from '../../../shared/ydoc/seating';
import { buildGrid } from './grid';
import { seatPalette, seatStates } from './seatState';

/** Width in device pixels: sharp on an A4 landscape page at ~200 dpi. */
const pageWidth = 2200;

export function renderRoomImage(room: RoomView, states: Uint8Array, nameOf: (id: string) => string | undefined): string | null {
  if (!room.seats.length) return null;
  const { bounds } = buildGrid(room.seats);
  const cols = bounds.maxX - bounds.minX + 1;
  const rows = bounds.maxY - bounds.minY + 1;
  const scale = Math.max(4, Math.min(120, pageWidth / cols));
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(cols * scale);
  canvas.height = Math.min(16_000, Math.ceil(rows * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const size = scale * 0.86;
  const off = (scale - size) / 2;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  room.seats.forEach((s, i) => {
    const x = (s.x - bounds.minX) * scale + off;
    const y = (s.y - bounds.minY) * scale + off;
    const colours = seatPalette[seatStates[states[i] ?? 0]!];
    ctx.fillStyle = s.kind === 'podium' ? '#3d4656' : colours.fill;
    ctx.strokeStyle = colours.stroke;
    ctx.lineWidth = Math.max(1, scale / 40);
    ctx.fillRect(x, y, size, size);
    ctx.strokeRect(x, y, size, size);
    if (s.kind === 'presidium') {
      ctx.fillStyle = '#b8860b';
      ctx.fillRect(x, y, size, Math.max(2, size * 0.16));
    }
    if (scale < 28) return;
    const name = s.participantId && scale >= 70 ? nameOf(s.participantId) : undefined;
    ctx.fillStyle = s.kind === 'podium' ? '#ffffff' : colours.text;
    ctx.font = `${Math.round(scale / 5)}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
    ctx.fillText(s.label, x + size / 2, name ? y + size * 0.3 : y + size / 2, size - 4);
    if (name) {
      ctx.font = `600 ${Math.round(scale / 7)}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
      const words = name.split(/\s+/);
      const half = Math.ceil(words.length / 2);
      ctx.fillText(words.slice(0, half).join(' '), x + size / 2, y + size * 0.58, size - 4);
      ctx.fillText(words.slice(half).join(' '), x + size / 2, y + size * 0.78, size - 4);
    }
  });
  return canvas.toDataURL('image/png');
}
