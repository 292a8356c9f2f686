// Monitoring inside a running Scones server: metrics recorded through the REST route move the default
// low-confidence alarm to ALARM and back to OK (the server's own evaluation loop, a real webhook receiver),
// function invocations are counted by the listener, and GET /metrics is valid Prometheus text.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { createApp } from '../../../src/app/container.js';
import { type RunningServer, startServer } from '../../../src/app/server.js';
import { DB_MATRIX, type DbUnderTest } from '../../support/db-matrix.js';
import { type PromFamily, parsePrometheusText } from '../../support/prometheus-text.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const ALARM = 'bikes-low-confidence';
let underTest: DbUnderTest;
let home: string;
let server: RunningServer;
let receiver: WebhookReceiver;

async function call(method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

function predictions(count: number, lowShare: number) {
  return Array.from({ length: count }, (_, i) => ({
    endpoint: 'bikes',
    variant: 'AllTraffic',
    modelLatencyMs: 2 + (i % 5),
    overheadLatencyMs: 0.3,
    status: '2xx',
    top1Confidence: i < count * lowShare ? 0.71 : 0.985,
    predictedClass: i % 3 === 0 ? 'bicycle' : 'motorcycle',
  }));
}

for (const engine of DB_MATRIX) {
  describe(`monitoring server on ${engine.name}`, () => {
    beforeAll(async () => {
      home = await mkdtemp(path.join(os.tmpdir(), 'scones-monitor-server-'));
      underTest = await engine.create(home);
      receiver = await startWebhookReceiver();
      const config = loadConfig({
        env: { SCONES_HOME: path.join(home, 'home'), SCONES_DATABASE_URL: underTest.url },
        cwd: home,
        overrides: {
          'server.port': 0,
          'log.level': 'silent',
          'monitoring.alarmEvaluationSeconds': 0.2,
          'monitoring.metricsFlushSeconds': 0.2,
        },
      });
      server = await startServer(await createApp(config, { cwd: home }), config.server);
    });
    afterAll(async () => {
      await server.close();
      await receiver.close();
      await underTest.drop();
      await rm(home, { recursive: true, force: true });
    });

    describe('monitoring in a running server', () => {
      it('moves the default low-confidence alarm to ALARM and back to OK, calling the webhook each time', async () => {
        expect(await call('POST', '/api/v1/alarms/defaults', { endpoint: 'bikes' })).toEqual({
          created: [ALARM, 'bikes-drift'],
          existing: [],
        });
        const { state, stateReason, stateReasonData, stateUpdatedAt, createdAt, updatedAt, ...definition } =
          await call('GET', `/api/v1/alarms/${ALARM}`);
        const webhook = [{ type: 'webhook', url: receiver.url }];
        await call('PUT', `/api/v1/alarms/${ALARM}`, {
          ...definition,
          alarmActions: webhook,
          okActions: webhook,
        });

        await call('POST', '/api/v1/metrics/events', { endpointInvocations: predictions(20, 0.5) });
        const alarm = await receiver.waitFor((b) => b.AlarmName === ALARM && b.NewStateValue === 'ALARM');
        expect(alarm).toMatchObject({
          Trigger: { MetricName: 'LowConfidencePredictions', Threshold: 0.2, Period: 300 },
        });
        expect(alarm.NewStateReason).toMatch(/0\.5 .*greater than the threshold \(0\.2\)/);

        await call('POST', '/api/v1/metrics/events', { endpointInvocations: predictions(200, 0) });
        const ok = await receiver.waitFor((b) => b.AlarmName === ALARM && b.NewStateValue === 'OK');
        expect(ok.OldStateValue).toBe('ALARM');
        expect(ok.NewStateReason).toMatch(/0\.045/);

        const { history } = await call('GET', `/api/v1/alarms/${ALARM}/history?type=StateUpdate`);
        expect(history.map((h: { summary: string }) => h.summary)).toEqual([
          'Alarm updated from ALARM to OK',
          'Alarm updated from INSUFFICIENT_DATA to ALARM',
        ]);
        const stats = await call(
          'GET',
          '/api/v1/metrics/statistics?namespace=Scones/Endpoints&name=Invocations&dimensions=EndpointName=bikes&statistics=Sum,p90&period=600&start=-15m',
        );
        expect(
          stats.datapoints.reduce((sum: number, d: { values: { Sum: number } }) => sum + d.values.Sum, 0),
        ).toBe(220);
      });

      it('counts function invocations and errors through the functions listener', async () => {
        const invoke = (inferences: number[]) =>
          call('POST', '/api/v1/functions/scones-filterLowConfidence/invoke', { body: { inferences } });
        expect((await invoke([0.97, 0.03])).status).toBe('success');
        expect((await invoke([0.6, 0.4])).errorType).toBe('THRESHOLD_CONFIDENCE_NOT_MET');
      });

      it('serves /metrics as valid Prometheus text with the same numbers', async () => {
        const response = await fetch(`${server.url}/metrics`);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        const families = parsePrometheusText(await response.text());
        const value = (family: string, labels: Record<string, string>, sample = family) =>
          (families.get(family) as PromFamily).samples.find(
            (s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
          )?.value;
        const bikes = { endpoint: 'bikes', variant: 'AllTraffic' };
        expect(families.get('scones_endpoint_invocations_total')?.type).toBe('counter');
        expect(value('scones_endpoint_invocations_total', bikes)).toBe(220);
        expect(value('scones_endpoint_low_confidence_predictions_total', bikes)).toBe(10);
        expect(value('scones_endpoint_class_predictions_total', { ...bikes, class: 'bicycle' })).toBe(7 + 67);
        expect(families.get('scones_endpoint_model_latency_seconds')?.type).toBe('histogram');
        expect(
          value(
            'scones_endpoint_model_latency_seconds',
            { ...bikes, le: '+Inf' },
            'scones_endpoint_model_latency_seconds_bucket',
          ),
        ).toBe(220);
        expect(
          value(
            'scones_endpoint_model_latency_seconds',
            { ...bikes, le: '0.001' },
            'scones_endpoint_model_latency_seconds_bucket',
          ),
        ).toBe(0);
        expect(
          value(
            'scones_endpoint_model_latency_seconds',
            { ...bikes, le: '0.01' },
            'scones_endpoint_model_latency_seconds_bucket',
          ),
        ).toBe(220);
        expect(
          value(
            'scones_endpoint_top1_confidence',
            { ...bikes, le: '0.93' },
            'scones_endpoint_top1_confidence_bucket',
          ),
        ).toBe(10);
        expect(value('scones_function_invocations_total', { function: 'scones-filterLowConfidence' })).toBe(
          2,
        );
        expect(value('scones_function_errors_total', { function: 'scones-filterLowConfidence' })).toBe(1);
        expect(value('scones_alarm_state', { alarm: ALARM, state: 'OK' })).toBe(1);
        expect(value('scones_alarm_state', { alarm: ALARM, state: 'ALARM' })).toBe(0);
        expect(families.has('process_cpu_seconds_total')).toBe(true);
      });
    });
  });
}
