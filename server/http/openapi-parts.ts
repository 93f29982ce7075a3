/**
 * The pieces the OpenAPI document is written with: JSON Schema from the same zod schemas
 * the server validates with, references and error answers.
 */
import { z } from 'zod';

export function schemaOf(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const jsonContent = (name: string) => ({ 'application/json': { schema: ref(name) } });
export const error = (description: string) => ({ description, content: jsonContent('ErrorBody') });
