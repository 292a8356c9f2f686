// GET /metrics: every series this process recorded, as Prometheus families (prom-client formats and escapes),
// alarm states, and the process's default metrics.
import { collectDefaultMetrics, type Metric, Registry } from 'prom-client';
import type { AlarmStateValue } from '../schema.js';
import { formatDimensions } from './dimension-text.js';
import type { SeriesAccumulator } from './minute-aggregator.js';
import {
  CUSTOM_FAMILY,
  type FamilySpec,
  familyOf,
  knownFamilies,
  LABEL_OF_DIMENSION,
} from './prometheus-families.js';

export interface PrometheusSources {
  accumulators(): readonly SeriesAccumulator[];
  alarmStates(): Promise<ReadonlyArray<{ readonly name: string; readonly state: AlarmStateValue }>>;
}

interface Sample {
  readonly metricName: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

const ALARM_STATES: readonly AlarmStateValue[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** A family whose samples are computed at scrape time: the shape prom-client's Registry formats. */
class ComputedFamily {
  readonly aggregator = 'sum';
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: FamilySpec['type'],
    private readonly samples: () => Promise<Sample[]>,
  ) {}
  collect(): void {}
  reset(): void {}
  async get() {
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: await this.samples(),
    };
  }
}

export function createPrometheusRegistry(sources: PrometheusSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const families = new Map<string, FamilySpec>();
  for (const spec of [...knownFamilies(), CUSTOM_FAMILY]) families.set(spec.family, spec);
  for (const spec of families.values())
    register(
      registry,
      new ComputedFamily(spec.family, spec.help, spec.type, async () =>
        samplesOf(spec, sources.accumulators()),
      ),
    );
  register(
    registry,
    new ComputedFamily(
      'scones_alarm_state',
      'Alarm state: 1 for the state the alarm is in.',
      'gauge',
      async () =>
        (await sources.alarmStates()).flatMap(({ name, state }) =>
          ALARM_STATES.map((s) => ({
            metricName: 'scones_alarm_state',
            labels: { alarm: name, state: s },
            value: s === state ? 1 : 0,
          })),
        ),
    ),
  );
  return registry;
}

function register(registry: Registry, family: ComputedFamily): void {
  // prom-client formats any object with name, help, type and get(); its types only name its own classes.
  registry.registerMetric(family as unknown as Metric);
}

function samplesOf(spec: FamilySpec, accumulators: readonly SeriesAccumulator[]): Sample[] {
  const samples: Sample[] = [];
  for (const accumulator of accumulators) {
    const { namespace, name, dimensions } = accumulator.identity;
    const known = familyOf(namespace, name);
    if ((known?.family ?? CUSTOM_FAMILY.family) !== spec.family) continue;
    const labels = known
      ? { ...labelsOf(dimensions), ...known.fixedLabels }
      : { namespace, metric: name, dimensions: formatDimensions(sortedDimensions(dimensions)) };
    samples.push(...seriesSamples(known ?? CUSTOM_FAMILY, accumulator, labels));
  }
  return samples;
}

function seriesSamples(
  spec: FamilySpec,
  accumulator: SeriesAccumulator,
  labels: Record<string, string>,
): Sample[] {
  const stats = accumulator.cumulative();
  const scale = spec.scale ?? 1;
  if (spec.type === 'counter') return [{ metricName: spec.family, labels, value: stats.sum }];
  if (spec.type === 'gauge') return [{ metricName: spec.family, labels, value: stats.last }];
  return [
    ...(spec.buckets ?? []).map((le) => ({
      metricName: `${spec.family}_bucket`,
      labels: { ...labels, le: String(le) },
      value: stats.sketch.countAtMost(le / scale),
    })),
    { metricName: `${spec.family}_bucket`, labels: { ...labels, le: '+Inf' }, value: stats.count },
    { metricName: `${spec.family}_sum`, labels, value: stats.sum * scale },
    { metricName: `${spec.family}_count`, labels, value: stats.count },
  ];
}

function labelsOf(dimensions: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dimensions).map(([k, v]) => [LABEL_OF_DIMENSION[k] ?? labelName(k), v]),
  );
}

/** A valid Prometheus label name from any dimension name. */
function labelName(dimension: string): string {
  const name = dimension.replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase();
  return /^[a-z_]/.test(name) && !name.startsWith('__') ? name : `d_${name}`;
}

function sortedDimensions(dimensions: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
