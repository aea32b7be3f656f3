import type { ScheduledTask, TaskContext, TaskOptions } from 'node-cron';

/** A stand-in for node-cron that records what would be scheduled; `fn` fires a task by hand. */
export function recordingCron() {
  const calls: Array<{ expression: string; options?: TaskOptions; fn: (ctx: TaskContext) => unknown; destroyed: boolean }> = [];
  return {
    calls,
    schedule(expression: string, fn: (ctx: TaskContext) => unknown, options?: TaskOptions): ScheduledTask {
      const entry = { expression, options, fn, destroyed: false };
      calls.push(entry);
      return { destroy: () => void (entry.destroyed = true) } as unknown as ScheduledTask;
    },
  };
}
