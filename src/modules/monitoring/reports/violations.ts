// Checks a window's statistics and drift against constraints.json; each violated constraint becomes one
// entry of constraint_violations.json with the observed value and the limit it broke.
import type { ConstraintsDocument } from '../baseline/constraints-schema.js';
import type { InputFeature } from '../images/image-features.js';
import type { StatisticsDocument, Violation } from '../profile/documents.js';
import type { DistributionDrift, DriftResult } from './drift.js';

export function findViolations(
  statistics: StatisticsDocument,
  drift: DriftResult,
  constraints: ConstraintsDocument,
): Violation[] {
  return [
    ...dataQuality(statistics, constraints),
    ...predictionChecks(statistics, constraints),
    ...distributionChecks(
      'prediction.confidence',
      drift.confidence,
      constraints.prediction.confidenceDrift,
      drift.level,
    ),
    ...distributionChecks('prediction.class', drift.classes, constraints.prediction.classDrift, drift.level),
    ...featureChecks(drift, constraints),
    ...embeddingChecks(drift, constraints),
  ];
}

function dataQuality(s: StatisticsDocument, c: ConstraintsDocument): Violation[] {
  const out: Violation[] = [];
  const invalid = Object.values(s.counts.invalid).reduce((a, b) => a + b, 0);
  const rate = s.counts.records === 0 ? 0 : invalid / s.counts.records;
  if (rate > c.input.maxInvalidRate)
    out.push({
      feature_name: 'input.records',
      constraint_check_type: 'completeness_check',
      description: `${invalid} of ${s.counts.records} records unusable (${Object.keys(s.counts.invalid).join(', ')})`,
      metric: 'invalid_rate',
      observed: rate,
      limit: c.input.maxInvalidRate,
    });
  const unknownTypes = Object.keys(s.input.contentTypes).filter((t) => !c.input.contentTypes.includes(t));
  if (unknownTypes.length > 0)
    out.push({
      feature_name: 'input.content_type',
      constraint_check_type: 'categorical_values_check',
      description: `content types not in the baseline: ${unknownTypes.join(', ')}`,
      metric: 'content_types',
      observed: unknownTypes.join(','),
      limit: c.input.contentTypes.join(','),
    });
  for (const side of ['width', 'height'] as const) {
    const observed = s.input[side];
    const range = c.input[side];
    if (observed && (observed.min < range.min || observed.max > range.max))
      out.push({
        feature_name: `input.${side}`,
        constraint_check_type: 'range_check',
        description: `${side} from ${observed.min} to ${observed.max}, outside ${range.min}..${range.max}`,
        metric: side,
        observed: observed.min < range.min ? observed.min : observed.max,
        limit: observed.min < range.min ? range.min : range.max,
      });
  }
  return out;
}

function predictionChecks(s: StatisticsDocument, c: ConstraintsDocument): Violation[] {
  const out: Violation[] = [];
  const unknown = s.classes.filter(
    (name) =>
      !c.prediction.knownClasses.includes(name) && (s.prediction.classDistribution[name]?.count ?? 0) > 0,
  );
  if (unknown.length > 0)
    out.push({
      feature_name: 'prediction.class',
      constraint_check_type: 'categorical_values_check',
      description: `predicted classes unknown to the baseline: ${unknown.join(', ')}`,
      metric: 'classes',
      observed: unknown.join(','),
      limit: c.prediction.knownClasses.join(','),
    });
  const rate = s.prediction.lowConfidence.rate;
  if (rate !== null && s.counts.predictions >= c.minRecords && rate > c.prediction.lowConfidenceRate.max)
    out.push({
      feature_name: 'prediction.low_confidence_rate',
      constraint_check_type: 'threshold_check',
      description: `${(rate * 100).toFixed(1)}% of predictions under ${c.threshold} confidence, more than ${(c.prediction.lowConfidenceRate.max * 100).toFixed(1)}%`,
      metric: 'low_confidence_rate',
      observed: rate,
      limit: c.prediction.lowConfidenceRate.max,
    });
  return out;
}

function distributionChecks(
  feature: string,
  drift: DistributionDrift | null,
  limits: { maxPsi: number; maxJsDistance: number },
  level: number,
): Violation[] {
  if (!drift || drift.pValue >= level) return [];
  const out: Violation[] = [];
  const entry = (metric: string, observed: number, limit: number): Violation => ({
    feature_name: feature,
    constraint_check_type: 'baseline_drift_check',
    description: `${feature} drifted from the baseline: ${metric} ${observed.toFixed(4)} over ${limit} (chi-square p = ${drift.pValue.toExponential(2)})`,
    metric,
    observed,
    limit,
    p_value: drift.pValue,
  });
  if (drift.psi > limits.maxPsi) out.push(entry('psi', drift.psi, limits.maxPsi));
  if (drift.jsDistance > limits.maxJsDistance)
    out.push(entry('js_distance', drift.jsDistance, limits.maxJsDistance));
  return out;
}

function featureChecks(drift: DriftResult, c: ConstraintsDocument): Violation[] {
  const out: Violation[] = [];
  for (const [name, limit] of Object.entries(c.input.features)) {
    const result = drift.inputFeatures[name as InputFeature];
    if (!result || !limit || result.ksDistance <= limit.maxKsDistance || result.pValue >= drift.level)
      continue;
    out.push({
      feature_name: `input.${name}`,
      constraint_check_type: 'baseline_drift_check',
      description: `input.${name} drifted from the baseline: Kolmogorov-Smirnov distance ${result.ksDistance.toFixed(4)} over ${limit.maxKsDistance} (p = ${result.pValue.toExponential(2)})`,
      metric: 'ks_distance',
      observed: result.ksDistance,
      limit: limit.maxKsDistance,
      p_value: result.pValue,
    });
  }
  return out;
}

function embeddingChecks(drift: DriftResult, c: ConstraintsDocument): Violation[] {
  const result = drift.embedding;
  if (!result || !c.embedding || result.source !== c.embedding.source) return [];
  if (result.mmd2 <= c.embedding.maxMmd2 || result.pValue >= drift.level) return [];
  return [
    {
      feature_name: 'input.embedding',
      constraint_check_type: 'baseline_drift_check',
      description: `image embeddings (${result.source}) drifted from the baseline: MMD^2 ${result.mmd2.toFixed(4)} over ${c.embedding.maxMmd2} (permutation p = ${result.pValue.toFixed(4)})`,
      metric: 'mmd2',
      observed: result.mmd2,
      limit: c.embedding.maxMmd2,
      p_value: result.pValue,
    },
  ];
}
