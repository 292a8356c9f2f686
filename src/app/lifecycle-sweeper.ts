// The server's S3 lifecycle sweep: every `storage.lifecycleSweepMs` it applies the buckets' lifecycle rules,
// aborting incomplete multipart uploads too.
import { systemClock } from '../kernel/clock.js';
import { LifecycleSchedule, LifecycleSweep, MultipartUploads } from '../modules/storage/index.js';
import type { App } from './container.js';

export function startLifecycleSweeper(app: App): LifecycleSchedule {
  const sweep = new LifecycleSweep(app.store, new MultipartUploads(app.store), systemClock);
  const schedule = new LifecycleSchedule(sweep, app.config.storage.lifecycleSweepMs, ({ report, error }) => {
    if (error) app.logger.error({ err: error }, 'lifecycle sweep failed');
    else if (report && Object.values(report).some((count) => count > 0))
      app.logger.info(report, 'lifecycle sweep applied rules');
  });
  schedule.start();
  return schedule;
}
