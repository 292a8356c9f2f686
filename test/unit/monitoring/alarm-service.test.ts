// Alarms over the metrics store with an injected clock (no sleeping): state changes, history, and actions
// (webhook retried with backoff, log line, function, workflow) on each transition.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FunctionInvoker, WorkflowStarter } from '../../../src/modules/monitoring/index.js';
import { MINUTE, openMonitoring, T0, type TestMonitoring } from '../../support/monitoring-service.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

/** Test doubles of the FunctionInvoker and WorkflowStarter ports: they record their calls. */
const invoked: Array<{ name: string; payload: Record<string, unknown> }> = [];
const started: Array<{ stateMachine: string; input: Record<string, unknown> }> = [];
const functions: FunctionInvoker = {
  invoke: async (name, payload) => {
    invoked.push({ name, payload: JSON.parse(payload) });
    return { ok: true };
  },
};
const workflows: WorkflowStarter = {
  startExecution: async ({ stateMachine, input }) => {
    started.push({ stateMachine, input: JSON.parse(input) });
    return { executionArn: `arn:aws:states:us-east-1:000000000000:execution:${stateMachine}:1` };
  },
};

let receiver: WebhookReceiver;
let m: TestMonitoring;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  invoked.length = 0;
  started.length = 0;
  m = await openMonitoring({ functions, workflows });
});
afterEach(() => m.close());

function predictions(count: number, lowShare: number, at: number) {
  for (let i = 0; i < count; i++)
    m.service.metrics.endpointInvocation({
      endpoint: 'bikes',
      variant: 'AllTraffic',
      at: at + i,
      modelLatencyMs: 1,
      overheadLatencyMs: 0.1,
      status: '2xx',
      top1Confidence: i < count * lowShare ? 0.7 : 0.99,
    });
}

describe('alarms', () => {
  it('moves the default low-confidence alarm to ALARM and back to OK, running every action once per change', async () => {
    const actions = [
      { type: 'webhook', url: receiver.url },
      { type: 'log' },
      { type: 'function', name: 'notify' },
      { type: 'workflow', stateMachine: 'retrain' },
    ] as const;
    expect(await m.service.ensureDefaultAlarms('bikes', actions)).toEqual({
      created: ['bikes-low-confidence', 'bikes-drift'],
      existing: [],
    });
    expect((await m.service.ensureDefaultAlarms('bikes')).existing).toHaveLength(2);
    const name = 'bikes-low-confidence';
    predictions(100, 0.5, T0);
    m.clock.advance(2 * MINUTE);
    await m.service.alarms.evaluate(name);
    expect((await m.service.alarms.get(name)).state).toBe('ALARM');
    await m.service.actionsIdle();
    const alarmMessage = await receiver.waitFor((b) => b.AlarmName === name && b.NewStateValue === 'ALARM');
    expect(alarmMessage).toMatchObject({
      AlarmName: name,
      OldStateValue: 'INSUFFICIENT_DATA',
      Trigger: {
        MetricName: 'LowConfidencePredictions',
        Namespace: 'Scones/Endpoints',
        Threshold: 0.2,
        Period: 300,
      },
    });
    expect(alarmMessage.NewStateReason).toMatch(/0\.5 .* greater than the threshold \(0\.2\)/);
    expect(invoked).toEqual([
      { name: 'notify', payload: expect.objectContaining({ source: 'aws.cloudwatch' }) },
    ]);
    expect(invoked[0]?.payload.alarmData).toMatchObject({ alarmName: name, state: { value: 'ALARM' } });
    expect(started.map((s) => s.stateMachine)).toEqual(['retrain']);
    expect(m.logger.lines.some((l) => l.level === 'warn' && l.message === `alarm ${name} is ALARM`)).toBe(
      true,
    );

    await m.service.metrics.flush();
    m.clock.advance(4 * MINUTE);
    predictions(200, 0.05, m.clock.now());
    m.clock.advance(2 * MINUTE);
    await m.service.alarms.evaluate();
    expect((await m.service.alarms.get(name)).state).toBe('OK');
    await m.service.actionsIdle();
    const okMessage = await receiver.waitFor((b) => b.AlarmName === name && b.NewStateValue === 'OK');
    expect(okMessage.OldStateValue).toBe('ALARM');
    // The drift alarm treats missing data as not breaching: no report yet means OK (its actions ran too).
    expect((await m.service.alarms.get('bikes-drift')).state).toBe('OK');
    expect(invoked.map((i) => (i.payload.alarmData as { alarmName: string }).alarmName).sort()).toEqual([
      'bikes-drift',
      name,
      name,
    ]);

    const history = await m.service.alarms.history(name);
    expect(history.filter((h) => h.type === 'StateUpdate').map((h) => h.summary)).toEqual([
      'Alarm updated from ALARM to OK',
      'Alarm updated from INSUFFICIENT_DATA to ALARM',
    ]);
    expect(
      history.filter((h) => h.type === 'Action' && h.summary === 'webhook action succeeded'),
    ).toHaveLength(2);
  });

  it('goes to INSUFFICIENT_DATA without data, and retries a failing webhook with backoff', async () => {
    await m.service.alarms.put({
      name: 'latency',
      namespace: 'Scones/Endpoints',
      metricName: 'ModelLatency',
      dimensions: { EndpointName: 'bikes' },
      statistic: 'p90',
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: 50,
      comparison: 'GreaterThanThreshold',
      insufficientDataActions: [{ type: 'webhook', url: receiver.url }],
      alarmActions: [{ type: 'webhook', url: receiver.url }],
    });
    for (const [minute, latency] of [
      [0, 80],
      [1, 10],
      [2, 90],
    ] as const)
      m.service.metrics.endpointInvocation({
        endpoint: 'bikes',
        variant: 'a',
        at: T0 + minute * MINUTE,
        modelLatencyMs: latency,
        overheadLatencyMs: 0,
        status: '2xx',
      });
    m.clock.advance(2 * MINUTE + 30_000);
    receiver.failNext(2);
    await m.service.alarms.evaluate();
    expect((await m.service.alarms.get('latency')).state).toBe('ALARM');
    await m.service.actionsIdle();
    const [action] = await m.service.alarms.history('latency', { type: 'Action' });
    expect(action?.data).toMatchObject({ status: 204, attempts: 3 });
    m.clock.advance(10 * MINUTE);
    await m.service.alarms.evaluate();
    const alarm = await m.service.alarms.get('latency');
    expect(alarm.state).toBe('INSUFFICIENT_DATA');
    expect(alarm.stateReason).toMatch(/no datapoints/);
    await m.service.actionsIdle();
    await receiver.waitFor((b) => b.AlarmName === 'latency' && b.NewStateValue === 'INSUFFICIENT_DATA');
  });

  it('records a failed action without blocking evaluation, and sets state by hand', async () => {
    await m.service.alarms.put({
      name: 'manual',
      namespace: 'Custom',
      metricName: 'X',
      statistic: 'Sum',
      periodSeconds: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparison: 'GreaterThanThreshold',
      alarmActions: [{ type: 'webhook', url: 'http://127.0.0.1:9/refused' }],
    });
    await m.service.alarms.setState('manual', 'ALARM', 'testing the actions');
    expect((await m.service.alarms.get('manual')).stateReason).toBe('testing the actions');
    await m.service.actionsIdle();
    const [failed] = await m.service.alarms.history('manual', { type: 'Action' });
    expect(failed?.summary).toBe('webhook action failed');
    await expect(m.service.alarms.get('nope')).rejects.toMatchObject({ code: 'MONITORING_NO_ALARM' });
  });
});
