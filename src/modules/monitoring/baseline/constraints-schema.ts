// constraints.json: the schema a user-edited file is checked against, and its TypeScript type.
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { monitoringError } from '../errors.js';
import { INPUT_FEATURES } from '../images/image-features.js';

const Share = Type.Number({ minimum: 0, maximum: 1 });
const Limits = Type.Object(
  {
    maxPsi: Type.Number({ minimum: 0, description: 'population stability index above which it drifted' }),
    maxJsDistance: Type.Number({ minimum: 0, maximum: 1, description: 'Jensen-Shannon distance (bits)' }),
  },
  { additionalProperties: false },
);
const Range = Type.Object({ min: Type.Number(), max: Type.Number() }, { additionalProperties: false });

export const ConstraintsSchema = Type.Object(
  {
    version: Type.Literal(1),
    endpoint: Type.String(),
    createdAt: Type.String(),
    threshold: Share,
    minRecords: Type.Integer({ minimum: 1, description: 'drift checks need this many records in a window' }),
    significance: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'p-value a change must beat' }),
    prediction: Type.Object(
      {
        lowConfidenceRate: Type.Object({ max: Share }, { additionalProperties: false }),
        confidenceDrift: Limits,
        classDrift: Limits,
        knownClasses: Type.Array(Type.String()),
      },
      { additionalProperties: false },
    ),
    input: Type.Object(
      {
        contentTypes: Type.Array(Type.String()),
        width: Range,
        height: Range,
        maxInvalidRate: Share,
        features: Type.Partial(
          Type.Object(
            Object.fromEntries(INPUT_FEATURES.map((name) => [name, featureLimit()])) as Record<
              (typeof INPUT_FEATURES)[number],
              ReturnType<typeof featureLimit>
            >,
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    embedding: Type.Union([
      Type.Object({ source: Type.String(), maxMmd2: Type.Number() }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);

function featureLimit() {
  return Type.Object({ maxKsDistance: Share }, { additionalProperties: false });
}

export type ConstraintsDocument = Static<typeof ConstraintsSchema>;

/** The document, checked; MONITORING_INVALID_CONSTRAINTS names each problem by its JSON path. */
export function checkConstraints(value: unknown, where: string): ConstraintsDocument {
  if (Value.Check(ConstraintsSchema, value)) return value;
  const problems = [...Value.Errors(ConstraintsSchema, value)]
    .slice(0, 10)
    .map((e) => `${e.instancePath || '/'}: ${e.message}`);
  throw monitoringError('INVALID_CONSTRAINTS', `${where} is not valid constraints: ${problems.join('; ')}`, {
    problems,
  });
}
