// A bucket's CORS configuration: the CORSConfiguration XML read and written, and the rule a request matches
// (origin and method, and for a preflight every requested header), as S3 matches them: first rule wins.
import { s3Error } from './s3-errors.js';
import { childObjects, childText, parseXmlDocument, type XmlObject } from './xml-reader.js';
import { element, textElement, xmlDocument } from './xml-writer.js';

export interface CorsRule {
  readonly id?: string;
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number;
}

const METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'];
const MAX_RULES = 100;
const LISTS = ['CORSRule', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader'];

export function parseCorsConfiguration(body: Buffer): CorsRule[] {
  const root = parseXmlDocument(body, 'CORSConfiguration', LISTS);
  const rules = childObjects(root, 'CORSRule').map(parseRule);
  if (rules.length === 0 || rules.length > MAX_RULES)
    throw s3Error(
      'MALFORMED_XML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  return rules;
}

function texts(rule: XmlObject, name: string): string[] {
  const value = rule[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((item) => (typeof item === 'string' ? item : ''));
}

function parseRule(rule: XmlObject): CorsRule {
  const allowedOrigins = texts(rule, 'AllowedOrigin');
  const allowedMethods = texts(rule, 'AllowedMethod');
  if (allowedOrigins.length === 0 || allowedMethods.length === 0)
    throw s3Error(
      'MALFORMED_XML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  const unsupported = allowedMethods.find((m) => !METHODS.includes(m));
  if (unsupported !== undefined)
    throw s3Error(
      'INVALID_REQUEST',
      `Found unsupported HTTP method in CORS config. Unsupported method is ${unsupported}`,
    );
  for (const origin of allowedOrigins)
    if (origin.split('*').length > 2)
      throw s3Error('INVALID_REQUEST', `AllowedOrigin "${origin}" can not have more than one wildcard.`);
  const id = childText(rule, 'ID');
  const maxAge = childText(rule, 'MaxAgeSeconds');
  if (maxAge !== undefined && !/^\d+$/.test(maxAge))
    throw s3Error(
      'MALFORMED_XML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  return {
    ...(id === undefined ? {} : { id }),
    allowedOrigins,
    allowedMethods,
    allowedHeaders: texts(rule, 'AllowedHeader'),
    exposeHeaders: texts(rule, 'ExposeHeader'),
    ...(maxAge === undefined ? {} : { maxAgeSeconds: Number(maxAge) }),
  };
}

export function corsConfigurationXml(rules: readonly CorsRule[]): string {
  return xmlDocument(
    'CORSConfiguration',
    rules.map((rule) =>
      element('CORSRule', [
        textElement('ID', rule.id),
        ...rule.allowedHeaders.map((h) => textElement('AllowedHeader', h)),
        ...rule.allowedMethods.map((m) => textElement('AllowedMethod', m)),
        ...rule.allowedOrigins.map((o) => textElement('AllowedOrigin', o)),
        ...rule.exposeHeaders.map((h) => textElement('ExposeHeader', h)),
        textElement('MaxAgeSeconds', rule.maxAgeSeconds),
      ]),
    ),
  );
}

/** `*` matches any run of characters, once per pattern (S3 allows one wildcard). */
function wildcard(pattern: string, value: string, ignoreCase: boolean): boolean {
  const [head = '', tail] = (ignoreCase ? pattern.toLowerCase() : pattern).split('*');
  const text = ignoreCase ? value.toLowerCase() : value;
  if (tail === undefined) return text === head;
  return text.length >= head.length + tail.length && text.startsWith(head) && text.endsWith(tail);
}

/** The first rule allowing the origin, the method and every requested header (header names ignore case). */
export function matchCorsRule(
  rules: readonly CorsRule[],
  origin: string,
  method: string,
  requestHeaders: readonly string[] = [],
): CorsRule | undefined {
  return rules.find(
    (rule) =>
      rule.allowedOrigins.some((o) => wildcard(o, origin, false)) &&
      rule.allowedMethods.includes(method) &&
      requestHeaders.every((h) => rule.allowedHeaders.some((a) => wildcard(a, h, true))),
  );
}

/** The Access-Control-* headers S3 sends for a matched rule. */
export function corsHeaders(rule: CorsRule, origin: string): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  return {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    ...(anyOrigin ? {} : { 'access-control-allow-credentials': 'true' }),
    ...(rule.exposeHeaders.length > 0
      ? { 'access-control-expose-headers': rule.exposeHeaders.join(', ') }
      : {}),
    ...(rule.maxAgeSeconds === undefined ? {} : { 'access-control-max-age': String(rule.maxAgeSeconds) }),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
}
