import { useCallback, useEffect, useState } from 'react';
import type { Task } from '../../../shared/http';
import { useClient, useCore, useCoreEvent } from '../../app/connection';

export interface TaskListState {
  tasks: Task[] | null;
  fromCache: boolean;
  asOf: string | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Tasks across meetings; asked again when the core returns, and after the person changes one. */
export function useTaskList(scope: 'mine' | 'all'): TaskListState {
  const client = useClient();
  const { epoch } = useCore();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [fromCache, setFromCache] = useState(false);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    client.tasks.list({ scope }).then(
      (r) => {
        if (!current) return;
        setTasks(r.tasks);
        setFromCache(r.fromCache);
        setAsOf(r.asOf);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [client, scope, epoch, attempt]);

  // Coming back online is when the device's copy may be replaced by the server's.
  useCoreEvent('sync.status', (s) => {
    if (s.state === 'online' && fromCache) setAttempt((a) => a + 1);
  });

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { tasks, fromCache, asOf, error, loading, reload };
}
