// Response schemas of the model registry routes. Imports only typebox: the dashboard (web/) derives its types for
// these answers from these schemas. Metrics and the training report are open objects (a registrant may add its own
// numbers, and they are serialised as stored); the properties named here are the ones the trainer writes.
import { Type } from 'typebox';

const Json = Type.Record(Type.String(), Type.Unknown());
const open = { additionalProperties: true } as const;
const Numbers = Type.Record(Type.String(), Type.Number());

export const ClassMetrics = Type.Object({
  class: Type.String(),
  precision: Type.Number(),
  recall: Type.Number(),
  f1: Type.Number(),
  support: Type.Integer(),
});

export const ModelMetrics = Type.Object(
  {
    accuracy: Type.Optional(Type.Number()),
    logLoss: Type.Optional(Type.Number()),
    rocAuc: Type.Optional(Type.Number()),
    perClass: Type.Optional(Type.Array(ClassMetrics)),
    confusionMatrix: Type.Optional(Type.Array(Type.Array(Type.Integer()))),
    expectedCalibrationError: Type.Optional(Type.Number()),
    threshold: Type.Optional(Type.Number()),
    coverage_at_threshold: Type.Optional(Type.Number()),
    selective_accuracy_at_threshold: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  },
  open,
);

export const CurvePoint = Type.Object({
  epoch: Type.Integer(),
  trainLoss: Type.Number(),
  trainAccuracy: Type.Number(),
  validationLoss: Type.Number(),
  validationAccuracy: Type.Number(),
  seconds: Type.Number(),
});

export const TrainingReport = Type.Object(
  {
    metrics: Type.Optional(ModelMetrics),
    curves: Type.Optional(Type.Array(CurvePoint)),
    selectedEpoch: Type.Optional(Type.Integer()),
    epochs: Type.Optional(Type.Integer()),
    calibration: Type.Optional(Numbers),
    validation: Type.Optional(Numbers),
    model: Type.Optional(Numbers),
    timing: Type.Optional(Numbers),
  },
  open,
);

export const Version = Type.Object({
  version: Type.Integer(),
  runId: Type.String(),
  status: Type.String({ description: 'registered, approved or rejected' }),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  arch: Type.String(),
  artifactBucket: Type.String(),
  artifacts: Type.Array(
    Type.Object({ role: Type.String(), key: Type.String(), size: Type.Integer(), etag: Type.String() }),
  ),
  hyperparameters: Json,
  metrics: ModelMetrics,
  lineage: Json,
  preprocessing: Json,
  temperature: Type.Number(),
});

export const ModelList = Type.Object({ models: Type.Array(Version) });

export const ModelDetail = Type.Object({
  ...Version.properties,
  report: Type.Union([TrainingReport, Type.Null()], { description: 'report.json; null when unreadable' }),
});
