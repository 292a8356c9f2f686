// A runaway expression in one STANDARD execution stalls no other STANDARD execution (issue #12, item 3): while
// a StartExecution whose first state spins in JSONata waits for the pool's timeout, another STANDARD execution
// starts and runs to SUCCEEDED. An ordering proof (it ends before the runaway's StartExecution answers), not a
// clock: the default 10 s timeout is a generous window on a loaded machine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE, SPINNING } from './cases/expression-runaway.js';
import { type HostileServer, startHostileServer } from './support/hostile-server.js';
import { sfn } from './support/sfn-request.js';

const body = (reply: { text: string }) => JSON.parse(reply.text) as Record<string, string>;

async function createMachine(server: HostileServer, name: string, definition: string): Promise<string> {
  const created = await sfn('CreateStateMachine', { name, roleArn: ROLE, definition })(server);
  expect(created.status, created.text).toBe(200);
  return body(created).stateMachineArn as string;
}

describe('hostile: a runaway expression in a STANDARD execution', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer({ 'workflows.expressionWorkers': 2 });
  });
  afterAll(async () => server?.close());

  it('lets other STANDARD executions run to the end meanwhile', { timeout: 120_000 }, async () => {
    const runaway = await createMachine(server, 'runaway-standard', SPINNING['a Pass Output'] as string);
    const quick = await createMachine(
      server,
      'quick-standard',
      JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'a',
        States: { a: { Type: 'Pass', Output: '{% $sum([1..100]) %}', Next: 'b' }, b: { Type: 'Succeed' } },
      }),
    );
    let answered = false;
    const spinning = sfn('StartExecution', { stateMachineArn: runaway, input: '{}' })(server).then(
      (reply) => {
        answered = true;
        return reply;
      },
    );
    // Proof the runaway is running: a worker is busy with it and its StartExecution has not answered.
    const pool = server.app.expressions;
    while (pool.stats().busy < 1 && !answered) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(answered, 'the runaway answered before its worker was busy').toBe(false);

    const started = await sfn('StartExecution', { stateMachineArn: quick, input: '{}' })(server);
    expect(started.status, started.text).toBe(200);
    const { executionArn } = body(started);
    let described = body(await sfn('DescribeExecution', { executionArn })(server));
    while (described.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      described = body(await sfn('DescribeExecution', { executionArn })(server));
    }
    expect(answered, 'the quick execution ended while the runaway was still running').toBe(false);
    expect(described).toMatchObject({ status: 'SUCCEEDED', output: '5050' });

    const spun = await spinning;
    expect(spun.status, spun.text).toBe(200);
    let end = body(await sfn('DescribeExecution', { executionArn: body(spun).executionArn })(server));
    while (end.status === 'RUNNING') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      end = body(await sfn('DescribeExecution', { executionArn: body(spun).executionArn })(server));
    }
    expect(end).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  });
});
