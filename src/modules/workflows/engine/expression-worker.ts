// Worker thread of the expression pool: evaluates JSONata jobs one at a time and answers with their outcome.
import { parentPort } from 'node:worker_threads';
import { type JsonataJob, runJsonataJob } from '../asl/jsonata/run.js';

const port = parentPort;
if (port === null) throw new Error('expression-worker runs as a worker thread');
port.on('message', async (job: JsonataJob) => {
  port.postMessage(await runJsonataJob(job));
});
port.postMessage('ready');
