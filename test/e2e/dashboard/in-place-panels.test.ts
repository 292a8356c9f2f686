// Panels are updated in place on the live refresh: a long alarms table that gains a row above the one being read,
// and a function's log that gains lines while the reader has scrolled up, keep their nodes, the reader's scroll
// position and the focused element. Page scripts are strings: this project's TypeScript has no DOM types.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';

const ALARMS = 40;
const FUNCTION = 'scones-filterLowConfidence';
const INVOCATIONS = 25;

let server: TestServer;
let browser: Browser;

async function call(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${server.server.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, await response.clone().text()).toBe(true);
}

const putAlarm = (name: string) =>
  call('PUT', `/alarms/${name}`, {
    namespace: 'Scones/Test',
    metricName: 'Nothing',
    statistic: 'Average',
    periodSeconds: 60,
    evaluationPeriods: 1,
    threshold: 1,
    comparison: 'GreaterThanThreshold',
  });

const invoke = () => call('POST', `/functions/${FUNCTION}/invoke`, { confidence: 0.5 });

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  for (let i = 0; i < ALARMS; i++) await putAlarm(`alarm-${String(i).padStart(2, '0')}`);
  for (let i = 0; i < INVOCATIONS; i++) await invoke();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Tags the scroll container and the focused element, and says where the focused element stands in it. */
async function readerState(page: Page, container: string, focusTarget: string, scrollTop: number) {
  return (await page.evaluate(`(() => {
    const box = document.querySelector(${JSON.stringify(container)});
    const target = document.querySelector(${JSON.stringify(focusTarget)});
    target.focus({ preventScroll: true });
    box.scrollTop = ${scrollTop};
    box.tagged = 'box';
    target.tagged = 'target';
    return {
      scrollTop: box.scrollTop,
      atBottom: box.scrollTop + box.clientHeight >= box.scrollHeight - 8,
      targetTop: target.getBoundingClientRect().top - box.getBoundingClientRect().top,
      focused: document.activeElement === target,
    };
  })()`)) as { scrollTop: number; atBottom: boolean; targetTop: number; focused: boolean };
}

/** The same facts after the refresh: whether the nodes are the ones tagged, and where the focused one stands. */
async function afterRefresh(page: Page, container: string) {
  return page.evaluate(`(() => {
    const box = document.querySelector(${JSON.stringify(container)});
    const focused = document.activeElement;
    return {
      sameBox: box.tagged === 'box',
      focusedTag: focused && focused.tagged,
      targetTop: focused.getBoundingClientRect().top - box.getBoundingClientRect().top,
    };
  })()`) as Promise<{ sameBox: boolean; focusedTag: string; targetTop: number }>;
}

describe('panels updated in place', () => {
  it('a long table keeps scroll and focus when a row is added above the one being read', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.server.url}/#/alarms`);
    await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    const rows = page.locator('[data-panel="alarms"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(ALARMS);

    const wrap = '[data-panel="alarms"] .table-wrap';
    const before = await readerState(page, wrap, `${wrap} a[href$="/alarm-20"]`, 300);
    expect(before).toMatchObject({ scrollTop: 300, atBottom: false, focused: true });

    // Sorted by name, the new alarm lands above the focused one: the keyed rows move, none is rewritten.
    await putAlarm('alarm-05a');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(ALARMS + 1);

    const after = await afterRefresh(page, wrap);
    expect(after).toEqual({ sameBox: true, focusedTag: 'target', targetTop: before.targetTop });
    expect(await page.evaluate('document.activeElement.textContent')).toBe('alarm-20');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a function's log keeps scroll and focus while new lines arrive", async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.server.url}/#/functions/${FUNCTION}`);
    await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    const lines = page.locator('.log-lines .log-line');
    await expect.poll(() => lines.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(INVOCATIONS * 3);
    const shown = await lines.count();

    const box = '.log-lines';
    const before = await readerState(page, box, `${box} .log-line:nth-child(20) .log-request`, 200);
    expect(before).toMatchObject({ scrollTop: 200, atBottom: false, focused: true });

    // The log follows new lines every 2 s; a reader who scrolled up stays where they were.
    await invoke();
    await expect.poll(() => lines.count(), { timeout: 60_000 }).toBeGreaterThan(shown);

    const after = await afterRefresh(page, box);
    expect(after).toEqual({ sameBox: true, focusedTag: 'target', targetTop: before.targetTop });
    expect(await page.evaluate(`document.querySelector('${box}').scrollTop`)).toBe(200);
    expect(errors).toEqual([]);
    await page.close();
  });
});
