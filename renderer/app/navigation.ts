/**
 * Which document the reader shows. The app's screens are a small state machine; the reader
 * is an overlay on the meeting screen, so anything (agenda, documents list, search, notes)
 * can open it with one call and without threading callbacks through screens it does not own.
 */
import { useSyncExternalStore } from 'react';

export interface ReaderTarget {
  meetingId: string;
  documentId: string;
  page: number | null;
  find: string | null;
  /** Grows on every request, so asking for the same page again still moves the reader. */
  seq: number;
}

let target: ReaderTarget | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function set(next: ReaderTarget | null) {
  target = next;
  for (const l of listeners) l();
}

export function openDocument(meetingId: string, documentId: string, page?: number, find?: string): void {
  set({ meetingId, documentId, page: page ?? null, find: find ?? null, seq: ++seq });
}

/**
 * The meeting whose screen is showing (its ReaderHost is mounted), so a document list deep
 * in that screen can open a document without being handed the meeting id.
 */
let hostMeeting: string | null = null;

export function registerHost(meetingId: string): () => void {
  hostMeeting = meetingId;
  return () => {
    if (hostMeeting === meetingId) hostMeeting = null;
  };
}

/** Opens a document of the meeting on screen; see openDocument. */
export function openDocumentHere(documentId: string, page?: number, find?: string): void {
  if (hostMeeting) openDocument(hostMeeting, documentId, page, find);
}

export function closeDocument(): void {
  set(null);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useReaderTarget(): ReaderTarget | null {
  return useSyncExternalStore(subscribe, () => target);
}

/**
 * What the open reader shows (document and page), for following the presenter: the
 * presenter's device sends its page from here, a follower's compares with it. Null while
 * no reader is open.
 */
export interface Reading {
  meetingId: string;
  documentId: string;
  page: number;
}

let reading: Reading | null = null;
const readingListeners = new Set<() => void>();

export function reportReading(next: Reading | null): void {
  if (reading === next || (reading && next && reading.meetingId === next.meetingId && reading.documentId === next.documentId && reading.page === next.page)) return;
  reading = next;
  for (const l of readingListeners) l();
}

export function currentReading(): Reading | null {
  return reading;
}

export function useReading(): Reading | null {
  return useSyncExternalStore(
    (l) => {
      readingListeners.add(l);
      return () => {
        readingListeners.delete(l);
      };
    },
    () => reading,
  );
}
