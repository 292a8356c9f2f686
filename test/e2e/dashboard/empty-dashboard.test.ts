// The dashboard of a server that has run nothing yet: every view says what to run to fill it, and none logs an
// error (nothing missing is treated as a failure). Screenshots in test-artifacts/dashboard-empty/.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Each view, and a command its empty state gives. */
const VIEWS: readonly (readonly [string, string])[] = [
  ['overview', 'scones up'],
  ['endpoint', 'scones deploy --endpoint bikes'],
  ['workflows', 'scones up'],
  ['models', 'scones train'],
  ['monitoring', 'scones monitor baseline --endpoint bikes'],
  ['alarms', 'scones alarms defaults --endpoint bikes'],
];

describe('empty dashboard', () => {
  it('asks whether a baseline exists without a 404', async () => {
    const response = await fetch(`${server.server.url}/api/v1/pipeline/baselines/bikes`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ endpoint: 'bikes', constraints: null });
  });

  it.each(VIEWS)('%s says what to run', async (view, command) => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.server.url}/#/${view}`);
    await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    const commands = await page.locator('main .empty-state code.command').allTextContents();
    expect(commands.join('\n')).toContain(command);
    expect(await page.locator('main .error-box').count()).toBe(0);
    await screenshot(page, 'dashboard-empty', view);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('functions lists the built-in functions and their empty logs', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.server.url}/#/functions`);
    await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    expect(await page.locator('[data-panel="functions"] tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('.log-lines').textContent()).toContain('No log line yet');
    await screenshot(page, 'dashboard-empty', 'functions');
    expect(errors).toEqual([]);
    await page.close();
  });
});
