/**
 * Seats sit on an integer grid (x = column, y = row). Hit-testing a pointer is a lookup in
 * a typed array over the room's bounds — O(1), no scan of 3,152 seats per mouse move.
 */
import type { SeatView } from '../../../shared/ydoc/seating';

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface SeatGrid {
  bounds: Bounds;
  /** Seat index + 1 at each cell (0 = no seat); width = maxX - minX + 1. */
  cells: Int32Array;
  width: number;
  byId: Map<string, number>;
}

/** Cells larger than this are not indexed (a malformed layout must not allocate gigabytes). */
const maxCells = 4_000_000;

export function buildGrid(seats: readonly SeatView[]): SeatGrid {
  const bounds: Bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  if (seats.length) {
    bounds.minX = bounds.maxX = seats[0]!.x;
    bounds.minY = bounds.maxY = seats[0]!.y;
  }
  for (const s of seats) {
    if (s.x < bounds.minX) bounds.minX = s.x;
    if (s.x > bounds.maxX) bounds.maxX = s.x;
    if (s.y < bounds.minY) bounds.minY = s.y;
    if (s.y > bounds.maxY) bounds.maxY = s.y;
  }
  const width = bounds.maxX - bounds.minX + 1;
  const height = bounds.maxY - bounds.minY + 1;
  const cells = new Int32Array(width * height <= maxCells ? width * height : 0);
  const byId = new Map<string, number>();
  seats.forEach((s, i) => {
    byId.set(s.id, i);
    if (cells.length) cells[(s.y - bounds.minY) * width + (s.x - bounds.minX)] = i + 1;
  });
  return { bounds, cells, width, byId };
}

/** Index of the seat at a grid cell, or -1. */
export function seatAt(grid: SeatGrid, seats: readonly SeatView[], gx: number, gy: number): number {
  const { bounds, width, cells } = grid;
  if (gx < bounds.minX || gx > bounds.maxX || gy < bounds.minY || gy > bounds.maxY) return -1;
  if (cells.length) return cells[(gy - bounds.minY) * width + (gx - bounds.minX)]! - 1;
  return seats.findIndex((s) => s.x === gx && s.y === gy);
}

/** Seats whose cell lies in the rectangle between two grid points (inclusive). */
export function seatsInRect(seats: readonly SeatView[], x0: number, y0: number, x1: number, y1: number): string[] {
  const [ax, bx] = x0 < x1 ? [x0, x1] : [x1, x0];
  const [ay, by] = y0 < y1 ? [y0, y1] : [y1, y0];
  return seats.filter((s) => s.x >= ax && s.x <= bx && s.y >= ay && s.y <= by).map((s) => s.id);
}

/** Where the next block goes by default: two rows below everything already drawn. */
export function nextFreeRow(seats: readonly SeatView[]): number {
  let max = -2;
  for (const s of seats) if (s.y > max) max = s.y;
  return max + 2;
}
