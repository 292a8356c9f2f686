// Schemas of the documents monitoring writes (statistics.json and report.json), as the report and baseline routes
// answer with them and the dashboard reads them from the store. Imports only typebox. A route returning the
// module's document through these schemas is type-checked against them, so a field the module adds or renames
// fails the build here instead of being dropped from the answer.
import { type TArray, type TSchema, Type } from 'typebox';

/** An array the module holds as `readonly T[]`: the static type says so too, so the module's documents fit. */
const List = <Item extends TSchema>(item: Item, options?: Parameters<typeof Type.Array>[1]) =>
  Type.Immutable(Type.Array(item, options) as TArray<Item>);

const Window = Type.Object({ from: Type.String(), to: Type.String() });
const Shares = Type.Record(Type.String(), Type.Object({ count: Type.Integer(), share: Type.Number() }));

export const Histogram = Type.Object({
  edges: List(Type.Number(), { description: 'edges.length - 1 bins; the last one closed' }),
  counts: List(Type.Integer()),
});

export const NumericSummary = Type.Object({
  count: Type.Integer(),
  mean: Type.Number(),
  std: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  quantiles: Type.Record(Type.String(), Type.Number(), { description: 'p01 ... p99' }),
});

export const RecordCounts = Type.Object({
  records: Type.Integer(),
  predictions: Type.Integer(),
  images: Type.Integer(),
  invalid: Type.Record(Type.String(), Type.Integer()),
});

export const MonitoringStatistics = Type.Object({
  version: Type.Literal(1),
  kind: Type.Union([Type.Literal('baseline'), Type.Literal('report')]),
  endpoint: Type.String(),
  createdAt: Type.String(),
  window: Type.Optional(Window),
  dataset: Type.Optional(Type.String()),
  threshold: Type.Number(),
  classes: List(Type.String()),
  counts: RecordCounts,
  prediction: Type.Object({
    confidence: Type.Union([
      Type.Object({ ...NumericSummary.properties, histogram: Histogram }),
      Type.Null(),
    ]),
    lowConfidence: Type.Object({ count: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]) }),
    classDistribution: Shares,
  }),
  input: Type.Object({
    pixelSample: Type.Integer(),
    contentTypes: Type.Record(Type.String(), Type.Integer()),
    width: Type.Union([NumericSummary, Type.Null()]),
    height: Type.Union([NumericSummary, Type.Null()]),
    features: Type.Record(Type.String(), Type.Union([NumericSummary, Type.Null()])),
  }),
  embedding: Type.Union([
    Type.Object({
      source: Type.String(),
      dimension: Type.Integer(),
      sampleSize: Type.Integer(),
      mean: List(Type.Number()),
      std: List(Type.Number()),
    }),
    Type.Null(),
  ]),
});

export const Distribution = Type.Object({
  psi: Type.Number(),
  jsDistance: Type.Number(),
  chiSquare: Type.Number(),
  pValue: Type.Number(),
  bins: Type.Integer(),
});

export const Violation = Type.Object({
  feature_name: Type.String(),
  constraint_check_type: Type.String(),
  description: Type.String(),
  metric: Type.String(),
  observed: Type.Union([Type.Number(), Type.String()]),
  limit: Type.Union([Type.Number(), Type.String()]),
  p_value: Type.Optional(Type.Number()),
});

export const MonitoringReport = Type.Object({
  version: Type.Literal(1),
  endpoint: Type.String(),
  window: Window,
  createdAt: Type.String(),
  capture: Type.String(),
  baseline: Type.String({ description: "the baseline's statistics.json" }),
  counts: RecordCounts,
  lowConfidenceRate: Type.Union([Type.Number(), Type.Null()]),
  meanConfidence: Type.Union([Type.Number(), Type.Null()]),
  classDistribution: Shares,
  drift: Type.Object({
    confidence: Type.Union([Distribution, Type.Null()]),
    classes: Type.Union([Distribution, Type.Null()]),
    inputFeatures: Type.Record(
      Type.String(),
      Type.Object({ ksDistance: Type.Number(), pValue: Type.Number() }),
    ),
    embedding: Type.Union([
      Type.Object({
        source: Type.String(),
        mmd2: Type.Number(),
        pValue: Type.Number(),
        bandwidth: Type.Number(),
        permutations: Type.Integer(),
        baselineSample: Type.Integer(),
        windowSample: Type.Integer(),
      }),
      Type.Null(),
    ]),
    tests: Type.Integer(),
    level: Type.Number(),
    skipped: List(Type.String()),
  }),
  violations: List(Violation),
  files: Type.Object({ statistics: Type.String(), violations: Type.String(), report: Type.String() }),
});
