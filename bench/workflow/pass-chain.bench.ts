// Benchmark: state transitions per second through a 1,000-state Pass chain, with the express runner (in-process
// task handlers) and with the pure step function alone. Each iteration is one execution of 1,000 transitions,
// so hz x 1,000 = transitions per second. Run on purpose: `npx vitest bench --run bench/workflow`.
import { bench, describe } from 'vitest';
import {
  type ExecutionInfo,
  ExpressRunner,
  newExecutionState,
  step,
} from '../../src/modules/workflows/index.js';
import { chain, STATES } from './machines.js';

const definition = chain();
const runner = new ExpressRunner({
  dispatcher: { invokeFunction: async (r) => ({ ok: true, payload: r.payload }) },
  timeScale: 0,
  entropy: () => 'bench',
});
const info: ExecutionInfo = {
  executionArn: 'arn:aws:states:us-east-1:123456789012:express:Bench:run:1',
  name: 'run',
  startTime: '2024-01-01T00:00:00.000Z',
  roleArn: 'arn:aws:iam::123456789012:role/bench',
  input: {},
  redriveCount: 0,
  stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Bench',
  stateMachineName: 'Bench',
};
let n = 0;

describe(`${STATES}-state Pass chain (hz x ${STATES} = state transitions/s)`, () => {
  bench(
    'express runner',
    async () => {
      const result = await runner.run({ definition, input: { n: n++ } });
      if (result.status !== 'SUCCEEDED') throw new Error(`run ${result.status}`);
    },
    { time: 5000, warmupTime: 1000 },
  );

  bench(
    'express runner, no history',
    async () => {
      const result = await runner.run({ definition, input: { n: n++ }, history: 'none' });
      if (result.status !== 'SUCCEEDED') throw new Error(`run ${result.status}`);
    },
    { time: 5000, warmupTime: 1000 },
  );

  bench(
    'pure step',
    async () => {
      const state = newExecutionState(info);
      await step(definition, state, {
        type: 'start',
        input: { n: n++ },
        at: 0,
        historyId: 1,
        entropy: 'bench',
      });
      if (state.status !== 'SUCCEEDED') throw new Error(`run ${state.status}`);
    },
    { time: 5000, warmupTime: 1000 },
  );
});
