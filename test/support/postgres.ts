/** PostgreSQL for tests (scripts/services/postgres.ts), skipped with the reason when it cannot run here. */
import { postgresUnavailable } from '../../scripts/services/postgres';
import { missingServiceReason } from './services';

export { startPostgres, postgresBinDir, type LocalPostgres as TestPostgres } from '../../scripts/services/postgres';

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresMissing(): string | null {
  const why = postgresUnavailable();
  return why ? missingServiceReason(why) : null;
}
