// The LifecycleConfiguration document: parsed into rules with S3's checks (transitions refused: Scones has one
// storage class), and written back as stored.
import type { LifecycleFilter, LifecycleRule } from '../../../modules/storage/index.js';
import { s3Error } from './s3-errors.js';
import { childObjects, childText, parseXmlDocument, type XmlObject } from './xml-reader.js';
import { element, textElement } from './xml-writer.js';

const MAX_RULES = 1000;
const ELEMENTS = [
  'Rule',
  'Tag',
  'Filter',
  'And',
  'Expiration',
  'NoncurrentVersionExpiration',
  'AbortIncompleteMultipartUpload',
  'Transition',
  'Transitions',
  'NoncurrentVersionTransition',
  'NoncurrentVersionTransitions',
];

export function parseLifecycle(body: Buffer): LifecycleRule[] {
  const document = parseXmlDocument(body, 'LifecycleConfiguration', ELEMENTS);
  const rules = childObjects(document, 'Rule');
  if (rules.length === 0 || rules.length > MAX_RULES)
    throw s3Error('MALFORMED_XML', `a LifecycleConfiguration holds 1 to ${MAX_RULES} rules`);
  const parsed = rules.map((rule, index) => ruleOf(rule, index));
  const ids = new Set(parsed.map((rule) => rule.id));
  if (ids.size !== parsed.length)
    throw s3Error('INVALID_ARGUMENT', 'Rule ID must be unique. Found same ID for more than one rule');
  return parsed;
}

function ruleOf(rule: XmlObject, index: number): LifecycleRule {
  for (const name of [
    'Transition',
    'Transitions',
    'NoncurrentVersionTransition',
    'NoncurrentVersionTransitions',
  ])
    if (rule[name] !== undefined)
      throw s3Error(
        'INVALID_REQUEST',
        `${name} is not supported: Scones keeps every object in one storage class (STANDARD), so lifecycle transitions to other storage classes cannot be applied`,
      );
  const id = childText(rule, 'ID') ?? `rule-${index + 1}`;
  if (id.length > 255) throw s3Error('INVALID_ARGUMENT', 'ID length should not exceed allowed limit of 255');
  const status = childText(rule, 'Status');
  if (status !== 'Enabled' && status !== 'Disabled')
    throw s3Error('MALFORMED_XML', 'each Rule needs a Status of Enabled or Disabled');
  const filter = filterOf(rule);
  const expiration = expirationOf(one(rule, 'Expiration'));
  const noncurrent = noncurrentOf(one(rule, 'NoncurrentVersionExpiration'));
  const abort = one(rule, 'AbortIncompleteMultipartUpload');
  const abortDays = abort
    ? positive(childText(abort, 'DaysAfterInitiation'), 'DaysAfterInitiation')
    : undefined;
  if (!expiration && !noncurrent && abortDays === undefined)
    throw s3Error('MALFORMED_XML', 'each Rule needs at least one action');
  if (filter.tags && (abortDays !== undefined || expiration?.expiredObjectDeleteMarker))
    throw s3Error(
      'INVALID_REQUEST',
      'AbortIncompleteMultipartUpload and ExpiredObjectDeleteMarker cannot be specified with Tags.',
    );
  return {
    id,
    enabled: status === 'Enabled',
    filter,
    ...(expiration ? { expiration } : {}),
    ...(noncurrent ? { noncurrentExpiration: noncurrent } : {}),
    ...(abortDays !== undefined ? { abortIncompleteUploadDays: abortDays } : {}),
  };
}

function filterOf(rule: XmlObject): LifecycleFilter {
  const prefix = childText(rule, 'Prefix');
  const filter = one(rule, 'Filter');
  if (prefix !== undefined && filter)
    throw s3Error('MALFORMED_XML', 'a Rule has a Prefix or a Filter, not both');
  if (!filter) {
    if (prefix === undefined)
      throw s3Error('MALFORMED_XML', 'each Rule needs a Filter (or the older Prefix)');
    return { form: 'prefix', prefix };
  }
  const and = one(filter, 'And');
  const conditions = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan'].filter(
    (n) => n in filter,
  );
  if (and && conditions.length > 0) throw s3Error('MALFORMED_XML', 'a Filter with And holds nothing else');
  if (conditions.length > 1)
    throw s3Error('MALFORMED_XML', 'a Filter holds one condition; combine them with And');
  const source = and ?? filter;
  const tags = childObjects(source, 'Tag');
  if (!and && tags.length > 1)
    throw s3Error('MALFORMED_XML', 'a Filter holds one Tag; combine them with And');
  const tagSet: Record<string, string> = {};
  for (const tag of tags) {
    const key = childText(tag, 'Key');
    if (key === undefined) throw s3Error('MALFORMED_XML', 'each Tag needs a Key');
    tagSet[key] = childText(tag, 'Value') ?? '';
  }
  const filterPrefix = childText(source, 'Prefix');
  const greater = size(childText(source, 'ObjectSizeGreaterThan'), 'ObjectSizeGreaterThan');
  const less = size(childText(source, 'ObjectSizeLessThan'), 'ObjectSizeLessThan');
  if (greater !== undefined && less !== undefined && greater >= less)
    throw s3Error('INVALID_ARGUMENT', 'ObjectSizeGreaterThan must be less than ObjectSizeLessThan');
  return {
    form: and ? 'and' : 'filter',
    ...(filterPrefix !== undefined ? { prefix: filterPrefix } : {}),
    ...(tags.length > 0 ? { tags: tagSet } : {}),
    ...(greater !== undefined ? { sizeGreaterThan: greater } : {}),
    ...(less !== undefined ? { sizeLessThan: less } : {}),
  };
}

function expirationOf(expiration: XmlObject | undefined): LifecycleRule['expiration'] {
  if (!expiration) return undefined;
  const days = childText(expiration, 'Days');
  const date = childText(expiration, 'Date');
  const marker = childText(expiration, 'ExpiredObjectDeleteMarker');
  if ([days, date, marker].filter((v) => v !== undefined).length !== 1)
    throw s3Error(
      'MALFORMED_XML',
      'an Expiration holds exactly one of Days, Date and ExpiredObjectDeleteMarker',
    );
  if (days !== undefined) return { days: positive(days, 'Days') };
  if (marker !== undefined) {
    if (marker !== 'true' && marker !== 'false')
      throw s3Error('MALFORMED_XML', 'ExpiredObjectDeleteMarker must be true or false');
    return { expiredObjectDeleteMarker: marker === 'true' };
  }
  const at = Date.parse(date ?? '');
  if (Number.isNaN(at)) throw s3Error('MALFORMED_XML', 'Date must be an ISO 8601 date');
  if (at % 86_400_000 !== 0) throw s3Error('INVALID_ARGUMENT', "'Date' must be at midnight GMT");
  return { date: at };
}

function noncurrentOf(action: XmlObject | undefined): LifecycleRule['noncurrentExpiration'] {
  if (!action) return undefined;
  const days = positive(childText(action, 'NoncurrentDays'), 'NoncurrentDays');
  const newer = childText(action, 'NewerNoncurrentVersions');
  if (newer === undefined) return { noncurrentDays: days };
  const count = positive(newer, 'NewerNoncurrentVersions');
  if (count > 100) throw s3Error('INVALID_ARGUMENT', 'NewerNoncurrentVersions must be between 1 and 100');
  return { noncurrentDays: days, newerNoncurrentVersions: count };
}

function one(parent: XmlObject, name: string): XmlObject | undefined {
  const found = childObjects(parent, name);
  if (found.length > 1) throw s3Error('MALFORMED_XML', `${name} may appear once`);
  return found[0];
}

function positive(text: string | undefined, name: string): number {
  if (text === undefined || !/^\d+$/.test(text.trim()) || Number(text) <= 0)
    throw s3Error('INVALID_ARGUMENT', `'${name}' for the action must be a positive integer`);
  return Number(text);
}

function size(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw s3Error('INVALID_ARGUMENT', `${name} must be a non-negative integer`);
  return Number(text);
}

export function ruleXml(rule: LifecycleRule): string {
  return element('Rule', [
    textElement('ID', rule.id),
    filterXml(rule.filter),
    textElement('Status', rule.enabled ? 'Enabled' : 'Disabled'),
    rule.expiration
      ? element('Expiration', [
          textElement('Days', rule.expiration.days),
          textElement(
            'Date',
            rule.expiration.date === undefined ? undefined : new Date(rule.expiration.date).toISOString(),
          ),
          textElement('ExpiredObjectDeleteMarker', rule.expiration.expiredObjectDeleteMarker),
        ])
      : '',
    rule.noncurrentExpiration
      ? element('NoncurrentVersionExpiration', [
          textElement('NoncurrentDays', rule.noncurrentExpiration.noncurrentDays),
          textElement('NewerNoncurrentVersions', rule.noncurrentExpiration.newerNoncurrentVersions),
        ])
      : '',
    rule.abortIncompleteUploadDays === undefined
      ? ''
      : element('AbortIncompleteMultipartUpload', [
          textElement('DaysAfterInitiation', rule.abortIncompleteUploadDays),
        ]),
  ]);
}

function filterXml(filter: LifecycleFilter): string {
  if (filter.form === 'prefix') return textElement('Prefix', filter.prefix ?? '');
  const conditions = [
    textElement('Prefix', filter.prefix),
    ...Object.entries(filter.tags ?? {}).map(([key, value]) =>
      element('Tag', [textElement('Key', key), textElement('Value', value)]),
    ),
    textElement('ObjectSizeGreaterThan', filter.sizeGreaterThan),
    textElement('ObjectSizeLessThan', filter.sizeLessThan),
  ];
  return element('Filter', filter.form === 'and' ? [element('And', conditions)] : conditions);
}
