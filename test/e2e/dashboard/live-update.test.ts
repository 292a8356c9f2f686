// The live refresh updates a panel in place: when a long executions table gains a row, the same table and row
// nodes stay on screen, so the reader's scroll position and the focused row's link survive the refresh.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/scones-app.js';

const MACHINE = 'scrolling';
const EXECUTIONS = 40;

let server: TestServer;
let browser: Browser;

async function post(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${server.server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

const start = (name: string) => post(`/state-machines/${MACHINE}/executions`, { name, input: {} });

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  await post('/state-machines', {
    name: MACHINE,
    definition: { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } },
  });
  for (let i = 0; i < EXECUTIONS; i++) await start(`run-${String(i).padStart(2, '0')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard live refresh', () => {
  it('keeps scroll and focus when a panel’s data changes', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${server.server.url}/#/workflows/${MACHINE}`);
    await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
    const rows = page.locator('table.executions tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(EXECUTIONS);

    // Scroll the table part-way, focus a row's link, and tag both nodes to recognise them after the refresh.
    // Page scripts are strings: this project's TypeScript has no DOM types, the page has.
    const before = (await page.evaluate(`(() => {
      const wrap = document.querySelector('table.executions').closest('.table-wrap');
      wrap.scrollTop = 300;
      const link = document.querySelector('a[href$="/run-10"]');
      link.focus();
      wrap.tagged = 'wrap';
      link.tagged = 'link';
      return {
        scrollTop: wrap.scrollTop,
        scrollable: wrap.scrollHeight > wrap.clientHeight,
        linkTop: link.getBoundingClientRect().top - wrap.getBoundingClientRect().top,
      };
    })()`)) as { scrollTop: number; scrollable: boolean; linkTop: number };
    expect(before.scrollable).toBe(true);
    expect(before.scrollTop).toBeGreaterThan(0);

    await start('run-new');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(EXECUTIONS + 1);

    // Where the focused row stands in the table's viewport: the browser's scroll anchoring moves scrollTop by the
    // new row's height, so the rows the reader was looking at stay where they were.
    const after = await page.evaluate(`(() => {
      const wrap = document.querySelector('table.executions').closest('.table-wrap');
      const focused = document.activeElement;
      return {
        sameTable: wrap.tagged === 'wrap',
        focusedTag: focused && focused.tagged,
        focusedText: focused && focused.textContent,
        linkTop: focused.getBoundingClientRect().top - wrap.getBoundingClientRect().top,
        scrolled: wrap.scrollTop >= ${before.scrollTop},
      };
    })()`);
    expect(after).toEqual({
      sameTable: true,
      focusedTag: 'link',
      focusedText: 'run-10',
      linkTop: before.linkTop,
      scrolled: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
