/**
 * Frame times of the seat map. In development the average and worst of every 60 frames go
 * to the console, and the latest figures are kept on `window.__seatMapFrames` so a
 * benchmark can read them without parsing logs.
 */
declare global {
  interface Window {
    __seatMapFrames?: Record<string, { seats: number; frames: number; avgMs: number; maxMs: number; lastMs: number }>;
  }
}

export function frameStats(name: string) {
  let count = 0;
  let sum = 0;
  let max = 0;
  let total = 0;
  return {
    record(ms: number, seats: number) {
      count++;
      total++;
      sum += ms;
      if (ms > max) max = ms;
      const stats = (window.__seatMapFrames ??= {});
      stats[name] = { seats, frames: total, avgMs: sum / count, maxMs: max, lastMs: ms };
      if (count < 60) return;
      if (import.meta.env.DEV) console.debug(`[seat-map] ${seats} seats: ${count} frames, avg ${(sum / count).toFixed(2)} ms, max ${max.toFixed(2)} ms`);
      count = 0;
      sum = 0;
      max = 0;
    },
  };
}
