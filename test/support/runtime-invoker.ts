// A FunctionInvoker on the real function runtime (guest processes): functions by name from fixture folders.
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isSconesError } from '../../src/kernel/errors.js';
import {
  createFunctionRuntime,
  defineFunctionConfig,
  type FunctionRuntime,
  type FunctionVersion,
} from '../../src/modules/functions/index.js';
import { type FunctionInvoker, workflowError } from '../../src/modules/workflows/index.js';

export const FUNCTION_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/functions');

/** A Node.js function `name` running `handler` of a fixture folder under test/fixtures/functions/node. */
export function nodeFixture(name: string, folder: string, handler: string): FunctionVersion {
  const config = defineFunctionConfig({ name, runtime: 'nodejs', handler });
  const codePath = path.join(FUNCTION_FIXTURES, 'node', folder);
  const revision = createHash('sha256')
    .update(JSON.stringify([codePath, config]))
    .digest('hex');
  return { config, version: '$LATEST', codePath, revision };
}

export async function fixtureRuntime(): Promise<FunctionRuntime> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'scones-wf-fn-'));
  return createFunctionRuntime({ workDir, logSink: { write: () => undefined } });
}

/** Invokes the given versions by bare name (any ARN or qualifier resolves to them); Event invocations are queued. */
export function runtimeInvoker(
  runtime: FunctionRuntime,
  versions: readonly FunctionVersion[],
): FunctionInvoker {
  const byName = new Map(versions.map((v) => [v.config.name, v]));
  return {
    async invoke(invocation) {
      const name = invocation.functionName.replace(/^.*:function:/, '').split(':')[0] as string;
      const fn = byName.get(name);
      if (fn === undefined)
        throw workflowError('FUNCTION_NOT_FOUND', `Function not found: ${invocation.functionName}`);
      const request = {
        fn,
        payload: invocation.payload,
        ...(invocation.qualifier === undefined ? {} : { qualifier: invocation.qualifier }),
      };
      if (invocation.invocationType === 'Event') {
        void runtime.invoke(request).catch(() => undefined);
        return { payload: '', executedVersion: fn.version };
      }
      try {
        const result = await runtime.invoke(request);
        return {
          payload: result.payload,
          executedVersion: result.executedVersion,
          requestId: result.requestId,
          ...(result.functionError === undefined ? {} : { functionError: result.functionError }),
        };
      } catch (error) {
        if (isSconesError(error) && error.code === 'FUNCTIONS_TOO_MANY_REQUESTS') {
          throw workflowError('FUNCTION_THROTTLED', error.message);
        }
        if (isSconesError(error) && error.kind !== 'internal') {
          throw workflowError('FUNCTION_INVALID_REQUEST', error.message);
        }
        throw error;
      }
    },
  };
}
