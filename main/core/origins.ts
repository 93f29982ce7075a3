/** Tags this device's own edits: the undo manager tracks only these, never remote ones. */
export const localOrigin = { source: 'local-user' };
