import type { Logger } from 'pino';
import type { LogFormat } from '../logging/log-format';
import { BOOTSTRAP_ADMIN_USERNAME } from '../users/admin-bootstrap.service';

export interface BootUrls {
  consoleUrl: string;
  docsUrl: string;
  websocketDocsUrl: string;
}

/** The base URL a browser on this machine uses: a wildcard bind is reached through localhost. */
export function publicBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

export function bootUrls(baseUrl: string): BootUrls {
  return {
    consoleUrl: `${baseUrl}/`,
    docsUrl: `${baseUrl}/docs`,
    websocketDocsUrl: `${baseUrl}/docs/websocket`,
  };
}

export function adminPasswordLine(password: string): string {
  return `Admin user '${BOOTSTRAP_ADMIN_USERNAME}', generated password: ${password} (shown once: change it, or set ADMIN_PASSWORD)`;
}

/** The terminal banner: last on screen after the boot logs, so the first thing a newcomer reads. */
export function bootBannerText(urls: BootUrls, adminPassword?: string): string {
  const lines = [
    'Rover Mission Control is ready',
    `Console at ${urls.consoleUrl}`,
    `API docs at ${urls.docsUrl}`,
    `WebSocket docs at ${urls.websocketDocsUrl}`,
    ...(adminPassword === undefined ? [] : [adminPasswordLine(adminPassword)]),
  ];
  return `\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`;
}

export interface BootBannerOptions {
  format: LogFormat;
  logger: Logger;
  urls: BootUrls;
  /** Shown on a terminal only; a JSON log got it from AdminBootstrapService, at warn. */
  adminPassword?: string;
  write?: (text: string) => void;
}

/**
 * Once, after listen. On a terminal it is text straight to stdout, not a log entry, so LOG_LEVEL
 * cannot hide it; in JSON it is one info line whose fields a collector or a script can read.
 */
export function printBootBanner(options: BootBannerOptions): void {
  const { urls } = options;
  if (options.format === 'pretty') {
    const write = options.write ?? ((text: string) => process.stdout.write(text));
    write(bootBannerText(urls, options.adminPassword));
    return;
  }
  options.logger.info(
    { context: 'Bootstrap', ...urls },
    `Console at ${urls.consoleUrl}, API docs at ${urls.docsUrl}, WebSocket docs at ${urls.websocketDocsUrl}`,
  );
}
