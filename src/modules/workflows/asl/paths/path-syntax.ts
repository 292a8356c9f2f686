// Parses JSONPath text into a root (input, context or a variable) and, when definite, a list of segments.

export type Segment = string | number;

export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

export interface ParsedPath {
  readonly text: string;
  readonly root: PathRoot;
  /** Definite paths (names and indexes only) are walked by us; others go to jsonpath-plus. */
  readonly segments: readonly Segment[] | undefined;
  /** The path rewritten with `$` as root, for jsonpath-plus. */
  readonly rooted: string;
}

const cache = new Map<string, ParsedPath | null>();
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses `$...`, `$$...` or `$name...`; returns null when the text is not a path at all. */
export function parsePath(text: string): ParsedPath | null {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const parsed = parseUncached(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

function parseUncached(text: string): ParsedPath | null {
  if (!text.startsWith('$')) return null;
  let root: PathRoot;
  let rest: string;
  if (text.startsWith('$$')) {
    root = { kind: 'context' };
    rest = text.slice(2);
  } else {
    const name = VARIABLE_NAME.exec(text.slice(1))?.[0];
    if (name !== undefined) {
      root = { kind: 'variable', name };
      rest = text.slice(1 + name.length);
    } else {
      root = { kind: 'input' };
      rest = text.slice(1);
    }
  }
  if (rest !== '' && !rest.startsWith('.') && !rest.startsWith('[')) return null;
  if (/\s$/.test(rest) || rest.endsWith('.')) return null;
  return { text, root, segments: definiteSegments(rest), rooted: `$${rest}` };
}

/** Segments of a definite path tail like `.a['b'][0]`, or undefined when it uses other syntax. */
function definiteSegments(rest: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let i = 0;
  while (i < rest.length) {
    if (rest[i] === '.') {
      if (rest[i + 1] === '.') return undefined;
      let j = i + 1;
      while (j < rest.length && rest[j] !== '.' && rest[j] !== '[') j++;
      const name = rest.slice(i + 1, j);
      if (name === '' || name === '*' || name.includes('(') || name.includes(']')) return undefined;
      segments.push(name);
      i = j;
    } else if (rest[i] === '[') {
      const parsed = bracketSegment(rest, i);
      if (parsed === undefined) return undefined;
      segments.push(parsed.segment);
      i = parsed.end;
    } else {
      return undefined;
    }
  }
  return segments;
}

function bracketSegment(rest: string, start: number): { segment: Segment; end: number } | undefined {
  const quote = rest[start + 1];
  if (quote === "'" || quote === '"') {
    let name = '';
    let j = start + 2;
    while (j < rest.length && rest[j] !== quote) {
      if (rest[j] === '\\' && rest[j + 1] === quote) j++;
      name += rest[j];
      j++;
    }
    if (rest[j] !== quote || rest[j + 1] !== ']') return undefined;
    return { segment: name, end: j + 2 };
  }
  const close = rest.indexOf(']', start);
  if (close < 0) return undefined;
  const inner = rest.slice(start + 1, close);
  if (!/^\d+$/.test(inner)) return undefined;
  return { segment: Number(inner), end: close + 1 };
}

/** Jayway-style rendering of a definite path prefix: `$['a']['b'][0]`. */
export function formatSegments(segments: readonly Segment[]): string {
  return `$${segments.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('')}`;
}
