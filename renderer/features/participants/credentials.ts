/** Initial passwords as the secretariat hands them out: a CSV Excel opens with the right accents. */
export interface Credential {
  name: string;
  username: string;
  initialPassword: string | null;
}

function cell(v: string): string {
  return /[",\r\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function credentialsCsv(rows: readonly Credential[], headers: readonly [string, string, string], existing: string): string {
  const lines = [headers.map(cell).join(',')];
  for (const r of rows) lines.push([r.name, r.username, r.initialPassword ?? existing].map(cell).join(','));
  // The BOM makes Excel read UTF-8; without it Vietnamese names come out garbled.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function credentialsText(rows: readonly Credential[], existing: string): string {
  return rows.map((r) => `${r.name}\t${r.username}\t${r.initialPassword ?? existing}`).join('\n');
}

/** Saves text as a file without a server round trip; the URL is released once the click has been handled. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
