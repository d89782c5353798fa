import pino, { Logger, LoggerOptions } from 'pino';
import type { AppConfig } from './config';

/** pino's options for this configuration: JSON lines, or readable lines through pino-pretty. */
export function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
  };
}

export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, name: string): Logger {
  return pino({ ...loggerOptions(config), name });
}
