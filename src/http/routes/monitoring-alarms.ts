// REST resource of alarms: put (PutMetricAlarm), describe, list, delete, history, set state, evaluate now,
// and the default alarms of an endpoint.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AlarmInputSchema,
  type HistoryItem,
  type MonitoringService,
  type StoredAlarm,
} from '../../modules/monitoring/index.js';
import { Alarm, AlarmHistory, AlarmList, AlarmState } from './monitoring-schemas.js';

const tags = ['alarms'];
const Name = Type.Object({ name: Type.String({ minLength: 1 }) });
const { name: _name, ...inputWithoutName } = AlarmInputSchema.properties;
const AlarmBody = Type.Object(
  { ...inputWithoutName, name: Type.Optional(Type.String()) },
  { additionalProperties: false },
);

type TypedApp = Parameters<FastifyPluginAsyncTypebox>[0];

export const alarmRoutes: FastifyPluginAsyncTypebox<{ monitoring: MonitoringService }> = async (
  app,
  { monitoring },
) => {
  definitionRoutes(app, monitoring);
  stateRoutes(app, monitoring);
};

function definitionRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.get(
    '/alarms',
    {
      schema: {
        tags,
        querystring: Type.Object({ state: Type.Optional(AlarmState), prefix: Type.Optional(Type.String()) }),
        response: { 200: AlarmList },
      },
    },
    async (request) => ({ alarms: (await monitoring.alarms.list(request.query)).map(alarmView) }),
  );
  app.put(
    '/alarms/:name',
    {
      schema: {
        tags,
        description: 'Creates the alarm (INSUFFICIENT_DATA) or replaces its definition, keeping its state.',
        params: Name,
        body: AlarmBody,
        response: { 200: Alarm },
      },
    },
    async (request) => alarmView(await monitoring.alarms.put({ ...request.body, name: request.params.name })),
  );
  app.get('/alarms/:name', { schema: { tags, params: Name, response: { 200: Alarm } } }, async (request) =>
    alarmView(await monitoring.alarms.get(request.params.name)),
  );
  app.delete(
    '/alarms/:name',
    { schema: { tags, params: Name, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await monitoring.alarms.delete(request.params.name);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/alarms/defaults',
    {
      schema: {
        tags,
        description: "Creates an endpoint's default alarms (low confidence, drift) unless they exist.",
        body: Type.Object({ endpoint: Type.String({ minLength: 1 }) }),
        response: {
          200: Type.Object({ created: Type.Array(Type.String()), existing: Type.Array(Type.String()) }),
        },
      },
    },
    async (request) => monitoring.ensureDefaultAlarms(request.body.endpoint),
  );
}

function stateRoutes(app: TypedApp, monitoring: MonitoringService): void {
  app.get(
    '/alarms/:name/history',
    {
      schema: {
        tags,
        description: 'State changes, actions and configuration updates, newest first.',
        params: Name,
        querystring: Type.Object({
          type: Type.Optional(
            Type.Union([
              Type.Literal('StateUpdate'),
              Type.Literal('Action'),
              Type.Literal('ConfigurationUpdate'),
            ]),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        }),
        response: { 200: AlarmHistory },
      },
    },
    async (request) => {
      await monitoring.alarms.get(request.params.name);
      return {
        history: (await monitoring.alarms.history(request.params.name, request.query)).map(historyView),
      };
    },
  );
  app.post(
    '/alarms/:name/state',
    {
      schema: {
        tags,
        description: 'SetAlarmState: until the next evaluation; runs the actions of the new state.',
        params: Name,
        body: Type.Object({ state: AlarmState, reason: Type.String({ minLength: 1 }) }),
        response: { 200: Alarm },
      },
    },
    async (request) =>
      alarmView(
        await monitoring.alarms.setState(request.params.name, request.body.state, request.body.reason),
      ),
  );
  app.post(
    '/alarms/evaluate',
    {
      schema: {
        tags,
        description: 'Evaluates every alarm now (the server also does on its own schedule).',
        response: { 200: AlarmList },
      },
    },
    async () => {
      await monitoring.alarms.evaluate();
      return { alarms: (await monitoring.alarms.list()).map(alarmView) };
    },
  );
}

function alarmView(alarm: StoredAlarm) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...alarm.definition,
    state: alarm.state,
    stateReason: alarm.stateReason,
    stateReasonData: { ...alarm.stateReasonData },
    stateUpdatedAt: iso(alarm.stateUpdatedAt),
    createdAt: iso(alarm.createdAt),
    updatedAt: iso(alarm.updatedAt),
  };
}

function historyView(item: HistoryItem) {
  return {
    id: item.id,
    at: new Date(item.at).toISOString(),
    type: item.type,
    summary: item.summary,
    data: { ...item.data },
  };
}
