import { readFileSync } from 'node:fs';
import { runChild } from './run-child';

/** Running, as opposed to gone or a zombie nobody has reaped yet (PID 1 here may not reap). */
const running = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

describe(runChild.name, () => {
  it('should pass argv untouched, with no shell reading it', async () => {
    const result = await runChild({
      argv: ['printf', '%s|', '$(echo no)', '; ls', '`id`'],
      cwd: '/tmp',
      timeoutMs: 5000,
    });
    expect(result).toMatchObject({ code: 0, timedOut: false, stdout: '$(echo no)|; ls|`id`|' });
  });

  it('should kill the whole process group at the timeout, children included', async () => {
    // The test itself uses a shell to leave a grandchild behind; the service never does.
    const result = await runChild({
      argv: ['sh', '-c', 'sleep 30 & echo $!; wait'],
      cwd: '/tmp',
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBeLessThan(3000);
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(running(grandchild)).toBe(false);
  });

  it('should keep at most maxOutputBytes of output and say how much it dropped', async () => {
    const result = await runChild({
      argv: ['head', '-c', '10000', '/dev/zero'],
      cwd: '/tmp',
      timeoutMs: 5000,
      maxOutputBytes: 100,
    });
    expect(result.stdout).toMatch(/\[9900 more bytes of output dropped\]$/);
  });

  it('should hand each stdout line to onStdoutLine', async () => {
    const lines: string[] = [];
    await runChild({
      argv: ['printf', 'a\\nb\\nc\\n'],
      cwd: '/tmp',
      timeoutMs: 5000,
      onStdoutLine: (l) => lines.push(l),
    });
    expect(lines).toEqual(['a', 'b', 'c']);
  });

  it('should reject when the program does not exist', async () => {
    await expect(
      runChild({ argv: ['/nonexistent/tool'], cwd: '/tmp', timeoutMs: 1000 }),
    ).rejects.toThrow();
  });
});
