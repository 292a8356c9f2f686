// XSS through the dashboard: names, log lines, error causes, payloads and model fields holding HTML, and links whose
// hash parameters hold HTML, shown in headless Chromium. No script may run (no dialog, no marker set, no injected
// element): the dashboard builds text nodes, never HTML. Needs the built dashboard (web/dist) and Chromium.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_ROOT } from '../../src/http/routes/dashboard.js';
import { CHROMIUM, launchChromium } from '../support/browser.js';
import { zipOf } from '../support/zip.js';
import { describeHostile, type HostileCase } from './support/hostile-cases.js';
import type { HostileServer } from './support/hostile-server.js';

const READY = existsSync(path.join(DASHBOARD_ROOT, 'index.html')) && existsSync(CHROMIUM);
const mark = (id: string) =>
  `<img src=x onerror="window.__xss='${id}'"><script>window.__xss='${id}'</script>`;
const MACHINE = 'xss-machine';

let browser: Browser | undefined;
beforeAll(async () => {
  if (READY) browser = await launchChromium();
});
afterAll(() => browser?.close());

async function seed(server: HostileServer): Promise<void> {
  const { functions, workflows, models, store } = server.app;
  await functions.create({
    name: 'loud-fn',
    runtime: 'nodejs20.x',
    handler: 'index.handler',
    code: {
      kind: 'zip',
      bytes: zipOf([
        {
          name: 'index.js',
          content: `exports.handler = async () => { console.log(${JSON.stringify(mark('log'))}); return ${JSON.stringify(mark('result'))}; };`,
        },
      ]),
    },
  });
  await functions.invoke('loud-fn', { payload: JSON.stringify({ note: mark('event') }) });
  const definition = {
    StartAt: 'f',
    States: { f: { Type: 'Fail', Error: mark('error'), Cause: mark('cause') } },
  };
  const created = await workflows.machines.create({ name: MACHINE, definition: JSON.stringify(definition) });
  await workflows.executions.start({
    stateMachineArn: created.stateMachineArn,
    name: 'run1',
    input: JSON.stringify({ note: mark('input') }),
  });
  await store.ensureBucket('scones-models');
  const artifacts = {
    onnx: 'xss/model.onnx',
    'tfjs-model': 'xss/model.json',
    'tfjs-weights': 'xss/w.bin',
    report: 'xss/r.json',
  };
  for (const key of Object.values(artifacts)) await store.putObject('scones-models', key, Buffer.from('{}'));
  await models.register({
    runId: mark('run'),
    arch: mark('arch'),
    artifactBucket: 'scones-models',
    artifacts,
    hyperparameters: { [mark('hp')]: mark('hp-value') },
    metrics: { accuracy: 0.5 },
    lineage: { source: mark('lineage') },
    preprocessing: { classes: [mark('class-a'), 'b'], height: 32, width: 32, channels: 3 },
    temperature: 1,
  });
}

/** Opens `route` and proves no hostile markup ran or became an element (and, with `shown`, that it is text). */
function visit(route: string, shown = false): HostileCase['act'] {
  return async (server) => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    try {
      await page.goto(`${server.url}/#/${route}`);
      await page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
      // A string: this project's TypeScript has no DOM types, the page has.
      const found = await page.evaluate(
        `({ marker: window.__xss, injected: document.querySelectorAll('main img[src="x"], main img[onerror], main script, main svg[onload]').length, text: document.querySelector('main').innerText.includes('onerror=') })`,
      );
      expect(found).toEqual({ marker: undefined, injected: 0, text: expect.any(Boolean) });
      if (shown) expect((found as { text: boolean }).text, 'the hostile text is shown as text').toBe(true);
      expect(dialogs).toEqual([]);
    } finally {
      await page.close();
    }
    return { thrown: null };
  };
}

/** Views showing the seeded data, and whether the hostile text itself is on screen there. */
const STORED: readonly (readonly [string, boolean])[] = [
  ['overview', false],
  ['functions', false],
  ['functions/loud-fn', true],
  ['workflows', false],
  [`workflows/${MACHINE}`, false],
  [`workflows/${MACHINE}/run1`, true],
  ['models', true],
  ['models/1', true],
];
const REFLECTED = ['functions', 'alarms', 'models', 'monitoring', 'endpoint', 'workflows'].map(
  (view) => `${view}/${encodeURIComponent(mark(`hash-${view}`))}`,
);

const cases: HostileCase[] = [
  ...STORED.map(([route, shown]) => ({
    name: `the ${route} view showing stored HTML`,
    act: visit(route, shown),
  })),
  ...REFLECTED.map((route) => ({
    name: `a link to ${route.split('/')[0]} with HTML in its parameters`,
    act: visit(route),
  })),
  {
    name: 'a link to workflows searching for HTML',
    act: visit(`workflows?q=${encodeURIComponent(mark('search'))}`),
  },
];

if (READY) describeHostile('XSS in the dashboard', cases, { setup: seed, timeoutMs: 60_000 });
else
  describe('hostile: XSS in the dashboard', () => {
    it.skip(`needs the built dashboard (${DASHBOARD_ROOT}) and Chromium (${CHROMIUM})`, () => {});
  });
