import { formatStamp } from '../../app/format';
/**
 * The confidential watermark: who is reading and when, repeated diagonally. It is an SVG
 * tile so the reader can lay it over any page size, and the same drawing is baked into
 * printed pages (see print.ts) where CSS cannot remove it.
 */
import { useEffect, useState } from 'react';
import { useClient } from '../../app/connection';
import { currentLanguage } from '../../i18n';

export interface WatermarkText {
  lines: [string, string];
}

export const watermarkColor = 'rgba(165, 18, 42, 0.16)';
export const watermarkAngle = -30;
export const watermarkTile = { width: 380, height: 230 };

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function watermarkSvgUrl(text: WatermarkText): string {
  const { width, height } = watermarkTile;
  const [a, b] = text.lines.map(escapeXml);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<g transform="translate(${width / 2} ${height / 2}) rotate(${watermarkAngle})" fill="${watermarkColor}" text-anchor="middle" font-family="Segoe UI, Roboto, Noto Sans, Arial, sans-serif" font-weight="600">` +
    `<text y="-6" font-size="20">${a}</text><text y="20" font-size="14">${b}</text></g></svg>`;
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`;
}

const formatNow = (now: Date): string => formatStamp(now, currentLanguage());

/** Name and minute-precise time; null when the document is not confidential. */
export function useWatermark(active: boolean, label: string): WatermarkText | null {
  const client = useClient();
  const [name, setName] = useState<string>('');
  const [now, setNow] = useState(() => new Date());

  useEffect(() => {
    if (!active) return;
    let current = true;
    client.session.current({}).then(
      (s) => current && setName(s ? `${s.user.displayName} (${s.user.username})` : ''),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [active, client]);

  useEffect(() => {
    if (!active) return;
    // Tick on the minute so the time shown is never more than a minute stale.
    let timer = window.setTimeout(function tick() {
      setNow(new Date());
      timer = window.setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    }, 60_000 - (Date.now() % 60_000) + 50);
    return () => window.clearTimeout(timer);
  }, [active]);

  if (!active) return null;
  return { lines: [`${label} · ${name}`, formatNow(now)] };
}

/** Draws the same watermark onto a canvas (print), tiled over its whole area. */
export function drawWatermark(ctx: CanvasRenderingContext2D, width: number, height: number, text: WatermarkText, scale: number): void {
  const tileW = watermarkTile.width * scale;
  const tileH = watermarkTile.height * scale;
  ctx.save();
  ctx.fillStyle = watermarkColor;
  ctx.textAlign = 'center';
  for (let y = 0; y < height + tileH; y += tileH) {
    for (let x = 0; x < width + tileW; x += tileW) {
      ctx.save();
      ctx.translate(x + tileW / 2, y + tileH / 2);
      ctx.rotate((watermarkAngle * Math.PI) / 180);
      ctx.font = `600 ${20 * scale}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
      ctx.fillText(text.lines[0], 0, -6 * scale);
      ctx.font = `600 ${14 * scale}px 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif`;
      ctx.fillText(text.lines[1], 0, 20 * scale);
      ctx.restore();
    }
  }
  ctx.restore();
}
