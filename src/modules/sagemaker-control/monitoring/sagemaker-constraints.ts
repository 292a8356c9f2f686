// Scones's baseline in Model Monitor's `constraints.json` format (what DefaultModelMonitor's Constraints reads):
// one entry per feature of the baseline's `statistics.json` with its completeness, non-negativity of numbers and
// the known values of strings, and the job-wide `monitoring_config` at Model Monitor's documented defaults.
import type { ConstraintsDocument, StatisticsDocument } from '../../monitoring/index.js';
import { sagemakerStatistics } from './sagemaker-documents.js';

interface Common {
  readonly num_present: number;
  readonly num_missing: number;
}

type SageMakerFeature = ReturnType<typeof sagemakerStatistics>['features'][number];

/** Share of records with the feature present (1 when the baseline had none, as nothing was missing). */
function completeness({ num_present, num_missing }: Common): number {
  const total = num_present + num_missing;
  return total === 0 ? 1 : num_present / total;
}

/** String features whose allowed values Scones's constraints name (the observed ones otherwise). */
function domains(feature: SageMakerFeature, constraints: ConstraintsDocument): string[] {
  if (feature.name === 'predicted_class' && constraints.prediction.knownClasses.length > 0)
    return [...constraints.prediction.knownClasses];
  if (feature.name === 'content_type') return [...constraints.input.contentTypes];
  return 'string_statistics' in feature
    ? feature.string_statistics.distribution.categorical.buckets.map((b) => b.value)
    : [];
}

function featureConstraint(feature: SageMakerFeature, constraints: ConstraintsDocument) {
  const base = { name: feature.name, inferred_type: feature.inferred_type };
  if ('string_statistics' in feature)
    return {
      ...base,
      completeness: completeness(feature.string_statistics.common),
      string_constraints: { domains: domains(feature, constraints) },
    };
  const stats = feature.numerical_statistics;
  return {
    ...base,
    completeness: completeness(stats.common),
    num_constraints: { is_non_negative: ('min' in stats ? stats.min : 0) >= 0 },
  };
}

/**
 * Scones's per-feature KS limit is the distance Model Monitor compares numerical distributions by; its one
 * job-wide threshold is the loosest of them (Model Monitor's default 0.1 when none is set).
 */
function comparisonThreshold(constraints: ConstraintsDocument): number {
  const limits = Object.values(constraints.input.features).flatMap((f) => (f ? [f.maxKsDistance] : []));
  return limits.length > 0 ? Math.max(...limits) : 0.1;
}

/** Model Monitor's `constraints.json` of an endpoint's baseline. */
export function sagemakerConstraints(statistics: StatisticsDocument, constraints: ConstraintsDocument) {
  return {
    version: 0.0,
    features: sagemakerStatistics(statistics).features.map((f) => featureConstraint(f, constraints)),
    monitoring_config: {
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 0.1,
      domain_content_threshold: 0.1,
      distribution_constraints: {
        perform_comparison: 'Enabled',
        comparison_threshold: comparisonThreshold(constraints),
        comparison_method: 'Robust',
        categorical_comparison_threshold: 0.1,
        categorical_drift_method: 'LInfinity',
      },
    },
  };
}
