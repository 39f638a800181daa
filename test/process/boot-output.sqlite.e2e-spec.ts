import { type ProcessApp, sleep, startProcessApp } from '../helpers/process-app';

/*
 * What the built service prints at boot when nobody is at a terminal: its stdout is a pipe here, so
 * even in development (the default NODE_ENV) it stays JSON for whatever collects it, without Nest's
 * route table at info, and ends with one banner line naming the URLs.
 */
describe('boot output of the built service with stdout not a TTY', () => {
  const started: ProcessApp[] = [];
  afterAll(async () => {
    await Promise.all(started.map((app) => app.stop(3000)));
  });

  const boot = async (env: Record<string, string> = {}): Promise<ProcessApp> => {
    const app = await startProcessApp({ nodeEnv: 'development', env });
    started.push(app);
    await sleep(300); // let the last boot lines cross the pipe
    return app;
  };
  const stdout = (app: ProcessApp): string[] =>
    app.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);

  describe('at LOG_LEVEL=info, first boot without ADMIN_PASSWORD', () => {
    let app: ProcessApp;
    beforeAll(async () => {
      app = await boot();
    }, 30_000);

    it('should print only JSON lines on stdout', () => {
      const lines = stdout(app);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((text) => !text.startsWith('{'))).toEqual([]);
      expect(app.jsonLogs()).toHaveLength(lines.length);
    });

    it('should not print the route table or the module list', () => {
      const noise = app.lines.filter(({ text }) =>
        /Mapped \{|dependencies initialized|RoutesResolver|RouterExplorer|InstanceLoader/.test(
          text,
        ),
      );
      expect(noise).toEqual([]);
    });

    it('should end the boot with one banner line naming the console and the docs', () => {
      const base = app.baseUrl;
      const banners = app.jsonLogs().filter((log) => 'consoleUrl' in log);
      expect(banners).toEqual([
        expect.objectContaining({
          level: 30,
          context: 'Bootstrap',
          consoleUrl: `${base}/`,
          docsUrl: `${base}/docs`,
          websocketDocsUrl: `${base}/docs/websocket`,
          msg: `Console at ${base}/, API docs at ${base}/docs, WebSocket docs at ${base}/docs/websocket`,
        }),
      ]);
      expect(app.lines.filter(({ text }) => text.includes('Console at '))).toHaveLength(1);
    });

    it('should show the generated password once, in its own warning and not in the banner', () => {
      const lines = app.jsonLogs().filter((log) => /generated password/.test(String(log.msg)));
      expect(lines).toEqual([expect.objectContaining({ level: 40, context: 'AdminBootstrap' })]);
      const password = /generated password: (\S+)/.exec(String(lines[0].msg))?.[1] ?? '<none>';
      expect(app.lines.filter(({ text }) => text.includes(password))).toHaveLength(1);
    });
  });

  it('should still write the route table at LOG_LEVEL=debug, as debug lines', async () => {
    const app = await boot({ LOG_LEVEL: 'debug' });
    const mapped = app.jsonLogs().filter((log) => String(log.msg).startsWith('Mapped {'));
    expect(mapped.length).toBeGreaterThan(0);
    expect(new Set(mapped.map((log) => log.level))).toEqual(new Set([20]));
  }, 30_000);
});
