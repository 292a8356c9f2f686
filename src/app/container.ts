// Composition root: the only place that picks adapters and wires module services together.
import type { Logger } from '../kernel/logger.js';
import type { ResolvedConfig } from './config.js';
import { createLogger } from './logger.js';

export interface App {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface AppOptions {
  logStream?: NodeJS.WritableStream;
}

export function createApp(config: ResolvedConfig, options: AppOptions = {}): App {
  const logger = createLogger(config, options.logStream);
  return {
    config,
    logger,
    close: async () => {},
  };
}
