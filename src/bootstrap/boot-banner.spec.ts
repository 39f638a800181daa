import pino from 'pino';
import { bootBannerText, bootUrls, printBootBanner, publicBaseUrl } from './boot-banner';

const urls = bootUrls('http://127.0.0.1:3000');

describe('boot banner', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:3000'],
    ['0.0.0.0', 'http://localhost:3000'],
    ['::', 'http://localhost:3000'],
    ['::1', 'http://[::1]:3000'],
  ])('should reach a bind on %s at %s', (host, url) => {
    expect(publicBaseUrl(host, 3000)).toBe(url);
  });

  it('should name the console, the API docs and the WebSocket docs', () => {
    expect(bootBannerText(urls)).toBe(
      [
        '',
        '  Rover Mission Control is ready',
        '  Console at http://127.0.0.1:3000/',
        '  API docs at http://127.0.0.1:3000/docs',
        '  WebSocket docs at http://127.0.0.1:3000/docs/websocket',
        '',
        '',
      ].join('\n'),
    );
  });

  it('should add the generated admin password when there is one', () => {
    expect(bootBannerText(urls, 's3cret-generated').split('\n').at(-3)).toBe(
      "  Admin user 'admin', generated password: s3cret-generated (shown once: change it, or set ADMIN_PASSWORD)",
    );
  });

  it('should print the text once on a terminal, outside the log', () => {
    const written: string[] = [];
    const logged: string[] = [];
    const logger = pino({}, { write: (line: string) => logged.push(line) });
    printBootBanner({
      format: 'pretty',
      logger,
      urls,
      adminPassword: 'pw-1',
      write: (t) => written.push(t),
    });
    expect(written).toEqual([bootBannerText(urls, 'pw-1')]);
    expect(logged).toEqual([]);
  });

  it('should be one structured info line in JSON, never with the password', () => {
    const written: string[] = [];
    const logged: string[] = [];
    const logger = pino({}, { write: (line: string) => logged.push(line) });
    printBootBanner({
      format: 'json',
      logger,
      urls,
      adminPassword: 'pw-2',
      write: (t) => written.push(t),
    });
    expect(written).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('pw-2');
    expect(JSON.parse(logged[0])).toMatchObject({
      level: 30,
      context: 'Bootstrap',
      consoleUrl: 'http://127.0.0.1:3000/',
      docsUrl: 'http://127.0.0.1:3000/docs',
      websocketDocsUrl: 'http://127.0.0.1:3000/docs/websocket',
      msg: 'Console at http://127.0.0.1:3000/, API docs at http://127.0.0.1:3000/docs, WebSocket docs at http://127.0.0.1:3000/docs/websocket',
    });
  });
});
