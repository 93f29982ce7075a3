/**
 * Global setup of the `postgres` test project (vitest.config.ts): one throwaway PostgreSQL
 * for the whole run, so the integration tests of the records run against the cluster store
 * too (issue 13). Each test server gets its own database in it (test/support/test-store.ts).
 * Without PostgreSQL here the project's servers fall back to nothing: the tests say so and
 * skip, unless OPENCABINET_REQUIRE_SERVICES=1 (CI) makes that an error.
 */
import type { TestProject } from 'vitest/node';
import { postgresMissing, startPostgres } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL (the `postgres` project), or null. */
    testPostgresUrl: string | null;
    testPostgresMissing: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = postgresMissing();
  if (missing) {
    project.provide('testPostgresUrl', null);
    project.provide('testPostgresMissing', missing);
    return async () => {};
  }
  const pg = await startPostgres();
  project.provide('testPostgresUrl', pg.url);
  project.provide('testPostgresMissing', null);
  return () => pg.stop();
}
