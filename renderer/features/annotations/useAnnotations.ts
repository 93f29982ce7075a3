import { useCallback, useEffect, useState } from 'react';
import type { Annotation } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';

export interface AnnotationsState {
  list: Annotation[];
  loaded: boolean;
  error: unknown;
  reload(): void;
}

/** One's annotations for a document (or the whole meeting), kept fresh by `annotations.changed`. */
export function useAnnotations(meetingId: string, documentId?: string): AnnotationsState {
  const client = useClient();
  const { epoch } = useCore();
  const [list, setList] = useState<Annotation[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    client.annotations.list(documentId ? { meetingId, documentId } : { meetingId }).then(
      (l) => {
        if (!current) return;
        setList(l);
        setLoaded(true);
        setError(null);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setLoaded(true);
      },
    );
    return () => {
      current = false;
    };
  }, [client, meetingId, documentId, epoch, tick]);

  useCoreEvent('annotations.changed', (e) => {
    if (e.meetingId === meetingId && (!documentId || e.documentId === documentId)) reload();
  });

  return { list, loaded, error, reload };
}

/** Highlight colours offered: soft enough to read black text through when multiplied. */
export const annotationColors = ['#ffd54f', '#a5d6a7', '#90caf9', '#f48fb1'] as const;
export const defaultColor = annotationColors[0];
