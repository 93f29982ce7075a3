/**
 * Rendered pages kept for quick flips back and forth, bounded so memory stays flat however
 * far one scrolls. An evicted canvas is shrunk to 0×0, which frees its backing store at
 * once instead of waiting for the garbage collector.
 */
export class CanvasCache {
  private readonly entries = new Map<number, { canvas: HTMLCanvasElement; scale: number }>();

  constructor(private readonly capacity: number) {}

  get(page: number, scale: number): HTMLCanvasElement | null {
    const hit = this.entries.get(page);
    if (!hit) return null;
    this.entries.delete(page);
    if (hit.scale !== scale) {
      release(hit.canvas);
      return null;
    }
    // Re-insert: Map order is the recency order.
    this.entries.set(page, hit);
    return hit.canvas;
  }

  put(page: number, scale: number, canvas: HTMLCanvasElement): void {
    const old = this.entries.get(page);
    if (old && old.canvas !== canvas) release(old.canvas);
    this.entries.delete(page);
    this.entries.set(page, { canvas, scale });
    while (this.entries.size > this.capacity) {
      const [oldest, entry] = this.entries.entries().next().value as [number, { canvas: HTMLCanvasElement }];
      this.entries.delete(oldest);
      // A canvas still on screen is never evicted from under the reader; it is re-put when seen again.
      if (!entry.canvas.isConnected) release(entry.canvas);
    }
  }

  clear(): void {
    for (const { canvas } of this.entries.values()) release(canvas);
    this.entries.clear();
  }
}

function release(canvas: HTMLCanvasElement) {
  canvas.width = 0;
  canvas.height = 0;
  canvas.remove();
}
