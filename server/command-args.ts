/**
 * Arguments of the offline commands that read a data folder (`audit verify`, `verify-poll`):
 * parsed strictly, with the flags that say what to check required. A usage error prints
 * the reason and the usage and gives null: the command then exits with code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export function commandArgs<T extends Record<string, unknown>>(argv: string[], options: NonNullable<ParseArgsConfig['options']>, required: readonly (keyof T & string)[], usage: string): T | null {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return null;
  }
  if (required.some((flag) => !values[flag])) {
    const flags = required.map((flag) => `--${flag}`).join(' and ');
    console.error(`Give ${required.length === 2 ? 'both ' : ''}${flags}.\n${usage}`);
    return null;
  }
  return values as T;
}
