/**
 * A feature's own statements over the records database, kept beside the feature's logic
 * rather than in RecordsRepo, and prepared once per database on first use (a restarted
 * server opens a new database, so the cache is by database, not by module).
 */
import type { Db } from './db';
import type { RecordsRepo } from './repo';

export function statementsOf<S>(prepare: (db: Db) => S): (repo: RecordsRepo) => S {
  const prepared = new WeakMap<Db, S>();
  return (repo) => {
    let s = prepared.get(repo.db);
    if (!s) prepared.set(repo.db, (s = prepare(repo.db)));
    return s;
  };
}
