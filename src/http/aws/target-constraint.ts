// Routes AWS JSON-protocol requests by their X-Amz-Target service prefix (`AWSStepFunctions.StartExecution` ->
// `AWSStepFunctions`), so they can share `POST /` with other protocols on the one port.
import type { FastifyInstance } from 'fastify';

export const AMZ_TARGET = 'amzTarget';

/** Adds the `amzTarget` route constraint once per server; routes then use `constraints: { amzTarget: 'X' }`. */
export function ensureTargetConstraint(app: FastifyInstance): void {
  if (app.hasConstraintStrategy(AMZ_TARGET)) return;
  app.addConstraintStrategy({
    name: AMZ_TARGET,
    storage() {
      const handlers = new Map<string, unknown>();
      return {
        get: (prefix: string) => (handlers.get(prefix) ?? null) as never,
        set: (prefix: string, store: unknown) => {
          handlers.set(prefix, store);
        },
      };
    },
    deriveConstraint(request: { headers: Record<string, string | string[] | undefined> }) {
      const target = request.headers['x-amz-target'];
      if (typeof target !== 'string') return undefined as unknown as string;
      const dot = target.indexOf('.');
      return dot < 0 ? target : target.slice(0, dot);
    },
    mustMatchWhenDerived: false,
  });
}
