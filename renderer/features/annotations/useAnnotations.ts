import { useState } from 'react';
import type { Annotation } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';
import { useLoad } from '../../app/useLoad';

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
  const { error, reload } = useLoad(
    () => client.annotations.list(documentId ? { meetingId, documentId } : { meetingId }),
    (l) => {
      setList(l);
      setLoaded(true);
    },
    [client, meetingId, documentId, epoch],
  );

  useCoreEvent('annotations.changed', (e) => {
    if (e.meetingId === meetingId && (!documentId || e.documentId === documentId)) reload();
  });

  // A failure is an answer too: the panel stops saying "loading".
  return { list, loaded: loaded || error !== null, error, reload };
}

/** Highlight colours offered: soft enough to read black text through when multiplied. */
export const annotationColors = ['#ffd54f', '#a5d6a7', '#90caf9', '#f48fb1'] as const;
export const defaultColor = annotationColors[0];
