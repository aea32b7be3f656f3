import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { app: 'pdm-monitor' }, timestamp: pino.stdTimeFunctions.isoTime });
}
