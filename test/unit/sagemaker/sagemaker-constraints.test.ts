// Scones's baseline as Model Monitor's constraints.json: one constraint per statistics.json feature, the domains of
// string features from Scones's constraints, and the documented monitoring_config keys.
import { expect, it } from 'vitest';
import { deriveConstraints } from '../../../src/modules/monitoring/baseline/derive-constraints.js';
import { INPUT_FEATURES } from '../../../src/modules/monitoring/images/image-features.js';
import type { StatisticsDocument } from '../../../src/modules/monitoring/index.js';
import { sagemakerConstraints } from '../../../src/modules/sagemaker-control/monitoring/sagemaker-constraints.js';
import { sagemakerStatistics } from '../../../src/modules/sagemaker-control/monitoring/sagemaker-documents.js';

const summary = (count: number, min: number, max: number) => ({
  count,
  mean: (min + max) / 2,
  std: 1,
  min,
  max,
  quantiles: {},
});

function baseline(): StatisticsDocument {
  return {
    version: 1,
    kind: 'baseline',
    endpoint: 'bikes',
    createdAt: '2026-12-08T03:00:00.000Z',
    dataset: 's3://validation/val/',
    threshold: 0.93,
    classes: ['bicycle', 'motorcycle'],
    counts: { records: 10, predictions: 8, images: 10, invalid: {} },
    prediction: {
      confidence: { ...summary(8, 0.5, 1), histogram: { edges: [0.5, 0.75, 1], counts: [3, 5] } },
      lowConfidence: { count: 3, rate: 0.375 },
      classDistribution: { bicycle: { count: 5, share: 0.625 }, motorcycle: { count: 3, share: 0.375 } },
    },
    input: {
      pixelSample: 10,
      contentTypes: { 'image/png': 10 },
      width: summary(10, 32, 32),
      height: summary(10, 32, 32),
      features: Object.fromEntries(
        INPUT_FEATURES.map((name) => [name, summary(10, name === 'mean_r' ? -1 : 0, 1)]),
      ) as StatisticsDocument['input']['features'],
    },
    embedding: null,
  };
}

it('gives one constraint per statistics feature, with its completeness and sign', () => {
  const statistics = baseline();
  const document = sagemakerConstraints(statistics, deriveConstraints(statistics, undefined, 'now'));
  expect(document.version).toBe(0);
  expect(document.features.map((f) => f.name)).toEqual(
    sagemakerStatistics(statistics).features.map((f) => f.name),
  );
  const byName = Object.fromEntries(document.features.map((f) => [f.name, f]));
  expect(byName.confidence).toEqual({
    name: 'confidence',
    inferred_type: 'Fractional',
    completeness: 0.8,
    num_constraints: { is_non_negative: true },
  });
  expect(byName.width).toEqual({
    name: 'width',
    inferred_type: 'Integral',
    completeness: 1,
    num_constraints: { is_non_negative: true },
  });
  expect(byName.mean_r).toMatchObject({ num_constraints: { is_non_negative: false } });
  expect(byName.predicted_class).toEqual({
    name: 'predicted_class',
    inferred_type: 'String',
    completeness: 0.8,
    string_constraints: { domains: ['bicycle', 'motorcycle'] },
  });
  expect(byName.content_type).toMatchObject({ string_constraints: { domains: ['image/png'] } });
});

it("carries Scones's edited limits into Model Monitor's monitoring_config", () => {
  const statistics = baseline();
  const derived = deriveConstraints(statistics, undefined, 'now');
  const edited = {
    ...derived,
    prediction: { ...derived.prediction, knownClasses: ['bicycle', 'motorcycle', 'tram'] },
    input: {
      ...derived.input,
      features: { mean_r: { maxKsDistance: 0.25 }, mean_g: { maxKsDistance: 0.05 } },
    },
  };
  const document = sagemakerConstraints(statistics, edited);
  expect(document.features.find((f) => f.name === 'predicted_class')).toMatchObject({
    string_constraints: { domains: ['bicycle', 'motorcycle', 'tram'] },
  });
  expect(document.monitoring_config).toEqual({
    evaluate_constraints: 'Enabled',
    emit_metrics: 'Enabled',
    datatype_check_threshold: 0.1,
    domain_content_threshold: 0.1,
    distribution_constraints: {
      perform_comparison: 'Enabled',
      comparison_threshold: 0.25,
      comparison_method: 'Robust',
      categorical_comparison_threshold: 0.1,
      categorical_drift_method: 'LInfinity',
    },
  });
  expect(
    sagemakerConstraints(statistics, { ...derived, input: { ...derived.input, features: {} } })
      .monitoring_config.distribution_constraints.comparison_threshold,
  ).toBe(0.1);
});
