// A strict parser of the Prometheus text exposition format (0.0.4): it throws on anything a Prometheus
// server would reject (bad names, label syntax, values, samples outside their family, duplicate series,
// inconsistent histograms), and returns the families.

export interface PromSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromFamily {
  readonly name: string;
  readonly type: string;
  help: string;
  readonly samples: PromSample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Readonly<Record<string, readonly string[]>> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, PromFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, PromFamily>();
  const seen = new Set<string>();
  let current: PromFamily | undefined;
  text.split('\n').forEach((line, index) => {
    const fail = (why: string) => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') return;
    if (line.startsWith('#')) {
      current = comment(line, families, current, fail);
      return;
    }
    const sample = parseSample(line, fail);
    if (!current || !belongsTo(sample.name, current)) fail('sample outside its family (no # TYPE for it)');
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (seen.has(key)) fail('duplicate series');
    seen.add(key);
    current?.samples.push(sample);
  });
  for (const family of families.values()) if (family.type === 'histogram') checkHistogram(family);
  return families;
}

function comment(
  line: string,
  families: Map<string, PromFamily>,
  current: PromFamily | undefined,
  fail: (why: string) => never,
): PromFamily | undefined {
  const match = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
  if (!match) return current;
  const [, kind, name, rest = ''] = match as unknown as [string, string, string, string | undefined];
  if (!METRIC_NAME.test(name)) fail('bad metric name');
  let family = families.get(name);
  if (kind === 'TYPE') {
    if (!TYPES.has(rest)) fail('unknown type');
    if (family && family.type !== 'untyped') fail('second TYPE line');
    if (family?.samples.length) fail('TYPE after samples');
    family = { name, type: rest, help: family?.help ?? '', samples: [] };
    families.set(name, family);
    return family;
  }
  if (family?.help) fail('second HELP line');
  if (!family) {
    family = { name, type: 'untyped', help: rest, samples: [] };
    families.set(name, family);
  } else family.help = rest;
  return family;
}

function parseSample(line: string, fail: (why: string) => never): PromSample {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)( -?\d+)?$/.exec(line);
  if (!match) fail('not a sample line');
  const [, name, labelText, valueText] = match as unknown as [string, string, string | undefined, string];
  return {
    name,
    labels: labelText ? parseLabels(labelText.slice(1, -1), fail) : {},
    value: parseValue(valueText, fail),
  };
}

function parseLabels(text: string, fail: (why: string) => never): Record<string, string> {
  const labels: Record<string, string> = {};
  let at = 0;
  while (at < text.length) {
    const eq = text.indexOf('=', at);
    if (eq < 0) fail('label without value');
    const name = text.slice(at, eq);
    if (!LABEL_NAME.test(name)) fail(`bad label name ${name}`);
    if (name in labels) fail(`label ${name} twice`);
    if (text[eq + 1] !== '"') fail('label value not quoted');
    let value = '';
    let i = eq + 2;
    for (; i < text.length && text[i] !== '"'; i++) {
      if (text[i] !== '\\') {
        value += text[i];
        continue;
      }
      const next = text[++i];
      if (next === 'n') value += '\n';
      else if (next === '\\' || next === '"') value += next;
      else fail('bad escape in label value');
    }
    if (i >= text.length) fail('unterminated label value');
    labels[name] = value;
    at = i + 1;
    if (at < text.length) {
      if (text[at] !== ',') fail('labels not separated by commas');
      at++;
    }
  }
  return labels;
}

/** As Prometheus reads values (Go's ParseFloat): special values in any letter case. */
function parseValue(text: string, fail: (why: string) => never): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  if (lower === 'nan') return Number.NaN;
  const value = Number(text);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text) || !Number.isFinite(value)) fail('bad value');
  return value;
}

function belongsTo(sample: string, family: PromFamily): boolean {
  const suffixes = SUFFIXES[family.type] ?? [''];
  return suffixes.some((suffix) => sample === `${family.name}${suffix}`);
}

/** Buckets cumulative and non-decreasing in `le`, +Inf present and equal to _count, per label set. */
function checkHistogram(family: PromFamily): void {
  const groups = new Map<string, PromSample[]>();
  for (const sample of family.samples) {
    const { le: _le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  for (const [key, samples] of groups) {
    const buckets = samples
      .filter((s) => s.name.endsWith('_bucket'))
      .map((s) => ({
        le: s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le),
        value: s.value,
      }))
      .sort((a, b) => a.le - b.le);
    const count = samples.find((s) => s.name.endsWith('_count'))?.value;
    if (buckets.some((b) => Number.isNaN(b.le)))
      throw new Error(`${family.name} ${key}: bucket without a numeric le`);
    if (buckets.some((b, i) => i > 0 && b.value < (buckets[i - 1] as { value: number }).value))
      throw new Error(`${family.name} ${key}: buckets decrease`);
    if (buckets.at(-1)?.le !== Number.POSITIVE_INFINITY || buckets.at(-1)?.value !== count)
      throw new Error(`${family.name} ${key}: +Inf bucket missing or not equal to _count`);
    if (!samples.some((s) => s.name.endsWith('_sum'))) throw new Error(`${family.name} ${key}: no _sum`);
  }
}
