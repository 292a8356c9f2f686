// REST resource of the metrics store: list series, statistics per period (GetMetricStatistics), put datapoints
// (PutMetricData) and record producer events through the MetricsRecorder port from other processes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { type MonitoringService, parseDimensions, parseInstant } from '../../modules/monitoring/index.js';
import { MetricStatistics } from './monitoring-schemas.js';

const tags = ['metrics'];
const Dimensions = Type.Record(Type.String(), Type.String());
const EndpointEvent = Type.Object({
  endpoint: Type.String({ minLength: 1 }),
  variant: Type.String({ minLength: 1 }),
  at: Type.Optional(Type.Number()),
  modelLatencyMs: Type.Number({ minimum: 0 }),
  overheadLatencyMs: Type.Number({ minimum: 0 }),
  status: Type.Union([Type.Literal('2xx'), Type.Literal('4xx'), Type.Literal('5xx')]),
  top1Confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  predictedClass: Type.Optional(Type.String()),
});
const FunctionEvent = Type.Object({
  functionName: Type.String({ minLength: 1 }),
  at: Type.Optional(Type.Number()),
  status: Type.Union([
    Type.Literal('success'),
    Type.Literal('error'),
    Type.Literal('timeout'),
    Type.Literal('throttled'),
  ]),
  durationMs: Type.Optional(Type.Number({ minimum: 0 })),
});
const WorkflowEvent = Type.Object({
  stateMachine: Type.String({ minLength: 1 }),
  at: Type.Optional(Type.Number()),
  status: Type.Union([
    Type.Literal('Started'),
    Type.Literal('Succeeded'),
    Type.Literal('Failed'),
    Type.Literal('TimedOut'),
    Type.Literal('Aborted'),
  ]),
  error: Type.Optional(Type.String()),
});

type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];

export const metricRoutes: FastifyPluginAsyncTypebox<{ monitoring: MonitoringService }> = async (
  app,
  { monitoring },
) => {
  queryRoutes(app, monitoring);
  recordRoutes(app, monitoring);
};

function queryRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.get(
    '/metrics',
    {
      schema: {
        tags,
        description: 'Metric series, by namespace, name and dimensions.',
        querystring: Type.Object({
          namespace: Type.Optional(Type.String()),
          name: Type.Optional(Type.String()),
        }),
        response: {
          200: Type.Object({
            metrics: Type.Array(
              Type.Object({ namespace: Type.String(), name: Type.String(), dimensions: Dimensions }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const series = await monitoring.metrics.list(request.query);
      return {
        metrics: series.map(({ namespace, name, dimensions }) => ({
          namespace,
          name,
          dimensions: { ...dimensions },
        })),
      };
    },
  );

  app.get(
    '/metrics/statistics',
    {
      schema: {
        tags,
        description: 'Statistics per period over every series with these dimensions (percentiles within 1%).',
        querystring: Type.Object({
          namespace: Type.String(),
          name: Type.String(),
          dimensions: Type.Optional(Type.String({ description: 'Name=value pairs joined by commas' })),
          statistics: Type.String({
            description: 'comma-separated: SampleCount, Average, Sum, Minimum, Maximum, p50, p99.9',
          }),
          period: Type.Integer({ minimum: 60, description: 'seconds, a multiple of 60' }),
          start: Type.String({ description: 'ISO 8601, epoch ms or -1h' }),
          end: Type.Optional(Type.String({ description: 'default now' })),
        }),
        response: { 200: MetricStatistics },
      },
    },
    async (request) => {
      const q = request.query;
      const now = Date.now();
      const result = await monitoring.metrics.query({
        namespace: q.namespace,
        name: q.name,
        dimensions: parseDimensions(q.dimensions),
        statistics: q.statistics
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        periodSeconds: q.period,
        start: parseInstant(q.start, now),
        end: parseInstant(q.end ?? 'now', now),
      });
      return {
        ...result,
        dimensions: { ...result.dimensions },
        datapoints: result.datapoints.map((d) => ({
          timestamp: new Date(d.timestamp).toISOString(),
          values: { ...d.values },
        })),
      };
    },
  );
}

function recordRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.post(
    '/metrics/data',
    {
      schema: {
        tags,
        description: 'PutMetricData: datapoints of any namespace.',
        body: Type.Object({
          namespace: Type.String({ minLength: 1 }),
          metricData: Type.Array(
            Type.Object({
              name: Type.String(),
              dimensions: Type.Optional(Dimensions),
              value: Type.Number(),
              timestamp: Type.Optional(Type.Number()),
            }),
            { minItems: 1, maxItems: 1000 },
          ),
        }),
        response: { 200: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (request) => {
      const { namespace, metricData } = request.body;
      for (const d of metricData)
        monitoring.metrics.put({
          namespace,
          name: d.name,
          value: d.value,
          ...(d.dimensions ? { dimensions: d.dimensions } : {}),
          ...(d.timestamp === undefined ? {} : { at: d.timestamp }),
        });
      return { accepted: metricData.length };
    },
  );

  app.post(
    '/metrics/events',
    {
      schema: {
        tags,
        description:
          'Endpoint, function and workflow events for the MetricsRecorder (producers in other processes).',
        body: Type.Object({
          endpointInvocations: Type.Optional(Type.Array(EndpointEvent)),
          functionInvocations: Type.Optional(Type.Array(FunctionEvent)),
          workflowExecutions: Type.Optional(Type.Array(WorkflowEvent)),
        }),
        response: { 200: Type.Object({ accepted: Type.Integer() }) },
      },
    },
    async (request) => {
      const { endpointInvocations = [], functionInvocations = [], workflowExecutions = [] } = request.body;
      for (const event of endpointInvocations) monitoring.metrics.endpointInvocation(event);
      for (const event of functionInvocations) monitoring.metrics.functionInvocation(event);
      for (const event of workflowExecutions) monitoring.metrics.workflowExecution(event);
      return {
        accepted: endpointInvocations.length + functionInvocations.length + workflowExecutions.length,
      };
    },
  );
}
