// An in-process Scones app on a temporary home, and a server on a free port, for integration tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/app/config.js';
import { type App, createApp } from '../../src/app/container.js';
import { type RunningServer, startServer } from '../../src/app/server.js';

export interface TestServer {
  readonly app: App;
  readonly server: RunningServer;
  readonly home: string;
  close(): Promise<void>;
}

/** `settings` are dotted config paths, e.g. `{ 'inference.maxQueue': 8 }`. */
export async function startTestServer(settings: Readonly<Record<string, unknown>> = {}): Promise<TestServer> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'scones-inference-'));
  const config = loadConfig({
    env: { SCONES_HOME: home, SCONES_LOG_LEVEL: 'error' },
    cwd: home,
    overrides: { 'server.port': 0, ...settings },
  });
  const app = await createApp(config, { cwd: home });
  const server = await startServer(app, config.server);
  return {
    app,
    server,
    home,
    close: async () => {
      await server.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
