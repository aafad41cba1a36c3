// One pino logger. Personal data never reaches it: request logs carry method,
// route, status and timing only, and redaction is a second line of defence.
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'familyName',
  '*.familyName',
  'givenName',
  '*.givenName',
  'middleName',
  '*.middleName',
  'narrative',
  '*.narrative',
  'contact',
  '*.contact',
  'number',
  '*.number',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination as never);
}
