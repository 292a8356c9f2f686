// Response schemas of the endpoint routes. Imports only typebox: the dashboard (web/) derives its types for these
// answers from these schemas.
import { Type } from 'typebox';

const DateTime = Type.String({ format: 'date-time' });

export const Endpoint = Type.Object({
  name: Type.String(),
  status: Type.Union([
    Type.Literal('Creating'),
    Type.Literal('Updating'),
    Type.Literal('InService'),
    Type.Literal('Failed'),
  ]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  variants: Type.Array(
    Type.Object({ name: Type.String(), modelVersion: Type.Integer(), weight: Type.Number() }),
  ),
  capture: Type.Object({
    enabled: Type.Boolean(),
    samplingPercent: Type.Number(),
    captureInput: Type.Boolean(),
    captureOutput: Type.Boolean(),
    destination: Type.String({ description: 's3://bucket/prefix' }),
  }),
  executionRoleArn: Type.Optional(Type.String()),
  revision: Type.Integer({ description: 'the change counter when this definition was written' }),
  servedRevision: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: DateTime,
  updatedAt: DateTime,
  served: Type.Union(
    [
      Type.Object({
        revision: Type.Integer(),
        variants: Type.Array(
          Type.Object({
            name: Type.String(),
            weight: Type.Number(),
            modelVersion: Type.Integer(),
            backend: Type.String(),
            activeRequests: Type.Integer(),
          }),
        ),
      }),
      Type.Null(),
    ],
    { description: 'what the answering node serves for it now; null when it serves nothing for it' },
  ),
});
export const EndpointList = Type.Object({ endpoints: Type.Array(Endpoint) });

export const InvocationSummary = Type.Object({
  count: Type.Integer(),
  byOutcome: Type.Record(Type.String(), Type.Integer()),
  meanModelLatencyMs: Type.Union([Type.Number(), Type.Null()]),
  meanOverheadLatencyMs: Type.Union([Type.Number(), Type.Null()]),
});
export const EndpointDescription = Type.Object({
  ...Endpoint.properties,
  invocations: InvocationSummary,
});
