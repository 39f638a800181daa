import type { BoardInfo } from '../boards';

export interface CompileJob {
  /** A directory holding `sketch.ino` (the sketch's folder and file share a name). */
  sketchDir: string;
  buildDir: string;
  /** Shared by every compile: the Arduino core built once per board and options, then reused. */
  coreCacheDir: string;
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

export interface UploadJob {
  board: BoardInfo;
  port: string;
  hexPath: string;
  timeoutMs: number;
}

export interface UploadRun {
  ok: boolean;
  timedOut: boolean;
  output: string;
  durationMs: number;
}

/** Where compiles and uploads run: arduino-cli, or Debian's arduino-builder + avrdude. */
export abstract class Toolchain {
  abstract readonly name: string;
  abstract compile(job: CompileJob): Promise<CompileRun>;
  abstract upload(job: UploadJob): Promise<UploadRun>;
  /** Library names a sketch may ask for: those the toolchain has installed. */
  abstract installedLibraries(): Promise<string[]>;
}
