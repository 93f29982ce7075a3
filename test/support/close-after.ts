/** Gives `fn` what was just opened (a server, a database connection) and closes it after `fn`, whatever happens. */
export async function closeAfter<T, R>(opened: T, close: (opened: T) => Promise<unknown>, fn: (opened: T) => Promise<R>): Promise<R> {
  try {
    return await fn(opened);
  } finally {
    await close(opened);
  }
}
