// `scones serve`: the HTTP server (REST API, OpenAPI, health) until SIGINT/SIGTERM.
import { type Command, Option } from 'commander';
import type { CliContext } from '../context.js';
import { parsePort } from '../options.js';

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the Scones server (REST API under /api/v1, OpenAPI at /api/v1/openapi.json, /healthz)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default 8080; 0 picks a free one)', parsePort)
    .addOption(
      new Option(
        '--auth <mode>',
        'authenticate requests (default: on unless listening on loopback only)',
      ).choices(['on', 'off', 'auto']),
    )
    .action(async (flags: { host?: string; port?: number; auth?: string }) => {
      const app = await context.app({
        'server.host': flags.host,
        'server.port': flags.port,
        'server.auth': flags.auth,
      });
      const { startServer, untilSignal } = await import('../../app/server.js');
      const server = await startServer(app, app.config.server);
      const auth = app.authEnabled ? 'auth on' : 'auth off';
      // Listen for the signal before saying we are ready: whoever waits for that line may signal at once.
      const signalled = untilSignal();
      context.print(`Scones ${server.url} (${auth}; state in ${app.config.paths.home}); Ctrl-C stops`);
      const signal = await signalled;
      app.logger.info({ signal }, 'shutting down');
      await server.close();
    });
}
