// The metrics store: per-minute aggregates merged across flushes and series, every statistic, retention,
// and the events producers send through the MetricsRecorder port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MONITORING_ERROR_CODES } from '../../../src/modules/monitoring/index.js';
import { MINUTE, openMonitoring, T0, type TestMonitoring } from '../../support/monitoring-service.js';

let m: TestMonitoring;
beforeEach(async () => {
  m = await openMonitoring();
});
afterEach(() => m.close());

const bikes = (variant: string, at: number, top1Confidence: number, status: '2xx' | '4xx' | '5xx' = '2xx') =>
  m.service.metrics.endpointInvocation({
    endpoint: 'bikes',
    variant,
    at,
    modelLatencyMs: 1 + (at % 7),
    overheadLatencyMs: 0.2,
    status,
    top1Confidence,
    predictedClass: top1Confidence > 0.95 ? 'motorcycle' : 'bicycle',
  });

const query = (
  name: string,
  statistics: string[],
  dimensions: Record<string, string> = { EndpointName: 'bikes' },
  periodSeconds = 60,
) =>
  m.service.metrics.query({
    namespace: 'Scones/Endpoints',
    name,
    dimensions,
    statistics,
    periodSeconds,
    start: T0,
    end: T0 + 10 * MINUTE,
  });

describe('metrics store', () => {
  it('aggregates endpoint events per minute, across flushes and variants', async () => {
    for (let i = 0; i < 60; i++) bikes(i % 2 === 0 ? 'a' : 'b', T0 + i * 1000, i < 15 ? 0.6 : 0.99);
    await m.service.metrics.flush();
    for (let i = 0; i < 30; i++) bikes('a', T0 + MINUTE + i * 1000, 0.99);
    bikes('a', T0 + MINUTE, 0.5, '4xx');
    const invocations = await query('Invocations', ['Sum', 'SampleCount']);
    expect(invocations.datapoints).toEqual([
      { timestamp: T0, values: { Sum: 60, SampleCount: 60 } },
      { timestamp: T0 + MINUTE, values: { Sum: 31, SampleCount: 31 } },
    ]);
    const low = await query('LowConfidencePredictions', ['Average', 'Sum'], { EndpointName: 'bikes' }, 120);
    expect(low.datapoints).toEqual([{ timestamp: T0, values: { Average: 15 / 90, Sum: 15 } }]);
    const variantA = await query('Invocations', ['Sum'], { EndpointName: 'bikes', VariantName: 'a' });
    expect(variantA.datapoints.map((d) => d.values.Sum)).toEqual([30, 31]);
    const errors = await query('Invocation4XXErrors', ['Sum', 'Average']);
    expect(errors.datapoints[1]?.values).toEqual({ Sum: 1, Average: 1 / 31 });
    const classes = await query(
      'ClassPredictions',
      ['Sum'],
      { EndpointName: 'bikes', ClassName: 'bicycle' },
      600,
    );
    expect(classes.datapoints[0]?.values.Sum).toBe(15);
  });

  it('answers minimum, maximum, average and percentiles of latency', async () => {
    for (let i = 0; i < 1000; i++)
      m.service.metrics.endpointInvocation({
        endpoint: 'bikes',
        variant: 'a',
        at: T0 + i,
        modelLatencyMs: i + 1,
        overheadLatencyMs: 0,
        status: '2xx',
      });
    await m.service.metrics.flush();
    const [point] = (await query('ModelLatency', ['Minimum', 'Maximum', 'Average', 'p50', 'p90', 'p99']))
      .datapoints;
    expect(point?.values).toMatchObject({ Minimum: 1, Maximum: 1000, Average: 500.5 });
    for (const [stat, truth] of [
      ['p50', 500],
      ['p90', 900],
      ['p99', 990],
    ] as const)
      expect(Math.abs((point?.values[stat] as number) - truth) / truth).toBeLessThan(0.01);
  });

  it('counts function and workflow events, a threshold failure also as filtered out', async () => {
    const recorder = m.service.metrics;
    recorder.functionInvocation({ functionName: 'classifyImage', at: T0, status: 'success', durationMs: 12 });
    recorder.functionInvocation({ functionName: 'classifyImage', at: T0, status: 'error', durationMs: 30 });
    recorder.functionInvocation({ functionName: 'classifyImage', at: T0, status: 'throttled' });
    recorder.workflowExecution({ stateMachine: 'pipeline', at: T0, status: 'Started' });
    recorder.workflowExecution({
      stateMachine: 'pipeline',
      at: T0,
      status: 'Failed',
      error: 'THRESHOLD_CONFIDENCE_NOT_MET',
    });
    recorder.workflowExecution({
      stateMachine: 'pipeline',
      at: T0,
      status: 'Failed',
      error: 'States.Timeout',
    });
    const sum = async (namespace: string, name: string, dimensions: Record<string, string>) =>
      (
        await m.service.metrics.query({
          namespace,
          name,
          dimensions,
          statistics: ['Sum'],
          periodSeconds: 60,
          start: T0,
          end: T0 + MINUTE,
        })
      ).datapoints[0]?.values.Sum;
    const fn = { FunctionName: 'classifyImage' };
    expect(await sum('Scones/Functions', 'Invocations', fn)).toBe(2);
    expect(await sum('Scones/Functions', 'Errors', fn)).toBe(1);
    expect(await sum('Scones/Functions', 'Throttles', fn)).toBe(1);
    expect(await sum('Scones/Functions', 'Duration', fn)).toBe(42);
    const sm = { StateMachineName: 'pipeline' };
    expect(await sum('Scones/Workflows', 'ExecutionsFailed', sm)).toBe(2);
    expect(await sum('Scones/Workflows', 'ExecutionsFilteredOut', sm)).toBe(1);
    expect(await sum('Scones/Workflows', 'ExecutionsStarted', sm)).toBe(1);
  });

  it('lists series, deletes minutes past retention, and refuses bad input with stable codes', async () => {
    m.service.metrics.put({ namespace: 'Custom', name: 'Old', value: 1, at: T0 - 2 * 86_400_000 });
    m.service.metrics.put({ namespace: 'Custom', name: 'New', value: 2, dimensions: { Team: 'ml' }, at: T0 });
    await m.service.metrics.flush();
    const listed = await m.service.metrics.list({ namespace: 'Custom' });
    expect(listed.map((s) => [s.name, s.dimensions])).toEqual([
      ['New', { Team: 'ml' }],
      ['Old', {}],
    ]);
    const old = await m.service.metrics.query({
      namespace: 'Custom',
      name: 'Old',
      statistics: ['Sum'],
      periodSeconds: 3600,
      start: T0 - 3 * 86_400_000,
      end: T0,
    });
    expect(old.datapoints).toEqual([]);
    const code = MONITORING_ERROR_CODES.INVALID_METRIC;
    expect(() => m.service.metrics.put({ namespace: '', name: 'x', value: 1 })).toThrow(
      expect.objectContaining({ code }),
    );
    expect(() => m.service.metrics.put({ namespace: 'C', name: 'x', value: Number.NaN })).toThrow(
      expect.objectContaining({ code }),
    );
    await expect(query('Invocations', ['Median'])).rejects.toMatchObject({ code });
    await expect(query('Invocations', ['Sum'], {}, 90)).rejects.toMatchObject({ code });
  });
});
