import { createRequire } from 'node:module';
import pino from 'pino';
import type { Logger, LoggerOptions } from 'pino';

export interface LoggerSettings {
  readonly level: string;
  readonly base?: Readonly<Record<string, unknown>>;
  /** Short human-readable lines instead of JSON. Default: when stdout is a terminal. */
  readonly pretty?: boolean;
  /** Where pretty lines go: a file descriptor or a path. Default: stdout. */
  readonly destination?: number | string;
  /** More pino options (the tracing mixin that adds trace ids to every line). */
  readonly options?: Pick<LoggerOptions, 'mixin'>;
}

// One short line per entry: time, level, request line or status, message. Request
// details and ids stay in the JSON logs that production collects.
export const PRETTY_OPTIONS = {
  colorize: true,
  translateTime: 'SYS:HH:MM:ss',
  singleLine: true,
  ignore: 'pid,hostname,service,requestId,req,res,responseTime',
  messageFormat: '{if req.method}{req.method} {req.url} {end}{if res.statusCode}{res.statusCode} {end}{msg}',
} as const;

/**
 * The process's logger: JSON lines (DESIGN.md section 9), or pino-pretty's
 * lines on a terminal. pino runs a transport in a worker thread; it is named by
 * absolute path so the worker finds it whatever module made the logger.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = { level: settings.level, ...(settings.base && { base: { ...settings.base } }), ...settings.options };
  if (!(settings.pretty ?? process.stdout.isTTY === true)) return pino(options);
  const target = createRequire(import.meta.url).resolve('pino-pretty');
  const colorize = PRETTY_OPTIONS.colorize && settings.destination === undefined;
  return pino({ ...options, transport: { target, options: { ...PRETTY_OPTIONS, colorize, destination: settings.destination ?? 1 } } });
}
