// The dashboard of a server that authenticates (`server.auth: on`), in headless Chromium: the sign-in page, a wrong
// secret refused with the server's code, the requested view after signing in with the administrator's key, sign
// out, a session ended by deactivating its key, a session that expires, and a throttled login. Screenshots in test-artifacts/dashboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow } from '../../../src/app/iam-roles.js';
import { ADMIN_USER } from '../../../src/app/pipeline/access-stage.js';
import type { DatasetManifest } from '../../../src/modules/datasets/index.js';
import { launchChromium, openPage, screenshot, type WatchedPage } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';
import { prepareSmallDataset } from '../../support/small-dataset.js';

const SHOTS = 'dashboard';
let server: TestServer;
let browser: Browser;
let base: string;
let manifest: DatasetManifest;
const admin = { accessKeyId: '', secretAccessKey: '' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer({ 'server.auth': 'on' }), launchChromium()]);
  base = server.server.url;
  const { app } = server;
  // What `scones up`'s access stage makes: the administrator and a key.
  await app.iam.users.createUser(ADMIN_USER);
  await app.iam.policies.attach({ type: 'user', name: ADMIN_USER }, 'administrator', allow('*', '*'));
  Object.assign(admin, await app.iam.users.createAccessKey(ADMIN_USER));
  // A real dataset in the store, for the overview to show (the lighter part of `scones up`).
  manifest = (await prepareSmallDataset(app.store, server.home, app.config.data.bucket, 8)).manifest;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const loginForm = 'form.login-card';

async function signIn(page: Page, secretAccessKey: string): Promise<void> {
  await page.fill('input[name="accessKeyId"]', admin.accessKeyId);
  await page.fill('input[name="secretAccessKey"]', secretAccessKey);
  await page.click(`${loginForm} button[type="submit"]`);
}

/** Opens a route and waits for the sign-in page. */
async function openSignIn(route: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  await watched.page.goto(`${base}/#/${route}`);
  await watched.page.waitForSelector(loginForm, { timeout: 30_000 });
  return watched;
}

/** The browser's two reports of one refused request (the console line and the response), in either order. */
const refused = (status: number, url: string) =>
  expect.arrayContaining([
    `Failed to load resource: the server responded with a status of ${status} (${status === 401 ? 'Unauthorized' : 'Too Many Requests'}) (${url})`,
    `HTTP ${status} ${url}`,
  ]);

const sessionState = (page: Page) =>
  page.evaluate(async () => (await fetch('/api/session')).json()) as Promise<{
    authenticated: boolean;
    expiresAt?: string;
  }>;

describe('dashboard sign-in', () => {
  it('refuses a wrong secret, opens the requested view with the right one, and signs out', async () => {
    const { page, errors } = await openSignIn('overview');
    expect(await page.locator('nav.sidebar').count()).toBe(0);
    expect(await page.title()).toBe('Sign in · Scones');

    await signIn(page, `${admin.secretAccessKey.slice(0, -1)}x`);
    const refusal = page.locator(`${loginForm} .error-box`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/^IAM_/);
    expect(await page.inputValue('input[name="secretAccessKey"]')).toBe('');
    await screenshot(page, SHOTS, 'login');

    await signIn(page, admin.secretAccessKey);
    await page.waitForSelector('main[data-view="overview"][data-loaded="true"]', { timeout: 30_000 });
    const dataset = page.locator('[data-panel="stages"]');
    expect(await dataset.textContent()).toContain(
      `${manifest.splits.train.count} train, ${manifest.splits.test.count} test images`,
    );
    expect(await page.locator('.sidebar .account .who').textContent()).toBe(ADMIN_USER);
    expect(await page.locator('.sidebar .account .key').textContent()).toBe(admin.accessKeyId);
    expect(await page.locator('main .error-box').count()).toBe(0);
    await screenshot(page, SHOTS, 'login-overview');

    await page.click('.sidebar .account .sign-out');
    await page.waitForSelector(loginForm);
    expect(await page.locator(`${loginForm} .notice`).textContent()).toBe('You signed out.');
    expect((await sessionState(page)).authenticated).toBe(false);
    expect(errors, errors.join('\n')).toHaveLength(2);
    expect(errors).toEqual(refused(401, `${base}/api/session`));
    await page.close();
  });

  it('returns to the sign-in page when the session ends, then shows the route it left', async () => {
    const { page, errors } = await openSignIn('functions');
    await signIn(page, admin.secretAccessKey);
    await page.waitForSelector('main[data-view="functions"][data-loaded="true"]', { timeout: 30_000 });
    await server.app.iam.users.setAccessKeyStatus(admin.accessKeyId, 'Inactive');
    try {
      await page.evaluate("location.hash = '#/models'");
      const notice = page.locator(`${loginForm} .notice`);
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.textContent()).toContain('no longer active');
    } finally {
      await server.app.iam.users.setAccessKeyStatus(admin.accessKeyId, 'Active');
    }
    // Every refusal was the REST API's 401 of the ended session.
    expect(errors.length).toBeGreaterThan(0);
    expect(
      errors.every((e) => /^(HTTP 401 |Failed to load resource: .* 401 .*\()\S*\/api\/v1\//.test(e)),
    ).toBe(true);
    errors.length = 0;

    await signIn(page, admin.secretAccessKey);
    await page.waitForSelector('main[data-view="models"][data-loaded="true"]', { timeout: 30_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the sign-in page when the session expires, with nothing refreshing to hear a 401', async () => {
    const { page, errors } = await openPage(browser);
    // The page's own clock, fast-forwarded past the session's end; the server's session is still live.
    await page.clock.install();
    await page.goto(`${base}/#/models`);
    await page.waitForSelector(loginForm, { timeout: 30_000 });
    await signIn(page, admin.secretAccessKey);
    await page.waitForSelector('main[data-view="models"][data-loaded="true"]', { timeout: 30_000 });
    await page.uncheck('input[aria-label="live refresh"]');
    const { expiresAt = '' } = await sessionState(page);
    const left = Date.parse(expiresAt) - (await page.evaluate(() => Date.now()));
    await page.clock.runFor(left - 60_000);
    expect(await page.locator('main[data-view="models"]').count()).toBe(1);
    await page.clock.runFor(61_000);
    const notice = page.locator(`${loginForm} .notice`);
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toBe('Your session expired. Sign in again.');
    expect(errors.filter((e) => !e.includes('/api/session'))).toEqual([]);
    await page.close();
  });

  it('says how long to wait after too many failed logins', async () => {
    const wrong = { accessKeyId: admin.accessKeyId, secretAccessKey: 'wrong-secret' };
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${base}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(wrong),
      });
      expect(response.status).toBe(401);
    }
    const { page, errors } = await openSignIn('overview');
    await signIn(page, admin.secretAccessKey);
    const refusal = page.locator(`${loginForm} .error-box`);
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('AUTH_TOO_MANY_ATTEMPTS');
    const button = page.locator(`${loginForm} button[type="submit"]`);
    expect(await button.textContent()).toMatch(/^Try again in \d+ s$/);
    expect(await button.isDisabled()).toBe(true);
    await screenshot(page, SHOTS, 'login-throttled');
    expect(errors).toHaveLength(2);
    expect(errors).toEqual(refused(429, `${base}/api/session`));
    await page.close();
  });
});
