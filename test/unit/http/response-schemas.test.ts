// The response schemas the dashboard derives its types from also serialise the answers (Fastify compiles each into
// its serialiser): documents with open parts (metrics, reports, ASL definitions, history details) come out unchanged.
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { Endpoint } from '../../../src/http/routes/endpoint-schemas.js';
import { ModelDetail } from '../../../src/http/routes/model-schemas.js';
import {
  MonitoringReport,
  MonitoringStatistics,
} from '../../../src/http/routes/monitoring-document-schemas.js';
import { HistoryPage, StateMachine } from '../../../src/http/routes/workflow-schemas.js';

/** The body a Fastify route with `schema` as its 200 response schema sends for `value`, parsed back. */
async function round(schema: object, value: unknown): Promise<unknown> {
  const app = Fastify();
  app.get('/', { schema: { response: { 200: schema } } }, async () => value);
  const response = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

it('serialises monitoring documents, models, endpoints, state machines and history unchanged', async () => {
  const summary = { count: 3, mean: 0.5, std: 0.1, min: 0, max: 1, quantiles: { p01: 0.1, p99: 0.9 } };
  const stats = {
    version: 1,
    kind: 'report',
    endpoint: 'bikes',
    createdAt: 'x',
    window: { from: 'a', to: 'b' },
    threshold: 0.93,
    classes: ['bicycle', 'motorcycle'],
    counts: { records: 3, predictions: 3, images: 3, invalid: { bad: 1 } },
    prediction: {
      confidence: { ...summary, histogram: { edges: [0, 1], counts: [3] } },
      lowConfidence: { count: 1, rate: null },
      classDistribution: { bicycle: { count: 2, share: 0.6 } },
    },
    input: {
      pixelSample: 3,
      contentTypes: { 'image/png': 3 },
      width: summary,
      height: null,
      features: { mean_r: summary, std_g: null },
    },
    embedding: null,
  };
  expect(await round(MonitoringStatistics, stats)).toEqual(stats);
  const report = {
    version: 1,
    endpoint: 'bikes',
    window: { from: 'a', to: 'b' },
    createdAt: 'c',
    capture: 's3://x',
    baseline: 's3://y',
    counts: stats.counts,
    lowConfidenceRate: 0.2,
    meanConfidence: null,
    classDistribution: {},
    drift: {
      confidence: { psi: 1, jsDistance: 0.1, chiSquare: 2, pValue: 0.01, bins: 10 },
      classes: null,
      inputFeatures: { mean_r: { ksDistance: 0.2, pValue: 0.5 } },
      embedding: {
        source: 's',
        mmd2: 0.1,
        pValue: 0.2,
        bandwidth: 1,
        permutations: 100,
        baselineSample: 10,
        windowSample: 10,
      },
      tests: 3,
      level: 0.01,
      skipped: ['x'],
    },
    violations: [
      {
        feature_name: 'f',
        constraint_check_type: 'range_check',
        description: 'd',
        metric: 'm',
        observed: 'o',
        limit: 2,
        p_value: 0.1,
      },
    ],
    files: { statistics: 's', violations: 'v', report: 'r' },
  };
  expect(await round(MonitoringReport, report)).toEqual(report);
  const version = {
    version: 1,
    runId: 'r',
    status: 'registered',
    statusReason: null,
    createdAt: 'c',
    updatedAt: 'u',
    arch: 'a',
    artifactBucket: 'b',
    artifacts: [{ role: 'report', key: 'k', size: 1, etag: 'e' }],
    hyperparameters: { lr: 0.1 },
    metrics: {
      accuracy: 0.9,
      perClass: [{ class: 'c', precision: 1, recall: 1, f1: 1, support: 3 }],
      custom: 'kept',
      selective_accuracy_at_threshold: null,
    },
    lineage: { dataset: 'x' },
    preprocessing: { mean: [1] },
    temperature: 1.2,
  };
  const detail = {
    ...version,
    report: {
      metrics: version.metrics,
      curves: [],
      calibration: { temperature: 1 },
      options: { arch: 'x' },
      onnxParity: { images: 2 },
    },
  };
  expect(await round(ModelDetail, detail)).toEqual(detail);
  expect(await round(ModelDetail, { ...version, report: null })).toEqual({ ...version, report: null });
  const ep = {
    name: 'bikes',
    status: 'InService',
    failureReason: null,
    variants: [{ name: 'AllTraffic', modelVersion: 1, weight: 1 }],
    capture: {
      enabled: true,
      samplingPercent: 100,
      captureInput: true,
      captureOutput: true,
      destination: 's3://x',
    },
    revision: 2,
    servedRevision: 2,
    createdAt: 'c',
    updatedAt: 'u',
    served: {
      revision: 2,
      variants: [{ name: 'AllTraffic', weight: 1, modelVersion: 1, backend: 'onnx', activeRequests: 0 }],
    },
  };
  expect(await round(Endpoint, ep)).toEqual(ep);
  const sm = {
    stateMachineArn: 'a',
    name: 'n',
    status: 'ACTIVE',
    definition: {
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }],
          End: true,
        },
      },
    },
    roleArn: 'r',
    type: 'STANDARD',
    creationDate: 'c',
    revisionId: 'v',
    loggingConfiguration: { level: 'OFF' },
    tracingConfiguration: { enabled: false },
  };
  expect(await round(StateMachine, sm)).toEqual(sm);
  const page = {
    events: [
      {
        id: 1,
        previousEventId: 0,
        timestamp: 't',
        type: 'ExecutionStarted',
        executionStartedEventDetails: { input: '{}' },
      },
    ],
  };
  expect(await round(HistoryPage, page)).toEqual(page);
});
