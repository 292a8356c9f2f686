// Evaluates JSONPath against the state input, the context object ($$) or a workflow variable ($name).
import { JSONPath } from 'jsonpath-plus';
import { isObject, type Json } from '../json.js';
import { formatSegments, type ParsedPath, parsePath, type Segment } from './path-syntax.js';

/** What a path can see. `context` is lazy because most paths never touch `$$`. */
export interface PathScope {
  readonly input: Json;
  context(): Json;
  variable(name: string): Json | undefined;
}

export type PathLookup =
  | { readonly found: true; readonly value: Json }
  | { readonly found: false; readonly reason: string };

/** Looks a path up; a definite path that is missing reports why in Jayway's words (as AWS does). */
export function lookupPath(text: string, scope: PathScope): PathLookup {
  return lookupParsed(parsePath(text), text, scope);
}

/** `lookupPath` of a path parsed beforehand (null when `text` is not a path). */
export function lookupParsed(path: ParsedPath | null, text: string, scope: PathScope): PathLookup {
  if (path === null) return { found: false, reason: `The path '${text}' is not a valid JSONPath` };
  let root: Json | undefined;
  if (path.root.kind === 'input') root = scope.input;
  else if (path.root.kind === 'context') root = scope.context();
  else root = scope.variable(path.root.name);
  if (root === undefined) {
    return { found: false, reason: `The variable '$${rootName(path)}' is not defined` };
  }
  if (path.segments !== undefined) return walk(root, path.segments);
  return queryIndefinite(path, root);
}

function rootName(path: ParsedPath): string {
  return path.root.kind === 'variable' ? path.root.name : '';
}

function walk(root: Json, segments: readonly Segment[]): PathLookup {
  let current: Json = root;
  for (let i = 0; i < segments.length; i++) {
    const next = child(current, segments[i] as Segment);
    if (next === undefined) {
      const prefix = formatSegments(segments.slice(0, i + 1));
      const reason =
        i === segments.length - 1 ? `No results for path: ${prefix}` : `Missing property in path ${prefix}`;
      return { found: false, reason };
    }
    current = next;
  }
  return { found: true, value: current };
}

function child(value: Json, segment: Segment): Json | undefined {
  if (typeof segment === 'number') {
    return Array.isArray(value) && segment < value.length ? value[segment] : undefined;
  }
  if (isObject(value) && Object.hasOwn(value, segment)) return value[segment];
  return undefined;
}

function queryIndefinite(path: ParsedPath, root: Json): PathLookup {
  try {
    const matches = JSONPath({ path: path.rooted, json: root, wrap: true, eval: 'safe' }) as Json[];
    return { found: true, value: matches };
  } catch {
    return { found: false, reason: `The path '${path.text}' could not be evaluated` };
  }
}

/** True when `text` parses as a path this interpreter accepts. */
export function isValidPath(text: string): boolean {
  return parsePath(text) !== null;
}

/** True for a definite input path usable as ResultPath: `$`, `$.a.b`, `$['a'][0]`. */
export function isReferencePath(text: string): boolean {
  const path = parsePath(text);
  return path !== null && path.root.kind === 'input' && path.segments !== undefined;
}
