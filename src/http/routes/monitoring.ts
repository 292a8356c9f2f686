// REST resources of model monitoring under /api/v1: baselines and constraints, reports and schedules of an
// endpoint; metrics and alarms are registered from their own files.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MonitoringService, ReportRun, Schedule } from '../../modules/monitoring/index.js';
import { parseInstant } from '../../modules/monitoring/index.js';
import { alarmRoutes } from './monitoring-alarms.js';
import { MonitoringReport, MonitoringStatistics } from './monitoring-document-schemas.js';
import { metricRoutes } from './monitoring-metrics.js';
import { Document, ReportRunList, ScheduleList, Schedule as ScheduleView } from './monitoring-schemas.js';

const tags = ['monitoring'];
const Endpoint = Type.Object({ endpoint: Type.String({ minLength: 1 }) });
type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];

export const monitoringRoutes: FastifyPluginAsyncTypebox<{ monitoring: MonitoringService }> = async (
  app,
  { monitoring },
) => {
  baselineRoutes(app, monitoring);
  reportRoutes(app, monitoring);
  scheduleRoutes(app, monitoring);
  await app.register(metricRoutes, { monitoring });
  await app.register(alarmRoutes, { monitoring });
};

function baselineRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.post(
    '/monitoring/endpoints/:endpoint/baseline',
    {
      schema: {
        tags,
        description:
          "Runs the endpoint's model over validation images; stores statistics.json and constraints.json.",
        params: Endpoint,
        body: Type.Optional(
          Type.Object({ dataset: Type.Optional(Type.String({ description: 's3:// .lst or folder' })) }),
        ),
        response: {
          200: Type.Object({
            statistics: MonitoringStatistics,
            constraints: Document,
            files: Type.Record(Type.String(), Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const dataset = request.body?.dataset;
      const result = await monitoring.baseline(request.params.endpoint, dataset ? { dataset } : {});
      return {
        statistics: { ...result.statistics },
        constraints: { ...result.constraints },
        files: { ...result.files },
      };
    },
  );
  app.get(
    '/monitoring/endpoints/:endpoint/constraints',
    { schema: { tags, params: Endpoint, response: { 200: Document } } },
    async (request) => ({ ...(await monitoring.constraints(request.params.endpoint)) }),
  );
  app.put(
    '/monitoring/endpoints/:endpoint/constraints',
    {
      schema: {
        tags,
        description: 'Replaces constraints.json (checked first).',
        params: Endpoint,
        body: Type.Unknown(),
        response: { 200: Type.Object({ constraints: Document, uri: Type.String() }) },
      },
    },
    async (request) => {
      const result = await monitoring.setConstraints(request.params.endpoint, request.body);
      return { constraints: { ...result.constraints }, uri: result.uri };
    },
  );
}

function reportRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.post(
    '/monitoring/endpoints/:endpoint/reports',
    {
      schema: {
        tags,
        description:
          'One report over [from, to) of captured traffic; an existing report of that window is returned unless forced.',
        params: Endpoint,
        body: Type.Object({
          from: Type.String({ description: 'ISO 8601, epoch ms or -2h' }),
          to: Type.Optional(Type.String({ description: 'default now' })),
          force: Type.Optional(Type.Boolean()),
          capture: Type.Optional(Type.String({ description: 's3://bucket/prefix of the capture files' })),
        }),
        response: { 200: MonitoringReport },
      },
    },
    async (request) => {
      const now = Date.now();
      const { from, to, force, capture } = request.body;
      const window = { from: parseInstant(from, now), to: parseInstant(to ?? 'now', now) };
      return {
        ...(await monitoring.report(request.params.endpoint, window, {
          ...(force ? { force } : {}),
          ...(capture ? { capture } : {}),
        })),
      };
    },
  );
  app.get(
    '/monitoring/endpoints/:endpoint/reports',
    {
      schema: {
        tags,
        description: 'Report runs, newest window first.',
        params: Endpoint,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }),
        response: { 200: ReportRunList },
      },
    },
    async (request) => ({
      runs: (await monitoring.runs(request.params.endpoint, request.query.limit)).map(runView),
    }),
  );
}

function scheduleRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.put(
    '/monitoring/endpoints/:endpoint/schedule',
    {
      schema: {
        tags,
        description: 'Reports on a cron schedule (UTC, hourly by default), run by `scones serve`.',
        params: Endpoint,
        body: Type.Object({
          cron: Type.Optional(Type.String()),
          capture: Type.Optional(Type.String()),
          settleSeconds: Type.Optional(Type.Number({ minimum: 0 })),
        }),
        response: { 200: ScheduleView },
      },
    },
    async (request) => {
      const { cron, capture, settleSeconds } = request.body;
      const options = {
        ...(cron ? { cron } : {}),
        ...(capture ? { capture } : {}),
        ...(settleSeconds === undefined ? {} : { settleMs: settleSeconds * 1000 }),
      };
      return scheduleView(await monitoring.schedule(request.params.endpoint, options));
    },
  );
  app.delete(
    '/monitoring/endpoints/:endpoint/schedule',
    { schema: { tags, params: Endpoint, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await monitoring.unschedule(request.params.endpoint);
      return reply.status(204).send(null);
    },
  );
  app.get('/monitoring/schedules', { schema: { tags, response: { 200: ScheduleList } } }, async () => ({
    schedules: (await monitoring.schedules()).map(scheduleView),
  }));
}

function scheduleView(schedule: Schedule) {
  return {
    endpoint: schedule.endpoint,
    cron: schedule.cron,
    captureUri: schedule.captureUri,
    settleSeconds: schedule.settleMs / 1000,
    reportedUntil: new Date(schedule.lastWindowEnd).toISOString(),
  };
}

function runView(run: ReportRun) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    endpoint: run.endpoint,
    from: new Date(run.windowStart).toISOString(),
    to: new Date(run.windowEnd).toISOString(),
    status: run.status,
    startedAt: new Date(run.startedAt).toISOString(),
    finishedAt: iso(run.finishedAt),
    reportUri: run.reportUri,
    records: run.records,
    violations: run.violations,
    error: run.error,
  };
}
