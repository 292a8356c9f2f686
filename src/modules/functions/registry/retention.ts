// Retention: log lines and settled asynchronous records older than the cut-off are deleted, CloudWatch-style.
import type { Logger } from '../../../kernel/logger.js';

export interface Prunable {
  /** Deletes what is older than `before` (epoch ms); returns how many rows. */
  prune(before: number): Promise<number>;
}

/** Never throws: a failed prune is logged and tried again at the next round. */
export async function pruneBefore(
  before: number,
  stores: readonly Prunable[],
  logger: Logger,
): Promise<void> {
  try {
    let rows = 0;
    for (const store of stores) rows += await store.prune(before);
    if (rows > 0)
      logger.info({ rows, before: new Date(before).toISOString() }, 'pruned old function logs and events');
  } catch (error) {
    logger.error({ err: error }, 'pruning old function logs and events failed');
  }
}
