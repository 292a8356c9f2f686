// A TaskDispatcher whose functions are the stubs of a test case (other integrations are not available).
import type { Json } from '../asl/json.js';
import type { InvokeFunctionRequest, InvokeFunctionResult, TaskDispatcher } from '../engine/ports.js';
import type { FunctionStub } from './case-file.js';

/** `arn:aws:lambda:...:function:NAME[:qualifier]`, `123456789012:function:NAME` or `NAME` -> NAME. */
export function bareFunctionName(name: string): string {
  const match = /(?:^|:function:)([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/.exec(name);
  return match?.[1] ?? name;
}

export function stubDispatcher(stubs: Readonly<Record<string, FunctionStub>>): TaskDispatcher {
  return {
    async invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResult> {
      const name = bareFunctionName(request.functionName);
      const stub = stubs[name];
      if (stub === undefined) {
        return {
          ok: false,
          error: {
            errorType: 'Lambda.ResourceNotFoundException',
            errorMessage: `Function not found: ${request.functionName}`,
          },
        };
      }
      if ('throws' in stub) return { ok: false, error: { ...stub.throws } as Record<string, Json> };
      return { ok: true, payload: stub.returns === 'input' ? request.payload : stub.returns.value };
    },
  };
}
