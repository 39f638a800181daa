import type { DestinationStream } from 'pino';
import { type MessageFormatFunc, prettyFactory } from 'pino-pretty';

/** `[Context] message`, and for the request log its method, URL, status and time in place of the objects. */
const messageFormat: MessageFormatFunc = (log, messageKey, _level, { colors }) => {
  const context = typeof log.context === 'string' ? `${colors.gray(`[${log.context}]`)} ` : '';
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  const request =
    req && res ? ` ${req.method} ${req.url} ${res.statusCode} ${String(log.responseTime)} ms` : '';
  return `${context}${String(log[messageKey])}${request}`;
};

export interface PrettyDestinationOptions {
  /** Default: whether the terminal takes colour (colorette's check, which honours NO_COLOR). */
  colorize?: boolean;
  write?: (text: string) => void;
}

/**
 * Formats each JSON line in the process and writes it at once, rather than pino-pretty's stream:
 * that one hands lines through an asynchronous pipe, so the boot banner (written straight to
 * stdout) could land in the middle of the boot logs, and lines still in the pipe when the process
 * exits on a boot error would be lost. Formatting in the process costs CPU a line, which matters
 * on a busy server, never on the terminal of a person in development, the one place this is used.
 * Redaction has already happened: pino serializes (and redacts) before the destination sees a line.
 */
export function prettyDestination(options: PrettyDestinationOptions = {}): DestinationStream {
  const pretty = prettyFactory({
    ...(options.colorize === undefined ? {} : { colorize: options.colorize }),
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat,
  });
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  return { write: (line: string) => write(pretty(line)) };
}
