// aws-local-stepfunctions (the peer) on the same definitions: its Task override receives the effective Parameters,
// so a `lambda:invoke` handler gets `Payload` and answers `{Payload, StatusCode}` as Lambda's integration does.

// aws-local-stepfunctions 3 needs Node 22's Promise.withResolvers.
const promiseStatics = Promise as unknown as { withResolvers?: () => unknown };
promiseStatics.withResolvers ??= () => {
  let resolve: unknown;
  let reject: unknown;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};

const { StateMachine } = await import('aws-local-stepfunctions');

export type Handler = (event: unknown) => unknown;

/** A runner of one definition: resolves with the execution's output. */
export function alsfMachine(
  definition: object,
  handlers: Readonly<Record<string, Handler>>,
): (input: object) => Promise<void> {
  const machine = new StateMachine(definition as never);
  const overrides = Object.fromEntries(
    Object.entries(handlers).map(([state, handler]) => [
      state,
      async (parameters: { Payload: unknown }) => ({ Payload: handler(parameters.Payload), StatusCode: 200 }),
    ]),
  );
  return async (input) => {
    await machine.run(input as never, { overrides: { taskResourceLocalHandlers: overrides as never } })
      .result;
  };
}
