// `scones monitor`, `scones metrics` and `scones alarms` as a user runs them (in-process; `serve` as a real process):
// baseline against an endpoint, reports on captured traffic copied into the store, edited constraints, a schedule whose
// missed windows `scones serve` catches up, metrics read back, default alarms, and /metrics.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveScones } from '../../support/cli.js';
import { runSconesInProcess } from '../../support/cli-in-process.js';
import {
  captured,
  captureLine,
  pixelStatisticsPredictor,
  realImages,
  shifted,
} from '../../support/monitoring.js';
import { parsePrometheusText } from '../../support/prometheus-text.js';
import { PYTHON_ARCHIVE } from '../../support/shared-data.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-26T05:00:00Z');
let cwd: string;
let endpoint: Server;
let endpointUrl: string;
const env = () => ({ SCONES_HOME: path.join(cwd, 'home') });
const scones = (args: string[]) => runSconesInProcess(args, { cwd, env: env() });
const json = async (args: string[]) => {
  const result = await scones([...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.toString());
};
const hourWindow = (hour: number) => [
  '--from',
  new Date(START + hour * HOUR).toISOString(),
  '--to',
  new Date(START + (hour + 1) * HOUR).toISOString(),
];

/** A TEST DOUBLE of the deployed endpoint: SageMaker's InvokeEndpoint route over the test predictor. */
async function startFakeEndpoint(): Promise<void> {
  endpoint = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const [answer] = await pixelStatisticsPredictor.predict([{ bytes: Buffer.concat(chunks) }]);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  const address = endpoint.address();
  endpointUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Writes a capture file locally and copies it into the store with `scones store cp`. */
async function captureHour(hour: number, images: readonly Buffer[]) {
  const records = await captured(images, START + hour * HOUR + 60_000);
  const file = path.join(cwd, `capture-${hour}.jsonl`);
  await writeFile(file, `${records.map((r) => captureLine(r)).join('\n')}\n`);
  const folder = new Date(START + hour * HOUR).toISOString().slice(0, 13).replace(/[-T]/g, '/');
  const copied = await scones([
    'store',
    'cp',
    file,
    `s3://scones/datacapture/bikes/AllTraffic/${folder}/records-${hour}.jsonl`,
  ]);
  expect(copied.code, copied.stderr).toBe(0);
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'scones-monitor-cli-'));
  await mkdir(path.join(cwd, 'home'));
  await writeFile(
    path.join(cwd, 'scones.config.json'),
    JSON.stringify({ monitoring: { schedulerPollSeconds: 0.5, alarmEvaluationSeconds: 3600 } }),
  );
  await startFakeEndpoint();
  expect((await scones(['data', 'prepare', '--source', PYTHON_ARCHIVE])).code).toBe(0);
  const clean = await realImages('train', 120);
  await captureHour(0, clean);
  await captureHour(1, await Promise.all(clean.map((png, i) => shifted(png, 'darken', i))));
});
afterAll(async () => {
  await new Promise((resolve) => endpoint.close(resolve));
  await rm(cwd, { recursive: true, force: true });
});

describe('scones monitor', () => {
  it('baselines an endpoint, and says so in one line when the endpoint cannot be reached', async () => {
    const unreachable = await scones([
      'monitor',
      'baseline',
      '--endpoint',
      'bikes',
      '--endpoint-url',
      'http://127.0.0.1:9',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toContain('MONITORING_PREDICTOR_FAILED');
    const baseline = await json([
      'monitor',
      'baseline',
      '--endpoint',
      'bikes',
      '--endpoint-url',
      endpointUrl,
    ]);
    expect(baseline.statistics.counts).toMatchObject({ predictions: 200, images: 200 });
    expect(baseline.files.constraints).toBe('s3://scones/monitoring/bikes/baseline/constraints.json');
    const listed = await scones(['store', 'ls', 's3://scones/monitoring/bikes/baseline/']);
    expect(listed.stdout.toString()).toMatch(/constraints\.json[\s\S]*samples\.json[\s\S]*statistics\.json/);
  });

  it('reports a clean hour without violations and a darkened hour with them', async () => {
    const clean = await json(['monitor', 'run', '--endpoint', 'bikes', ...hourWindow(0)]);
    expect(clean.counts.records).toBe(120);
    expect(clean.violations).toEqual([]);
    const dark = await scones(['monitor', 'run', '--endpoint', 'bikes', ...hourWindow(1)]);
    expect(dark.code, dark.stderr).toBe(0);
    expect(dark.stdout.toString()).toMatch(
      /constraint violations:[\s\S]*input\.brightness \[baseline_drift_check\]/,
    );
    const runs = await json(['monitor', 'reports', '--endpoint', 'bikes']);
    expect(runs.map((r: { status: string }) => r.status)).toEqual(['completed', 'completed']);
  });

  it('applies edited constraints, and refuses invalid ones', async () => {
    const constraints = await json(['monitor', 'constraints', '--endpoint', 'bikes']);
    const edited = path.join(cwd, 'constraints.json');
    await writeFile(
      edited,
      JSON.stringify({
        ...constraints,
        prediction: { ...constraints.prediction, lowConfidenceRate: { max: 0 } },
      }),
    );
    expect((await scones(['monitor', 'constraints', '--endpoint', 'bikes', '--set', edited])).code).toBe(0);
    const strict = await json(['monitor', 'run', '--endpoint', 'bikes', ...hourWindow(0), '--force']);
    expect(strict.violations.map((v: { feature_name: string }) => v.feature_name)).toEqual([
      'prediction.low_confidence_rate',
    ]);
    await writeFile(edited, JSON.stringify({ ...constraints, significance: 5 }));
    const refused = await scones(['monitor', 'constraints', '--endpoint', 'bikes', '--set', edited]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('MONITORING_INVALID_CONSTRAINTS');
  });

  it('catches up windows missed before `scones serve` started, and serves metrics and alarms', async () => {
    const scheduled = await json([
      'monitor',
      'schedule',
      '--endpoint',
      'bikes',
      '--cron',
      '*/2 * * * * *',
      '--settle',
      '0.5',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 4500));
    const { child, url, exited } = await serveScones({ cwd, env: env() });
    try {
      const missed = async () => {
        const { runs } = (await (await fetch(`${url}/api/v1/monitoring/endpoints/bikes/reports`)).json()) as {
          runs: Array<{ from: string; to: string; status: string }>;
        };
        return runs.filter(
          (r) => Date.parse(r.from) >= scheduled.lastWindowEnd - 2000 && r.status === 'completed',
        );
      };
      let caughtUp = await missed();
      for (let i = 0; i < 50 && caughtUp.length < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        caughtUp = await missed();
      }
      expect(caughtUp.length).toBeGreaterThanOrEqual(2);
      const records = await json([
        ...['metrics', 'get', 'Scones/ModelMonitor', 'RecordsAnalyzed'],
        ...[
          '--dimensions',
          'EndpointName=bikes',
          '--statistics',
          'Maximum,SampleCount',
          '--period',
          '3600',
          '--start',
          '-1h',
        ],
      ]);
      expect(records.datapoints.at(-1).values.Maximum).toBe(120);
      expect((await scones(['alarms', 'defaults', '--endpoint', 'bikes'])).stdout.toString()).toMatch(
        /created: bikes-low-confidence, bikes-drift/,
      );
      const alarms = await json(['alarms', 'list']);
      expect(alarms.map((a: { definition: { name: string } }) => a.definition.name).sort()).toEqual([
        'bikes-drift',
        'bikes-low-confidence',
      ]);
      const put = await scones([
        ...['alarms', 'put', 'p90-latency', '--namespace', 'Scones/Endpoints', '--metric', 'ModelLatency'],
        ...[
          '--dimensions',
          'EndpointName=bikes',
          '--statistic',
          'p90',
          '--period',
          '60',
          '--threshold',
          '50',
        ],
        ...['--action', 'log'],
      ]);
      expect(put.stdout.toString(), put.stderr).toMatch(/alarm p90-latency stored \(INSUFFICIENT_DATA\)/);
      expect((await scones(['alarms', 'set-state', 'p90-latency', 'ALARM', '--reason', 'drill'])).code).toBe(
        0,
      );
      const history = await json(['alarms', 'history', 'p90-latency']);
      expect(history.map((h: { summary: string }) => h.summary)).toEqual([
        'log action succeeded',
        'Alarm updated from INSUFFICIENT_DATA to ALARM',
        'Alarm "p90-latency" created',
      ]);
      const families = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
      expect(families.get('scones_monitor_records_analyzed')?.samples[0]?.labels).toEqual({
        endpoint: 'bikes',
      });
      expect((await scones(['monitor', 'schedule', '--endpoint', 'bikes', '--delete'])).code).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
