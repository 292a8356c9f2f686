// Worker thread of the expression pool: evaluates JSONata jobs one at a time and answers with their outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { setJsonataTimeout } from '../../asl/jsonata/compile.js';
import { type JsonataJob, runJsonataJob } from '../../asl/jsonata/run.js';

const { timeoutMs } = workerData as { timeoutMs: number };
setJsonataTimeout(timeoutMs * 2);

const port = parentPort;
if (port === null) throw new Error('expression-worker runs as a worker thread');
port.on('message', async (job: JsonataJob) => {
  port.postMessage(await runJsonataJob(job));
});
port.postMessage('ready');
