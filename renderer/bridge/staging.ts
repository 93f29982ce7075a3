/**
 * Turning a File the person picked or dropped into a `FileRef` the core accepts.
 *
 * Electron: the preload knows the file's path (webUtils.getPathForFile), so nothing is
 * copied. Browser mode: the core cannot read the page's files, so the bytes are first
 * uploaded to the core's own host (`PUT /staging`, see shared/bridge-protocol.ts). XHR
 * rather than fetch because only XHR reports upload progress, and a 300 MB PDF staged
 * without a moving bar looks like a hang.
 */
import type { FileRef } from '../../shared/contract';
import { stagingPath } from '../../shared/bridge-protocol';
import { ApiError, fromErrorInfo, isErrorCode } from '../../shared/errors';
import { BridgeDownError } from './errors';

export type StagingProgress = (sent: number, total: number) => void;
export type FileRefMaker = (file: File, onProgress?: StagingProgress) => Promise<FileRef>;

export function electronFileRef(pathForFile: ((file: unknown) => string | null) | undefined): FileRefMaker {
  return async (file) => {
    const path = pathForFile?.(file) ?? null;
    // A file without a path (e.g. dragged from another application's memory) cannot be read by the core.
    if (!path) throw new ApiError('invalid_input', `“${file.name}” cannot be read from disk. Save it to a folder first, then choose it again.`);
    return { kind: 'path', path };
  };
}

export function stagingFileRef(token: () => string | null): FileRefMaker {
  return (file, onProgress) =>
    new Promise<FileRef>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', stagingPath);
      xhr.setRequestHeader('x-opencabinet-token', token() ?? '');
      xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
      xhr.setRequestHeader('content-type', 'application/octet-stream');
      xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onerror = () => reject(new BridgeDownError());
      xhr.onload = () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300 && isRecord(body) && typeof body.id === 'string') {
          resolve({ kind: 'staged', id: body.id });
          return;
        }
        const err = isRecord(body) && isRecord(body.error) ? body.error : null;
        const code = err && isErrorCode(err.code) ? err.code : xhr.status === 413 ? 'payload_too_large' : 'server_error';
        reject(fromErrorInfo({ code, message: err && typeof err.message === 'string' ? err.message : '' }));
      };
      xhr.send(file);
    });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
