// Response schemas of the endpoint captures route. Imports only typebox: the dashboard (web/) derives its types
// for this answer from these schemas, so the server and the dashboard cannot disagree on its shape.
import { Type } from 'typebox';

export const Inference = Type.Object({
  time: Type.String({ format: 'date-time' }),
  eventId: Type.String(),
  inferenceId: Type.Union([Type.String(), Type.Null()]),
  variant: Type.String(),
  probabilities: Type.Union([Type.Array(Type.Number()), Type.Null()]),
  predictedIndex: Type.Union([Type.Integer(), Type.Null()]),
  predictedClass: Type.Union([Type.String(), Type.Null()]),
  confidence: Type.Union([Type.Number(), Type.Null()]),
  contentType: Type.Union([Type.String(), Type.Null()]),
  image: Type.Optional(
    Type.String({ description: 'base64 of the captured image (the newest `images` only)' }),
  ),
});

export const Captures = Type.Object({
  endpoint: Type.String(),
  destination: Type.String(),
  captureEnabled: Type.Boolean(),
  classes: Type.Array(Type.String()),
  inferences: Type.Array(Inference),
});
