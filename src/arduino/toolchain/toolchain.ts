import type { BoardInfo } from '../boards';

export interface CompileJob {
  /** A directory holding `sketch.ino` (the sketch's folder and file share a name). */
  sketchDir: string;
  buildDir: string;
  board: BoardInfo;
  timeoutMs: number;
  onProgress?: (percent: number) => void;
}

export interface CompileRun {
  ok: boolean;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** The flashable image, when `ok`. */
  hexPath?: string;
  durationMs: number;
}

/** Where compiles (and, later, uploads) run: arduino-cli, or Debian's arduino-builder + avrdude. */
export abstract class Toolchain {
  abstract readonly name: string;
  abstract compile(job: CompileJob): Promise<CompileRun>;
  /** Library names a sketch may ask for: those the toolchain has installed. */
  abstract installedLibraries(): Promise<string[]>;
}
