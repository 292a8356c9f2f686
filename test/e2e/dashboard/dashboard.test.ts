// The dashboard in headless Chromium on a real pipeline run (small dataset, two epochs): every view shows the run's
// real numbers, logs no console error, escapes what it shows, and leaves a screenshot in test-artifacts/dashboard/.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot, type WatchedPage } from '../../support/browser.js';
import { eventually } from '../../support/eventually.js';
import { type PipelineRun, runSmallPipeline } from '../../support/pipeline-run.js';
import { PNG_FOLDER } from '../../support/shared-data.js';

const SHOTS = 'dashboard';
/** A two-epoch model's confidences straddle this (none reach 0.93), so some images pass and some are filtered out. */
const THRESHOLD = 0.6;
let run: PipelineRun;
let browser: Browser;
let base: string;

interface Captured {
  inferences: { confidence: number | null; predictedClass: string | null }[];
}

const api = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

beforeAll(async () => {
  [run, browser] = await Promise.all([runSmallPipeline({ threshold: THRESHOLD }), launchChromium()]);
  base = run.server.url;
  // `up` took the baseline through the endpoint (the model over test.lst), then ran the test batch: capture files
  // are written every 200 ms, so wait until both are in the store.
  await capturedAtLeast(traffic());
  // `up` reported on the test batch alone (too few records for drift tests); a user then reports on the last hour
  // (`scones monitor run --from -1h`), which holds the baseline's traffic too.
  await run.app.monitoring.report('bikes', { from: Date.now() - 3_600_000, to: Date.now() });
  // The server evaluates alarms every minute: evaluate them now, as the first tick would.
  await run.app.monitoring.alarms.evaluate();
}, 600_000);

/** Image pipeline executions `up` ran: one per test image in the batch, then its single-image latency probe. */
const pipelineRuns = () => run.summary.dataset.test + run.summary.workflow.singleImageMs.runs;

/** Inferences the endpoint served: the baseline's (one per test image) and every pipeline execution's. */
const traffic = () => run.summary.dataset.test + pipelineRuns();

/** Waits until the endpoint's capture files hold at least `count` inferences. */
async function capturedAtLeast(count: number): Promise<Captured> {
  let seen = 0;
  try {
    return await eventually(
      async () => {
        const captured = await api<Captured>('/api/v1/endpoints/bikes/captures?limit=1000');
        seen = captured.inferences.length;
        return seen >= count ? captured : undefined;
      },
      { what: `${count} captured inferences`, timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    // Say which side fell short: the pipeline (failed runs) or the capture writer (dropped or failed writes).
    const { captureStats } = run.server.endpoints;
    const batch = JSON.stringify(run.summary.workflow);
    throw new Error(
      `captured ${seen} of ${count} inferences; capture stats ${JSON.stringify(captureStats)}; workflow ${batch}`,
      { cause: error },
    );
  }
}

afterAll(async () => {
  await browser?.close();
  await run?.close();
});

/** Opens a view in a fresh page and waits until its first load finished. */
async function visit(route: string): Promise<WatchedPage> {
  const watched = await openPage(browser);
  await watched.page.goto(`${base}/#/${route}`);
  await watched.page.waitForSelector('main[data-loaded="true"]', { timeout: 30_000 });
  return watched;
}

async function finish({ page, errors }: WatchedPage, name: string): Promise<void> {
  await screenshot(page, SHOTS, name);
  expect(errors).toEqual([]);
  await page.close();
}

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';
/** The words a chart draws (axis labels, legend, data labels). */
const chartText = async (page: Page, panel: string) =>
  (await page.locator(`[data-panel="${panel}"] svg text`).allTextContents()).join(' ');

describe('dashboard', () => {
  it('serves the built page at / (the URL `up` gives) with a strict content security policy', async () => {
    expect(run.summary.dashboard).toBe(`${base}/`);
    const response = await fetch(run.summary.dashboard);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toMatch(/<script type="module"[^>]+src="\/assets\//);
    // Paths outside Scones's own routes are S3's (bucket names): a missing page under the dashboard's is JSON.
    const missing = await fetch(`${base}/assets/no-such-page.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('HTTP_NOT_FOUND');
  });

  it('Overview: every stage of the run, the deployed model and the endpoint traffic', async () => {
    const watched = await visit('overview');
    const { page } = watched;
    const stages = page.locator('.stage');
    await expect.poll(() => stages.count()).toBe(6);
    const status = (name: string) => page.locator(`.stage[data-stage="${name}"]`).getAttribute('data-status');
    expect(await status('Dataset')).toBe('ready');
    expect(await status('Model')).toBe('ready');
    expect(await status('Endpoint')).toBe('InService');
    expect(await status('State machines')).toBe('ready');
    expect(await status('Test batch')).toBe('SUCCEEDED');
    expect(await status('Monitoring')).toMatch(/^(completed|ALARM)$/);
    const { summary } = run;
    expect(await text(page, '.stage[data-stage="Dataset"]')).toContain(
      `${summary.dataset.train} train, ${summary.dataset.test} test images`,
    );
    expect(await text(page, '.stage[data-stage="Test batch"]')).toContain(
      `${summary.workflow.passed} images kept, ${summary.workflow.filtered + summary.workflow.failed} filtered out`,
    );
    expect(await text(page, '[data-panel="model"]')).toContain(
      `${(summary.model.accuracy * 100).toFixed(1)}%`,
    );
    // The baseline, the test batch and the latency probe all went through the endpoint.
    expect(await text(page, '[data-panel="traffic"] .stat-value')).toBe(String(traffic()));
    expect(await text(page, '[data-panel="report"]')).toContain('completed');
    // The alarms the server has in ALARM, and only those.
    const firing = await api<{ alarms: { name: string }[] }>('/api/v1/alarms?state=ALARM');
    expect(await page.locator('[data-panel="alarms"] tbody tr').count()).toBe(firing.alarms.length);
    for (const alarm of firing.alarms)
      expect(await text(page, '[data-panel="alarms"]')).toContain(alarm.name);
    expect(await chartText(page, 'traffic-hour')).toContain('invocations');
    const newest = await api<{ executions: { name: string }[] }>(
      '/api/v1/state-machines/scones-image-pipeline/executions?maxResults=8',
    );
    expect(await page.locator('[data-panel="executions"] tbody tr a').allTextContents()).toEqual(
      newest.executions.map((e) => e.name),
    );
    await finish(watched, 'overview');
  });

  it('Endpoint: one scatter point per captured inference, the threshold line, classes and thumbnails', async () => {
    const captured = await api<Captured>('/api/v1/endpoints/bikes/captures?limit=1000');
    const watched = await visit('endpoint/bikes');
    const { page } = watched;
    // Scatter symbols are drawn at 0.75 opacity (the legend's icons are opaque).
    const points = page.locator('[data-panel="confidence"] svg path[fill-opacity="0.75"]');
    expect(await points.count()).toBe(captured.inferences.length);
    const below = captured.inferences.filter((i) => (i.confidence ?? 0) < THRESHOLD).length;
    expect(below).toBeGreaterThan(0);
    expect(below).toBeLessThan(captured.inferences.length);
    expect(await text(page, '[data-panel="confidence"] .panel-note')).toBe(
      `${captured.inferences.length} inferences · ${below} below ${THRESHOLD}`,
    );
    // The threshold line, labelled with the filter function's setting.
    expect(await chartText(page, 'confidence')).toContain(`threshold ${THRESHOLD}`);
    const classes = await chartText(page, 'classes');
    for (const name of ['bicycle', 'motorcycle']) expect(classes).toContain(name);
    const thumbnails = page.locator('[data-panel="recent"] img.thumb');
    expect(await thumbnails.count()).toBe(Math.min(24, captured.inferences.length));
    // Each thumbnail is the decoded 32x32 captured PNG.
    const decoded = await thumbnails.first().evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number };
      return [image.complete, image.naturalWidth];
    });
    expect(decoded).toEqual([true, 32]);
    expect(await text(page, '[data-panel="endpoint"]')).toContain(
      `${traffic()} invocations: ${traffic()} ok`,
    );
    await finish(watched, 'endpoint');
  });

  it('Workflows: executions filtered by status and searched by name', async () => {
    expect(run.summary.workflow.passed).toBeGreaterThan(0);
    expect(run.summary.workflow.filtered).toBeGreaterThan(0);
    const watched = await visit('workflows/scones-image-pipeline');
    const { page } = watched;
    const rows = page.locator('table.executions tbody tr');
    expect(await rows.count()).toBe(pipelineRuns());
    expect(new Set(await page.locator('table.executions tbody .badge').allTextContents())).toEqual(
      new Set(['SUCCEEDED', 'FAILED']),
    );
    await screenshot(page, SHOTS, 'workflows');
    await page.locator('.filters a[data-status="FAILED"]').click();
    const failed = await api<{ executions: unknown[] }>(
      '/api/v1/state-machines/scones-image-pipeline/executions?status=FAILED&maxResults=1000',
    );
    expect(failed.executions.length).toBeGreaterThanOrEqual(run.summary.workflow.filtered);
    await expect.poll(() => rows.count()).toBe(failed.executions.length);
    expect(new Set(await page.locator('table.executions tbody .badge').allTextContents())).toEqual(
      new Set(['FAILED']),
    );
    const first = (await page.locator('table.executions tbody tr a').first().textContent()) ?? '';
    await page.fill('input[type="search"]', first.slice(0, 13));
    await expect.poll(() => rows.count()).toBe(1);
    await finish(watched, 'workflows-failed');
  });

  it('Workflows: a filtered-out execution draws three states, the last one failed with THRESHOLD_CONFIDENCE_NOT_MET', async () => {
    const failed = await api<{ executions: { name: string }[] }>(
      '/api/v1/state-machines/scones-image-pipeline/executions?status=FAILED&maxResults=1',
    );
    const name = failed.executions[0]?.name as string;
    const history = await api<{ events: unknown[] }>(
      `/api/v1/state-machines/scones-image-pipeline/executions/${name}/history?maxResults=1000`,
    );
    const watched = await visit(`workflows/scones-image-pipeline/${name}`);
    const { page } = watched;
    const states = page.locator('svg.workflow-graph g.state');
    expect(await states.count()).toBe(3);
    const outcome = (state: string) =>
      page.locator(`svg.workflow-graph g.state[data-state="${state}"]`).getAttribute('data-outcome');
    expect(await outcome('serializeImageData')).toBe('succeeded');
    expect(await outcome('classifyImage')).toBe('succeeded');
    expect(await outcome('filterLowConfidence')).toBe('failed');
    expect(await text(page, '[data-panel="execution"] .error-name')).toBe('THRESHOLD_CONFIDENCE_NOT_MET');
    expect(await text(page, '[data-panel="state"]')).toContain(`below the threshold ${THRESHOLD}`);
    expect(await page.locator('table.history tbody tr').count()).toBe(history.events.length);
    // The classified image travels through the states: the chosen state's input shows it.
    expect(await page.locator('[data-panel="state"] img.thumb').count()).toBeGreaterThan(0);
    await finish(watched, 'execution-failed');

    const again = await visit(`workflows/scones-image-pipeline/${name}`);
    await again.page.locator('svg.workflow-graph g.state[data-state="classifyImage"]').click();
    expect(await text(again.page, '[data-panel="state"] h2')).toBe('State classifyImage');
    expect(await text(again.page, '[data-panel="state"]')).toContain('inferences');
    await finish(again, 'execution-state-selected');
  });

  it("Workflows: a kept image's execution draws all three states succeeded", async () => {
    const passed = await api<{ executions: { name: string }[] }>(
      '/api/v1/state-machines/scones-image-pipeline/executions?status=SUCCEEDED&maxResults=1',
    );
    const watched = await visit(`workflows/scones-image-pipeline/${passed.executions[0]?.name}`);
    const outcomes = await watched.page
      .locator('svg.workflow-graph g.state')
      .evaluateAll((states) => states.map((state) => state.getAttribute('data-outcome')));
    expect(outcomes).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(await text(watched.page, '[data-panel="io"]')).toContain('inferences');
    await finish(watched, 'execution-succeeded');
  });

  it('Workflows: the test batch Map holds its inner state, entered once per test image', async () => {
    const batch = run.summary.workflow.executionArn.split(':').at(-1) as string;
    const watched = await visit(`workflows/scones-test-batch/${batch}`);
    const { page } = watched;
    const map = page.locator('g.state[data-state="EveryTestImage"]');
    expect(await map.getAttribute('data-outcome')).toBe('succeeded');
    expect(await map.locator('g.state[data-state="ClassifyOneImage"]').count()).toBe(1);
    expect(await text(page, '[data-panel="state"]')).toContain(`${run.summary.dataset.test}×`);
    await finish(watched, 'execution-test-batch');
  });

  it('Functions: the filter function, its log with request-id filtering', async () => {
    const watched = await visit('functions/scones-filterLowConfidence');
    const { page } = watched;
    expect(await page.locator('[data-panel="functions"] tbody tr').count()).toBe(3);
    expect(await text(page, '[data-panel="function"]')).toContain(`THRESHOLD=${THRESHOLD}`);
    const lines = page.locator('.log-line');
    await expect.poll(() => lines.count()).toBeGreaterThan(run.summary.dataset.test);
    expect(await text(page, '.log-lines')).toContain('THRESHOLD_CONFIDENCE_NOT_MET');
    // Follow mode: an invocation made while the page is open shows up without a reload.
    const { requestId } = await run.app.functions.invoke('scones-filterLowConfidence', {
      payload: JSON.stringify({ body: { inferences: [0.99, 0.01] } }),
    });
    await expect
      .poll(() => text(page, '.log-lines'), { timeout: 15_000 })
      .toContain(`END RequestId: ${requestId}`);
    await screenshot(page, SHOTS, 'functions');
    const request = page.locator('.log-line.meta .log-request').first();
    const id = ((await request.getAttribute('title')) as string).replace('only request ', '');
    await request.click();
    await expect
      .poll(async () => new Set(await page.locator('.log-line .log-request').allTextContents()))
      .toEqual(new Set([id.slice(0, 8)]));
    expect(await page.inputValue('.log-viewer input[type="search"]')).toBe(id);
    // START, END and REPORT at least.
    expect(await lines.count()).toBeGreaterThanOrEqual(3);
    await finish(watched, 'functions-request');
  });

  it('Models: the version with its confusion matrix, per-class metrics and training curves', async () => {
    const model = await api<{ metrics: { confusionMatrix: number[][] }; report: { curves: unknown[] } }>(
      '/api/v1/models/1',
    );
    const watched = await visit('models/1');
    const { page } = watched;
    expect(await page.locator('[data-panel="versions"] tbody tr').count()).toBe(1);
    const cells = (await chartText(page, 'confusion')).split(' ');
    for (const n of model.metrics.confusionMatrix.flat()) expect(cells).toContain(String(n));
    expect(await chartText(page, 'per-class')).toMatch(/bicycle.*motorcycle/);
    expect(model.report.curves).toHaveLength(2);
    expect(await chartText(page, 'loss')).toContain('validation');
    await finish(watched, 'models');
  });

  it('Monitoring: the report against the baseline, its drift tests and violations', async () => {
    const runs = await api<{ runs: { violations: number; records: number }[] }>(
      '/api/v1/monitoring/endpoints/bikes/reports',
    );
    const watched = await visit('monitoring/bikes');
    const { page } = watched;
    expect(await page.locator('[data-panel="reports"] tbody tr').count()).toBe(runs.runs.length);
    // The newest report is chosen: its row is highlighted and its drift is drawn.
    expect(await text(page, '[data-panel="reports"] tbody tr.selected')).toContain(
      String(runs.runs[0]?.records),
    );
    expect(await text(page, '[data-panel="baseline"]')).toContain('Low-confidence rate');
    for (const panel of ['confidence-drift', 'class-drift'])
      expect(await chartText(page, panel)).toMatch(/baseline.*window/);
    expect(await chartText(page, 'drift')).toContain('confidence PSI');
    const violations = page.locator('[data-panel="violations"] tbody tr');
    expect(await violations.count()).toBe(runs.runs[0]?.violations);
    await finish(watched, 'monitoring');
  });

  it('Alarms: definitions, states and history', async () => {
    const alarms = await api<{ alarms: { name: string; state: string }[] }>('/api/v1/alarms');
    const watched = await visit('alarms/bikes-low-confidence');
    const { page } = watched;
    const rows = page.locator('[data-panel="alarms"] tbody tr');
    expect(await rows.count()).toBe(alarms.alarms.length);
    for (const alarm of alarms.alarms)
      expect(await text(page, '[data-panel="alarms"]')).toContain(`${alarm.name}${alarm.state}`);
    expect(await text(page, '[data-panel="definition"]')).toContain(
      'Average of LowConfidencePredictions > 0.2',
    );
    expect(await page.locator('[data-panel="history"] tbody tr').count()).toBeGreaterThan(0);
    expect(await chartText(page, 'metric')).toContain('threshold 0.2');
    await finish(watched, 'alarms');
  });

  it('shows API errors instead of swallowing them', async () => {
    const watched = await visit('workflows/scones-image-pipeline/no-such-execution');
    const { page, errors } = watched;
    expect(await text(page, '[data-panel="execution"] .error-box')).toContain('WORKFLOW_EXECUTION_NOT_FOUND');
    expect(await page.locator('[data-panel="graph"]').isHidden()).toBe(true);
    await screenshot(page, SHOTS, 'error');
    // The one failed request is the missing execution's (the browser logs it too).
    expect(errors.filter((e) => !/no-such-execution/.test(e))).toEqual([]);
    await page.close();
  });

  it('shows names and payloads as text, never as markup', async () => {
    const hostile = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
    const { stateMachineArn } = await run.app.workflows.machines.create({
      name: 'dashboard-escaping',
      definition: JSON.stringify({
        StartAt: 'Refuse',
        States: { Refuse: { Type: 'Fail', Error: 'Hostile<b>Error</b>', Cause: hostile } },
      }),
    });
    const { executionArn } = await run.app.workflows.executions.start({
      stateMachineArn,
      name: 'escaping-check',
      input: JSON.stringify({ note: hostile }),
    });
    await run.app.workflows.executions.waitFor(executionArn);
    const watched = await visit('workflows/dashboard-escaping/escaping-check');
    const { page } = watched;
    expect(await text(page, '[data-panel="execution"] .error-name')).toBe('Hostile<b>Error</b>');
    expect(await text(page, '[data-panel="execution"] .cause')).toContain(hostile);
    expect(await page.locator('main img[src="x"], main script, main b').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await finish(watched, 'escaping');
  });

  // Last: it sends the endpoint one more image, which the counts checked above do not include.
  it('refreshes live: a new invocation shows up on the open overview', async () => {
    const watched = await visit('overview');
    const { page } = watched;
    const invocations = () => text(page, '[data-panel="traffic"] .stat-value');
    const before = Number(await invocations());
    const image = await readFile(path.join(PNG_FOLDER, 'test', 'bicycle_s_000030.png'));
    const response = await fetch(`${base}/endpoints/bikes/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: image,
    });
    expect(response.status).toBe(200);
    await expect.poll(invocations, { timeout: 15_000 }).toBe(String(before + 1));
    await finish(watched, 'overview-refreshed');
  });
});
