// Typed calls of the REST API, one per resource the views read.
import { apiGet, type Query } from './client.js';
import type {
  AlarmHistory,
  AlarmList,
  AlarmState,
  BaselineAnswer,
  BucketList,
  Captures,
  EndpointDescription,
  EndpointList,
  Execution,
  ExecutionList,
  ExecutionStatus,
  FunctionDescription,
  FunctionList,
  HistoryEvent,
  HistoryPage,
  LogPage,
  MetricStatistics,
  ModelDetail,
  ModelList,
  ObjectList,
  PipelineNames,
  ReportRunList,
  ScheduleList,
  StateMachine,
  StateMachines,
} from './types.js';

const V1 = '/api/v1';
const seg = (value: string | number) => encodeURIComponent(String(value));

export const api = {
  pipeline: () => apiGet<PipelineNames>(`${V1}/pipeline`),

  buckets: async () => (await apiGet<BucketList>(`${V1}/buckets`)).buckets.map((b) => b.name),
  objects: (bucket: string, prefix: string, maxKeys = 1000) =>
    apiGet<ObjectList>(`${V1}/buckets/${seg(bucket)}/objects`, { prefix, maxKeys }),
  /** A JSON document in the store, by its `s3://bucket/key` URI. */
  storedJson: <T>(uri: string) => {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (!match) throw new Error(`not an s3:// URI: ${uri}`);
    const key = (match[2] as string).split('/').map(seg).join('/');
    return apiGet<T>(`${V1}/buckets/${seg(match[1] as string)}/objects/${key}`);
  },

  models: async () => (await apiGet<ModelList>(`${V1}/models`)).models,
  model: (version: number | string) => apiGet<ModelDetail>(`${V1}/models/${seg(version)}`),

  endpoints: async () => (await apiGet<EndpointList>(`${V1}/endpoints`)).endpoints,
  endpoint: (name: string) => apiGet<EndpointDescription>(`${V1}/endpoints/${seg(name)}`),
  captures: (name: string, limit: number, images: number) =>
    apiGet<Captures>(`${V1}/endpoints/${seg(name)}/captures`, { limit, images }),

  stateMachines: async () =>
    (
      await apiGet<StateMachines>(`${V1}/state-machines`, {
        maxResults: 1000,
      })
    ).stateMachines,
  stateMachine: (name: string) => apiGet<StateMachine>(`${V1}/state-machines/${seg(name)}`),
  executions: (
    machine: string,
    query: { status?: ExecutionStatus; maxResults?: number; nextToken?: string },
  ) => apiGet<ExecutionList>(`${V1}/state-machines/${seg(machine)}/executions`, query),
  execution: (machine: string, name: string) =>
    apiGet<Execution>(`${V1}/state-machines/${seg(machine)}/executions/${seg(name)}`),
  /** The whole history, oldest first, page after page up to `max` events. */
  history: async (machine: string, name: string, max: number) => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await apiGet<HistoryPage>(
        `${V1}/state-machines/${seg(machine)}/executions/${seg(name)}/history`,
        { maxResults: 1000, nextToken },
      );
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken && events.length < max);
    return events;
  },

  functions: async () => (await apiGet<FunctionList>(`${V1}/functions`)).functions,
  fn: (name: string) => apiGet<FunctionDescription>(`${V1}/functions/${seg(name)}`),
  logs: async (name: string, query: Query) =>
    (await apiGet<LogPage>(`${V1}/functions/${seg(name)}/logs`, query)).events,

  metric: (query: {
    namespace: string;
    name: string;
    dimensions: Readonly<Record<string, string>>;
    statistics: readonly string[];
    period: number;
    start: number;
    end?: number;
  }) =>
    apiGet<MetricStatistics>(`${V1}/metrics/statistics`, {
      namespace: query.namespace,
      name: query.name,
      dimensions: Object.entries(query.dimensions)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
      statistics: query.statistics.join(','),
      period: query.period,
      start: new Date(query.start).toISOString(),
      end: query.end === undefined ? undefined : new Date(query.end).toISOString(),
    }),

  reports: async (endpoint: string, limit = 100) =>
    (
      await apiGet<ReportRunList>(`${V1}/monitoring/endpoints/${seg(endpoint)}/reports`, {
        limit,
      })
    ).runs,
  schedules: async () => (await apiGet<ScheduleList>(`${V1}/monitoring/schedules`)).schedules,
  /** The endpoint's constraints.json, or null before a baseline exists. */
  constraints: async (endpoint: string) =>
    (await apiGet<BaselineAnswer>(`${V1}/pipeline/baselines/${seg(endpoint)}`)).constraints,

  alarms: async (state?: AlarmState) => (await apiGet<AlarmList>(`${V1}/alarms`, { state })).alarms,
  alarmHistory: async (name: string) =>
    (
      await apiGet<AlarmHistory>(`${V1}/alarms/${seg(name)}/history`, {
        limit: 200,
      })
    ).history,
};
