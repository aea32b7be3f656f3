import type { AppConfig } from '../../config/env.js';
import type { Database } from '../db/index.js';
import type { Logger } from '../logger.js';

/** Starts the scheduled jobs (report schedules) for this instance. */
export async function startJobs(deps: { config: AppConfig; db: Database; logger: Logger }): Promise<{ stop(): Promise<void> }> {
  deps.logger.info('scheduler: no jobs registered yet');
  return { stop: async () => undefined };
}
