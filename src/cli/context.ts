// What every command needs, created on first use: resolved settings, the logger, the app's services.

import { loadConfig, type ResolvedConfig } from '../app/config.js';
import type { App } from '../app/container.js';
import type { ProgressReporter } from '../kernel/progress.js';
import type { CliIo } from './io.js';
import { createProgressReporter } from './progress.js';

export class CliContext {
  #config: ResolvedConfig | undefined;
  #app: Promise<App> | undefined;

  constructor(readonly io: CliIo) {}

  config(overrides: Readonly<Record<string, unknown>> = {}): ResolvedConfig {
    if (!this.#config || Object.keys(overrides).length > 0) {
      this.#config = loadConfig({ env: this.io.env, cwd: this.io.cwd, overrides });
    }
    return this.#config;
  }

  app(overrides: Readonly<Record<string, unknown>> = {}): Promise<App> {
    // Imported on first use: the container pulls in every module and its libraries, which `--help`, `config`
    // and a refused flag never need.
    this.#app ??= import('../app/container.js').then(({ createApp }) =>
      createApp(this.config(overrides), { logStream: this.io.stderr, cwd: this.io.cwd }),
    );
    return this.#app;
  }

  /** A bar with ETA on a terminal, plain lines otherwise; silent when the command prints JSON. */
  progress(options: { json?: boolean | undefined } = {}): ProgressReporter {
    return createProgressReporter(this.io.stderr, { quiet: options.json === true });
  }

  print(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  printJson(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** The value as JSON when the command was asked for JSON (`--json`), else the text made of it for people. */
  printAs(json: boolean | undefined, value: unknown, text: () => string): void {
    if (json) this.printJson(value);
    else this.print(text());
  }

  async close(): Promise<void> {
    const app = await this.#app?.catch(() => undefined);
    await app?.close();
  }
}
