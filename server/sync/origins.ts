/**
 * Who made a change to a synced document, as the Yjs transaction origin. A client's change
 * has its connection as origin; these three are the server's own.
 */

/** Updates the server writes itself (live/<id>, a reverted status). */
export const serverOrigin = Symbol('server');
/** Rows another node stored: relayed to this node's clients, neither stored nor published again. */
export const remoteOrigin = Symbol('remote');
/** A `live/<id>` write this node makes but the lease holder stores (see SyncedDocs.transact). */
export const forwardOrigin = Symbol('forward');
