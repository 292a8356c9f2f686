// The CloudWatch Logs operations Scones serves, over the log group sources `app` gives: DescribeLogGroups,
// DescribeLogStreams, GetLogEvents and FilterLogEvents, with AWS's members, limits, shapes and paging.
import { filterPattern } from './filter-pattern.js';
import type { LogExtent, LogGroupSource, LogLine } from './log-source.js';
import { eventToken, listToken, parseEventToken, parseListToken } from './logs-paging.js';
import {
  type Body,
  groupNameOf,
  groupNotFound,
  invalidParameter,
  limitOf,
  optionalBoolean,
  optionalNumber,
  optionalString,
  optionalStrings,
  streamNotFound,
} from './logs-wire.js';

export interface LogsContext {
  readonly sources: readonly LogGroupSource[];
  readonly region: string;
  readonly accountId: string;
}

export type LogsOperation = (context: LogsContext, body: Body) => Promise<unknown>;

const groupArn = (c: LogsContext, group: string) =>
  `arn:aws:logs:${c.region}:${c.accountId}:log-group:${group}`;

export const LOGS_OPERATIONS: Readonly<Record<string, LogsOperation>> = {
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  GetLogEvents: getLogEvents,
  FilterLogEvents: filterLogEvents,
};

async function describeLogGroups(context: LogsContext, body: Body) {
  const prefix = optionalString(body, 'logGroupNamePrefix') ?? optionalString(body, 'logGroupNamePattern');
  const limit = limitOf(body, 50, 50);
  const after = parseListToken(optionalString(body, 'nextToken'))?.after;
  const all = (await Promise.all(context.sources.map((source) => source.groups()))).flat();
  const matching = all
    .filter((group) => prefix === undefined || group.name.startsWith(prefix))
    .filter((group) => typeof after !== 'string' || group.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = matching.slice(0, limit);
  const last = page.at(-1);
  return {
    logGroups: page.map((group) => ({
      logGroupName: group.name,
      creationTime: group.firstTimestamp,
      metricFilterCount: 0,
      arn: `${groupArn(context, group.name)}:*`,
      logGroupArn: groupArn(context, group.name),
      storedBytes: group.storedBytes,
      logGroupClass: 'STANDARD',
    })),
    ...(matching.length > limit && last ? { nextToken: listToken({ after: last.name }) } : {}),
  };
}

async function describeLogStreams(context: LogsContext, body: Body) {
  const group = groupNameOf(body);
  const prefix = optionalString(body, 'logStreamNamePrefix');
  const orderBy = optionalString(body, 'orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime')
    throw invalidParameter(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  if (orderBy === 'LastEventTime' && prefix !== undefined)
    throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
  const limit = limitOf(body, 50, 50);
  const offset = Number(parseListToken(optionalString(body, 'nextToken'))?.offset ?? 0);
  const streams = await existingStreams(context, group);
  const sorted = streams
    .filter((stream) => prefix === undefined || stream.name.startsWith(prefix))
    .sort(orderBy === 'LogStreamName' ? byName : byLastEvent);
  if (optionalBoolean(body, 'descending') === true) sorted.reverse();
  const page = sorted.slice(offset, offset + limit);
  return {
    logStreams: page.map((stream) => ({
      logStreamName: stream.name,
      creationTime: stream.firstTimestamp,
      firstEventTimestamp: stream.firstTimestamp,
      lastEventTimestamp: stream.lastTimestamp,
      lastIngestionTime: stream.lastTimestamp,
      arn: `${groupArn(context, group)}:log-stream:${stream.name}`,
      storedBytes: stream.storedBytes,
    })),
    ...(sorted.length > offset + limit ? { nextToken: listToken({ offset: offset + limit }) } : {}),
  };
}

async function getLogEvents(context: LogsContext, body: Body) {
  const group = groupNameOf(body);
  const stream = optionalString(body, 'logStreamName');
  if (stream === undefined) throw invalidParameter('logStreamName is required');
  const limit = limitOf(body, 10_000, 10_000);
  const given = optionalString(body, 'nextToken');
  const token = given === undefined ? undefined : parseEventToken(given);
  const source = await sourceOf(context, group);
  if (!(await source.streams(group)).some((s) => s.name === stream)) throw streamNotFound();
  const backward = token ? token.direction === 'b' : optionalBoolean(body, 'startFromHead') !== true;
  const lines = await source.lines(group, {
    logStreams: [stream],
    ...timeRange(body),
    ...(token?.direction === 'f' ? { afterId: token.id } : {}),
    ...(token?.direction === 'b' ? { beforeId: token.id } : {}),
    limit,
    newest: backward,
  });
  const first = lines[0];
  const last = lines.at(-1);
  // An empty page hands the caller's token back: that is how clients know they reached the end.
  const forward = last ? eventToken('f', last.id) : (given ?? eventToken('f', token?.id ?? 0));
  const back = first ? eventToken('b', first.id) : (given ?? eventToken('b', token?.id ?? 0));
  return {
    events: lines.map((line) => ({
      timestamp: line.timestamp,
      message: line.message,
      ingestionTime: line.timestamp,
    })),
    nextForwardToken: forward,
    nextBackwardToken: back,
  };
}

async function filterLogEvents(context: LogsContext, body: Body) {
  const group = groupNameOf(body);
  const names = optionalStrings(body, 'logStreamNames');
  const prefix = optionalString(body, 'logStreamNamePrefix');
  if (names !== undefined && prefix !== undefined)
    throw invalidParameter('logStreamNames and logStreamNamePrefix are mutually exclusive');
  const limit = limitOf(body, 10_000, 10_000);
  const after = parseListToken(optionalString(body, 'nextToken'))?.afterId;
  const matches = filterPattern(optionalString(body, 'filterPattern'));
  const source = await sourceOf(context, group);
  const lines = await source.lines(group, {
    ...(names === undefined ? {} : { logStreams: names }),
    ...(prefix === undefined ? {} : { logStreamPrefix: prefix }),
    ...timeRange(body),
    ...(typeof after === 'number' ? { afterId: after } : {}),
    limit,
  });
  const last = lines.at(-1);
  return {
    events: lines
      .filter((line) => matches(line.message))
      .map((line) => ({
        logStreamName: line.logStream,
        timestamp: line.timestamp,
        message: line.message,
        ingestionTime: line.timestamp,
        eventId: eventId(line),
      })),
    searchedLogStreams: [],
    // A full page may have more after it, even when the pattern kept none of it (AWS pages the same way).
    ...(lines.length === limit && last ? { nextToken: listToken({ afterId: last.id }) } : {}),
  };
}

function timeRange(body: Body): { startTime?: number; endTime?: number } {
  const startTime = optionalNumber(body, 'startTime');
  const endTime = optionalNumber(body, 'endTime');
  return {
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
  };
}

async function sourceOf(context: LogsContext, group: string): Promise<LogGroupSource> {
  await existingStreams(context, group);
  return context.sources.find((source) => source.owns(group)) as LogGroupSource;
}

async function existingStreams(context: LogsContext, group: string): Promise<LogExtent[]> {
  const source = context.sources.find((candidate) => candidate.owns(group));
  const streams = source ? await source.streams(group) : [];
  if (streams.length === 0) throw groupNotFound();
  return streams;
}

function eventId(line: LogLine): string {
  return `${String(line.timestamp).padStart(20, '0')}${String(line.id).padStart(36, '0')}`;
}

const byName = (a: LogExtent, b: LogExtent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byLastEvent = (a: LogExtent, b: LogExtent) => a.lastTimestamp - b.lastTimestamp || byName(a, b);
