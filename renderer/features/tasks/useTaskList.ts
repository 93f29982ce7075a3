import { useState } from 'react';
import type { Client } from '../../../shared/contract';
import type { Task } from '../../../shared/api/tasks';
import { useClient, useCore, useCoreEvent } from '../../app/connection';
import { useLoad } from '../../app/useLoad';

export interface TaskListState {
  tasks: Task[] | null;
  fromCache: boolean;
  asOf: string | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

interface Held {
  tasks: Task[];
  fromCache: boolean;
  asOf: string;
}

/**
 * The last list of each scope this window was given. Opening the screen again shows it at
 * once (a year of a government's tasks is seconds to fetch) while the fresh one comes;
 * another person signing in never sees it.
 */
const held = new Map<'mine' | 'all', Held>();
const clearedOnSessionChange = new WeakSet<Client>();
/** Bumped when the session changes: an answer asked for before is not kept for whoever comes next. */
let generation = 0;

/** Tasks across meetings; asked again when the core returns, and after the person changes one. */
export function useTaskList(scope: 'mine' | 'all'): TaskListState {
  const client = useClient();
  const { epoch } = useCore();
  if (!clearedOnSessionChange.has(client)) {
    clearedOnSessionChange.add(client);
    client.on('session.changed', () => {
      generation++;
      held.clear();
    });
  }
  const [list, setList] = useState<Held | null>(() => held.get(scope) ?? null);
  const { error, loading, reload } = useLoad(
    () => {
      const asked = generation;
      return client.tasks.list({ scope }).then((r) => {
        // Kept for the next opening even when this screen has gone, unless the person changed.
        if (asked === generation) held.set(scope, r);
        return r;
      });
    },
    setList,
    [client, scope, epoch],
  );

  // Coming back online is when the device's copy may be replaced by the server's.
  useCoreEvent('sync.status', (s) => {
    if (s.state === 'online' && list?.fromCache) reload();
  });

  return { tasks: list?.tasks ?? null, fromCache: list?.fromCache ?? false, asOf: list?.asOf ?? null, error, loading, reload };
}
