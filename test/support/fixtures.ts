import path from 'node:path';

/**
 * Real-world PDFs live beside the project in ../shared/fixtures/pdfs (also in CI); they
 * are read from there, never copied into the repository.
 */
export const fixturePdfDir = path.resolve(import.meta.dirname, '../../../shared/fixtures/pdfs');

export function fixturePdf(name: string): string {
  return path.join(fixturePdfDir, name);
}
