/**
 * Makes the typed client and the core's reachability available to every screen, so no
 * component knows which transport it runs over.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Client, EventName, Events } from '../../shared/contract';
import type { BridgeHealth, Connection } from '../bridge';

interface CoreState {
  health: BridgeHealth;
  /**
   * Grows each time the core comes back after being down. Screens put it in their effect
   * dependencies to re-read state they may have missed while disconnected.
   */
  epoch: number;
}

const ClientContext = createContext<Connection | null>(null);
const CoreContext = createContext<CoreState>({ health: 'up', epoch: 0 });

export function ConnectionProvider({ connection, children }: { connection: Connection; children: ReactNode }) {
  const [core, setCore] = useState<CoreState>({ health: connection.core.health(), epoch: 0 });
  useEffect(
    () =>
      connection.core.onHealth((health) =>
        setCore((prev) => ({ health, epoch: health === 'up' && prev.health === 'down' ? prev.epoch + 1 : prev.epoch })),
      ),
    [connection],
  );
  return (
    <ClientContext.Provider value={connection}>
      <CoreContext.Provider value={core}>{children}</CoreContext.Provider>
    </ClientContext.Provider>
  );
}

function useConnection(): Connection {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useClient outside ConnectionProvider');
  return c;
}

export function useClient(): Client {
  return useConnection().client;
}

/** Turns a File into what the core accepts (a path in Electron, a staged upload in browser mode). */
export function useFileRef(): Connection['fileRef'] {
  return useConnection().fileRef;
}

export function useAppMode(): Connection['mode'] {
  return useConnection().mode;
}

export function useCore(): CoreState {
  return useContext(CoreContext);
}

/**
 * Subscribes to a core event for the component's lifetime. The latest listener is kept in
 * a ref so callers can pass inline closures without resubscribing on every render.
 */
export function useCoreEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): void {
  const client = useClient();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(event, (payload) => latest.current(payload)), [client, event]);
}
