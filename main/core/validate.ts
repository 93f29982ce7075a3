/**
 * Every call's input is parsed with its contract schema before anything happens.
 * Handlers therefore receive parsed, typed values; callers get `invalid_input` with a
 * sentence naming the field.
 */
import type { z } from 'zod';
import { contract, channels, inputSchema, type Api, type Channel } from '../../shared/contract';
import { ApiError } from '../../shared/errors';

type Contract = typeof contract;

export type Handlers = {
  [N in keyof Contract]: {
    [M in keyof Contract[N]]: Contract[N][M] extends { input: infer I extends z.ZodType; output: infer O }
      ? (input: z.output<I>) => Promise<O>
      : never;
  };
};

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join(' ');
}

export function parseInput(channel: Channel, raw: unknown): unknown {
  const parsed = inputSchema(channel).safeParse(raw);
  if (!parsed.success) throw new ApiError('invalid_input', describeZodError(parsed.error));
  return parsed.data;
}

/** `around` runs each call (the core: inside its lifetime, so closing waits for it). */
export function withValidation(handlers: Handlers, around: <T>(call: () => Promise<T>) => Promise<T> = (call) => call()): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const channel of channels) {
    const [ns, m] = channel.split('.') as [keyof Handlers, string];
    const handler = (handlers[ns] as Record<string, (input: unknown) => Promise<unknown>>)[m]!;
    (api[ns] ??= {})[m] = async (raw: unknown) => {
      const input = parseInput(channel, raw ?? {});
      return around(() => handler(input));
    };
  }
  return api as unknown as Api;
}
