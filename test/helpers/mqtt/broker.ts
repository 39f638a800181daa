import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

const BROKER_SCRIPT = resolve(__dirname, 'aedes-broker.mjs');

/**
 * An aedes MQTT broker in a child process on loopback (see aedes-broker.mjs). `stop()` takes it
 * away like a crash (retained messages and sessions go with it); `start()` brings it back on the
 * same port.
 */
export interface TestBrokerOptions {
  /** PEM files: the broker listens with TLS (mqtts://). */
  tls?: { certFile: string; keyFile: string };
  /** The only credentials it accepts. */
  credentials?: { username: string; password: string };
}

export class TestBroker {
  private child?: ChildProcess;
  port = 0;

  constructor(private readonly options: TestBrokerOptions = {}) {}

  get url(): string {
    return `${this.options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  static async start(options: TestBrokerOptions = {}): Promise<TestBroker> {
    const broker = new TestBroker(options);
    await broker.start();
    return broker;
  }

  async start(): Promise<void> {
    const { tls, credentials } = this.options;
    const child = spawn(process.execPath, [BROKER_SCRIPT, String(this.port)], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...(tls ? { BROKER_TLS_CERT: tls.certFile, BROKER_TLS_KEY: tls.keyFile } : {}),
        ...(credentials
          ? { BROKER_USERNAME: credentials.username, BROKER_PASSWORD: credentials.password }
          : {}),
      },
    });
    this.child = child;
    const port = await new Promise<number>((resolvePort, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('broker did not start in 10 s')), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening (\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`broker exited with ${code} before listening: ${out}`));
      });
    });
    this.port = port;
  }

  /** Kills it outright: its clients see their connections drop, with no goodbye. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }
}
