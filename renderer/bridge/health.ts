/**
 * Whether the renderer can reach the desktop core. Only browser mode can lose it (the
 * loopback WebSocket); in Electron the core lives in the same app and is always `up`.
 */
export type BridgeHealth = 'connecting' | 'up' | 'down';

export interface HealthSource {
  health(): BridgeHealth;
  /** Called on every change; returns an unsubscribe function. */
  onHealth(listener: (health: BridgeHealth) => void): () => void;
}

export const alwaysUp: HealthSource = {
  health: () => 'up',
  onHealth: () => () => {},
};
