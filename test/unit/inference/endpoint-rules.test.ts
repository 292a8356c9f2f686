// SageMaker's naming rules, definition checks, weighted variant choice and the response body format.
import { describe, expect, it } from 'vitest';
import {
  assertEndpointName,
  captureDisabled,
  validateDefinition,
} from '../../../src/modules/inference/endpoints/definition.js';
import {
  type InvocationOutcome,
  type InvocationRecord,
  RecentInvocations,
} from '../../../src/modules/inference/invocation-metrics.js';
import { formatProbabilities } from '../../../src/modules/inference/serving/response-format.js';
import { chooseVariant } from '../../../src/modules/inference/serving/variant-routing.js';

describe('endpoint names', () => {
  it('follows ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$ and 63 characters', () => {
    for (const ok of ['bikes', 'a', 'A-1', 'my--endpoint-2', 'x'.repeat(63)])
      expect(() => assertEndpointName(ok)).not.toThrow();
    for (const bad of ['', '-bikes', 'bikes-', 'bi_kes', 'bikes.v2', 'x'.repeat(64), 'bi kes'])
      expect(() => assertEndpointName(bad), bad).toThrow(
        expect.objectContaining({ code: 'INFERENCE_INVALID_ENDPOINT_NAME' }),
      );
  });
});

describe('definitions', () => {
  const base = {
    name: 'bikes',
    variants: [{ name: 'AllTraffic', modelVersion: 1, weight: 1 }],
    capture: captureDisabled('s3://scones/datacapture'),
  };
  it('accepts a plain definition and refuses broken ones', () => {
    expect(validateDefinition(base)).toBe(base);
    const broken = [
      { ...base, variants: [] },
      { ...base, variants: [{ name: 'A', modelVersion: 1, weight: 0 }] },
      { ...base, variants: [{ name: 'A', modelVersion: 1, weight: -1 }] },
      { ...base, variants: [{ name: 'A_b', modelVersion: 1, weight: 1 }] },
      { ...base, variants: [base.variants[0], base.variants[0]] },
      { ...base, capture: { ...base.capture, enabled: true, samplingPercent: 101 } },
      { ...base, capture: { ...base.capture, enabled: true, captureInput: false, captureOutput: false } },
    ];
    for (const definition of broken)
      expect(() => validateDefinition(definition as typeof base)).toThrow(
        expect.objectContaining({ code: 'INFERENCE_INVALID_DEFINITION' }),
      );
    expect(() =>
      validateDefinition({ ...base, capture: { ...base.capture, destination: 'bucket/x' } }),
    ).toThrow();
  });
});

describe('chooseVariant', () => {
  const variants = [
    { name: 'A', weight: 1 },
    { name: 'B', weight: 3 },
    { name: 'C', weight: 0 },
  ];
  it('splits traffic in proportion to the weights and never picks a zero weight at random', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const name = chooseVariant(variants, undefined, () => i / 1000).name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ A: 250, B: 750 });
  });
  it('honours a target variant, even one with weight 0, and refuses unknown ones', () => {
    expect(chooseVariant(variants, 'C', () => 0).name).toBe('C');
    expect(() => chooseVariant(variants, 'D', () => 0)).toThrow(
      expect.objectContaining({ code: 'INFERENCE_NO_SUCH_VARIANT' }),
    );
  });
});

describe('formatProbabilities', () => {
  it('writes the list as Python json.dumps does, at full float precision', () => {
    expect(formatProbabilities(Float32Array.of(0.9634215235710144, 0.03657849133014679))).toBe(
      '[0.9634215235710144, 0.03657849133014679]',
    );
    expect(formatProbabilities([1, 0])).toBe('[1.0, 0.0]');
    expect(JSON.parse(formatProbabilities(Float32Array.of(0.25, 0.75)))).toEqual([0.25, 0.75]);
  });
});

describe('RecentInvocations', () => {
  const record = (endpoint: string, n: number, outcome: InvocationOutcome = 'ok'): InvocationRecord => ({
    endpoint,
    variant: 'AllTraffic',
    modelVersion: 1,
    time: n,
    eventId: `e${n}`,
    inferenceId: null,
    outcome,
    errorCode: null,
    modelLatencyMs: 2,
    overheadLatencyMs: 1,
    batchSize: 1,
    predictedIndex: 0,
    predictedClass: 'bicycle',
    confidence: 0.9,
  });

  it('keeps the newest records per endpoint, oldest first, and counts every outcome', () => {
    const recent = new RecentInvocations(3);
    for (let n = 1; n <= 5; n++) recent.onInvocation(record('a', n));
    recent.onInvocation(record('a', 6, 'client_error'));
    recent.onInvocation(record('b', 7));
    expect(recent.recent('a').map((r) => r.time)).toEqual([4, 5, 6]);
    expect(recent.recent('a', 2).map((r) => r.time)).toEqual([5, 6]);
    expect(recent.recent('b').map((r) => r.time)).toEqual([7]);
    expect(recent.summary('a')).toEqual({
      count: 6,
      byOutcome: { ok: 5, client_error: 1, model_error: 0, throttled: 0, error: 0 },
      meanModelLatencyMs: 2,
      meanOverheadLatencyMs: 1,
    });
    expect(recent.summary('none').count).toBe(0);
  });
});
