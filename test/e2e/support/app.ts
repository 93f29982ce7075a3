/** Page helpers shared by the end-to-end specs: what a person does on every screen. */
import { expect, type Browser, type Page } from '@playwright/test';
import type { Proc } from './processes';

export async function signIn(page: Page, device: Proc, username: string, password = 'demo'): Promise<void> {
  await page.goto(device.url);
  await expect(page.getByTestId('login-form')).toBeVisible();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('meeting-list')).toBeVisible();
}

export async function newWindow(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

export async function openMeeting(page: Page, title?: string | RegExp): Promise<void> {
  const card = title ? page.getByTestId('meeting-card').filter({ hasText: title }) : page.getByTestId('meeting-card').first();
  await card.click();
  await expect(page.getByTestId('agenda-tree')).toBeVisible();
}

export const itemTitles = (page: Page) => page.getByTestId('agenda-item-title');

/** Server calls the tests make directly (setup that is not what the test is about). */
export async function api<T>(serverUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(serverUrl + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function token(serverUrl: string, username: string, password = 'demo'): Promise<string> {
  return (await api<{ token: string }>(serverUrl, 'POST', '/api/login', null, { username, password })).token;
}
