// Which fields each state type accepts, per query language.
import type { QueryLanguage } from '../definition.js';

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const JSONPATH_IO = ['InputPath', 'OutputPath'];
const JSONATA_IO = ['Output'];
const RECOVERY = ['Retry', 'Catch'];
const MAP_SHARED = [
  'ItemProcessor',
  'Iterator',
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'Label',
  'ItemSelector',
];

const JSONPATH: Readonly<Record<string, readonly string[]>> = {
  Pass: [...FLOW, ...JSONPATH_IO, 'Parameters', 'Result', 'ResultPath', 'Assign'],
  Task: [
    ...FLOW,
    ...JSONPATH_IO,
    ...RECOVERY,
    'Resource',
    'Parameters',
    'ResultSelector',
    'ResultPath',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Credentials',
    'Assign',
  ],
  Choice: [...JSONPATH_IO, 'Choices', 'Default', 'Assign'],
  Wait: [...FLOW, ...JSONPATH_IO, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
  Succeed: [...JSONPATH_IO],
  Fail: ['Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [
    ...FLOW,
    ...JSONPATH_IO,
    ...RECOVERY,
    'Branches',
    'Parameters',
    'ResultSelector',
    'ResultPath',
    'Assign',
  ],
  Map: [
    ...FLOW,
    ...JSONPATH_IO,
    ...RECOVERY,
    ...MAP_SHARED,
    'ItemsPath',
    'Parameters',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'ResultSelector',
    'ResultPath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'Assign',
  ],
};

const JSONATA: Readonly<Record<string, readonly string[]>> = {
  Pass: [...FLOW, ...JSONATA_IO, 'Assign'],
  Task: [
    ...FLOW,
    ...JSONATA_IO,
    ...RECOVERY,
    'Resource',
    'Arguments',
    'TimeoutSeconds',
    'HeartbeatSeconds',
    'Credentials',
    'Assign',
  ],
  Choice: [...JSONATA_IO, 'Choices', 'Default', 'Assign'],
  Wait: [...FLOW, ...JSONATA_IO, 'Seconds', 'Timestamp', 'Assign'],
  Succeed: [...JSONATA_IO],
  Fail: ['Error', 'Cause'],
  Parallel: [...FLOW, ...JSONATA_IO, ...RECOVERY, 'Branches', 'Arguments', 'Assign'],
  Map: [
    ...FLOW,
    ...JSONATA_IO,
    ...RECOVERY,
    ...MAP_SHARED,
    'Items',
    'MaxConcurrency',
    'ToleratedFailureCount',
    'ToleratedFailurePercentage',
    'Assign',
  ],
};

export const STATE_TYPES: ReadonlySet<string> = new Set(Object.keys(JSONPATH));

const cache = new Map<string, ReadonlySet<string>>();

export function allowedFields(type: string, language: QueryLanguage): ReadonlySet<string> {
  const key = `${language}:${type}`;
  let set = cache.get(key);
  if (set === undefined) {
    set = new Set([...COMMON, ...((language === 'JSONata' ? JSONATA : JSONPATH)[type] ?? [])]);
    cache.set(key, set);
  }
  return set;
}

export const RETRIER_FIELDS: ReadonlySet<string> = new Set([
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
]);

export function catcherFields(language: QueryLanguage): ReadonlySet<string> {
  return new Set([
    'ErrorEquals',
    'Next',
    'Comment',
    'Assign',
    ...(language === 'JSONata' ? ['Output'] : ['ResultPath']),
  ]);
}
