/**
 * Route coverage, from the endpoint table (shared/api) alone: every declared endpoint is
 * served at its path and method, answers with the access level it declares, is described
 * in the OpenAPI document, and is called by the device's client — or is listed below with
 * the reason the device does not call it. A path written anywhere else cannot pass this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpoints, fillPath, openApiPath, type EndpointName, type EndpointSpec } from '../../../shared/api';
import type { RunningServer } from '../../../server/app';
import { createMeeting, createUser, login, start, tempDir } from './helpers';

let server: RunningServer;
let dir: { dir: string; remove: () => Promise<void> };
let secretariatToken: string;
let meetingId: string;

/** Endpoints the desktop app does not call, and why. Anything else must be in its client. */
const notCalledByTheDevice: Partial<Record<EndpointName, string>> = {
  'session.openapi': 'for integrators and API tools',
  'ops.metrics': 'for Prometheus, not for devices',
  'outbox.verifyReceipt': 'the device checks its receipts itself with the receipt key; this is the server-side check for a dispute',
  'audit.entries': "any member's tools read the chain; the app runs the whole check (audit.check)",
  'audit.verify': 'the chain alone, for tools; the app runs the whole check (audit.check)',
  'meetings.blobHead': 'HTTP tools ask for a size; the device resumes with Range on GET',
};

const entries = Object.entries(endpoints) as [EndpointName, EndpointSpec][];
const meetingScoped = new Set(['member', 'participant', 'runs-meeting', 'secretariat']);

/** Path parameters that satisfy each endpoint's schema; the meeting is a real one the user is not in. */
function sampleParams(spec: EndpointSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, field] of Object.entries(spec.params?.shape ?? {})) {
    if (name === 'meetingId') {
      out[name] = meetingId;
      continue;
    }
    const value = ['x1', '0123456789abcdef0123456789abcdef', 'notice'].find((v) => (field as { safeParse(v: unknown): { success: boolean } }).safeParse(v).success);
    if (!value) throw new Error(`No sample value fits the parameter ${name} of ${spec.path}.`);
    out[name] = value;
  }
  return out;
}

function call(spec: EndpointSpec, token: string | null): Promise<Response> {
  return fetch(server.url + fillPath(spec.path, sampleParams(spec)), {
    method: spec.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: spec.method === 'GET' || spec.method === 'HEAD' ? undefined : '{}',
  });
}

beforeAll(async () => {
  dir = await tempDir();
  server = await start(dir.dir);
  const secretary = await createUser(server.store, 'ep-secretary');
  await createUser(server.store, 'ep-outsider');
  meetingId = await createMeeting(server.store, [[secretary, 'secretariat']], { title: 'Họp kiểm tra đường dẫn' });
  secretariatToken = await login(server.url, 'ep-secretary');
});

afterAll(async () => {
  await server?.close();
  await dir?.remove();
});

describe('the endpoint table', () => {
  it('declares each method and path once', () => {
    const keys = entries.map(([, e]) => `${e.method} ${openApiPath(e.path)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(entries)('%s is served with the access it declares', async (_name, spec) => {
    const anonymous = await call(spec, null);
    if (spec.access === 'public') {
      expect(anonymous.status).not.toBe(401);
      expect(anonymous.status).not.toBe(404);
      return;
    }
    expect(anonymous.status).toBe(401);
    // A fresh session each time: logout and "sign out everywhere" end the ones they are called with.
    const outsider = await call(spec, await login(server.url, 'ep-outsider'));
    if (meetingScoped.has(spec.access)) {
      // Someone outside the meeting learns nothing about it: the same 404 as no meeting.
      expect(outsider.status).toBe(404);
      // Its secretariat passes every meeting-level check; what follows is the handler's own answer.
      const inside = await call(spec, secretariatToken);
      expect(inside.status).not.toBe(401);
      const body = inside.headers.get('content-type')?.includes('json') ? ((await inside.json()) as { error?: { message: string } }) : {};
      expect(body.error?.message ?? '').not.toMatch(/no such meeting/i);
    } else if (spec.access === 'admin') {
      expect(outsider.status).toBe(403);
    } else {
      expect(outsider.status).not.toBe(401);
    }
  });

  it('is what the OpenAPI document describes, operation by operation', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-access': string }>> };
    const described = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(described.sort()).toEqual(entries.map(([, e]) => `${e.method} ${openApiPath(e.path)}`).sort());
    for (const [, e] of entries) expect(doc.paths[openApiPath(e.path)]![e.method.toLowerCase()]!['x-access']).toBe(e.access);
  });

  it('is called by the device through its client, or says why not', () => {
    const root = path.resolve(__dirname, '../../..');
    const client = ['main/core/server-client.ts', 'main/core/blob-download.ts'].map((f) => fs.readFileSync(path.join(root, f), 'utf8')).join('\n');
    // Names built from a step (`voting.${step}`) count for each of their steps.
    const templated = [...client.matchAll(/`(\w+)\.\$\{(\w+)\}`/g)].map((m) => m[1]!);
    const uncalled = entries
      .map(([name]) => name)
      .filter((name) => !notCalledByTheDevice[name] && !client.includes(`'${name}'`) && !templated.includes(name.split('.')[0]!));
    // Each of these is neither called by main/core/server-client.ts nor listed above with a reason.
    expect(uncalled).toEqual([]);
    // No path is written in the client: the table is the only place.
    expect(client).not.toMatch(/['"`]\/api\//);
  });

  it('answers an unknown path with 404 and a known path with the wrong method with 405 and Allow', async () => {
    const missing = await fetch(`${server.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${server.url}/api/meetings`, { method: 'PUT' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')?.split(', ').sort()).toEqual(['GET', 'POST']);
  });
});
