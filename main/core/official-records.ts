/**
 * Calls for a meeting's official record (issue 14) over the signed-in server: JSON calls
 * and PDF downloads, with the server's error body turned back into an ApiError.
 */
import { ApiError, isErrorCode } from '../../shared/errors';
import { ErrorBody } from '../../shared/http';

export interface FileAnswer {
  fileName: string;
  mimeType: string;
  base64: string;
}

async function send(serverUrl: string, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  try {
    return await fetch(serverUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      // Finalising renders and signs on the server: give it time on a loaded machine.
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new ApiError('offline', `Cannot reach the server at ${serverUrl}. The official record is made on the server; try again when connected.`);
  }
}

async function failure(res: Response): Promise<never> {
  const text = await res.text();
  let parsed: ReturnType<typeof ErrorBody.safeParse> | null = null;
  try {
    parsed = ErrorBody.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (parsed?.success) throw new ApiError(isErrorCode(parsed.data.error.code) ? parsed.data.error.code : 'server_error', parsed.data.error.message);
  throw new ApiError('server_error', `The server answered ${res.status} ${res.statusText}.`);
}

export async function recordJson<T>(serverUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(serverUrl, token, method, path, body);
  if (!res.ok) return failure(res);
  return (await res.json()) as T;
}

const fileKinds = {
  pdf: { mimeType: 'application/pdf', magic: '%PDF-', what: 'a PDF' },
  // A .docx is a ZIP archive.
  docx: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: 'PK\u0003\u0004', what: 'a Word file' },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'PK\u0003\u0004', what: 'an Excel file' },
  // UTF-8 with a byte order mark, as the server writes it for Excel.
  csv: { mimeType: 'text/csv', magic: '\u00ef\u00bb\u00bf', what: 'a CSV file' },
};

export async function recordFile(serverUrl: string, token: string, path: string, fallbackName: string, kind: keyof typeof fileKinds = 'pdf'): Promise<FileAnswer> {
  const expected = fileKinds[kind];
  const res = await send(serverUrl, token, 'GET', path);
  if (!res.ok) return failure(res);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.subarray(0, expected.magic.length).toString('latin1') !== expected.magic) throw new ApiError('server_error', `The server sent something that is not ${expected.what}.`);
  const disposition = res.headers.get('content-disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  return { fileName, mimeType: expected.mimeType, base64: bytes.toString('base64') };
}
