import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The child: a second process on the same SQLite file, as a backup tool, the sqlite3 shell or a
 * second instance would be. It obeys one command per stdin line and answers one JSON line each.
 */
const CHILD = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2], { timeout: 5000 });
const reply = (value) => process.stdout.write(JSON.stringify(value) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, ...rest] = line.split(' ');
  try {
    if (command === 'lock') { db.exec('BEGIN EXCLUSIVE'); reply({ ok: 'locked' }); }
    else if (command === 'release') { db.exec('COMMIT'); reply({ ok: 'released' }); }
    else if (command === 'query') { reply({ ok: db.prepare(rest.join(' ')).all() }); }
    else reply({ error: 'unknown command ' + command });
  } catch (error) { reply({ error: String(error && error.message) }); }
});
reply({ ok: 'ready' });
`;

/** Another process that takes and holds SQLite's write lock on a file the app uses. */
export class SqliteLockHolder {
  private readonly answers: ((line: string) => void)[] = [];

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => this.answers.shift()?.(line));
  }

  static async start(databasePath: string): Promise<SqliteLockHolder> {
    const child = spawn(
      process.execPath,
      ['-e', CHILD, require.resolve('better-sqlite3'), databasePath],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const holder = new SqliteLockHolder(child);
    await holder.next();
    return holder;
  }

  /** `BEGIN EXCLUSIVE`: from now on every writer of the file gets SQLITE_BUSY. */
  async lock(): Promise<void> {
    await this.command('lock');
  }

  async release(): Promise<void> {
    await this.command('release');
  }

  /** Reads with the holder's own connection (inside its transaction while it holds the lock). */
  async query<T>(sql: string): Promise<T[]> {
    return (await this.command(`query ${sql.replace(/\s+/g, ' ')}`)) as T[];
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }

  private async command(line: string): Promise<unknown> {
    const answer = this.next();
    this.child.stdin.write(`${line}\n`);
    return answer;
  }

  private next(): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('sqlite lock holder: no answer')), 10_000);
      this.answers.push((line) => {
        clearTimeout(timer);
        const parsed = JSON.parse(line) as { ok?: unknown; error?: string };
        if (parsed.error !== undefined) reject(new Error(`sqlite lock holder: ${parsed.error}`));
        else resolve(parsed.ok);
      });
    });
  }
}
