export interface CompileDiagnostic {
  /** Relative to the sketch (`sketch.ino`), never a server path. */
  file: string;
  line: number;
  column: number | null;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface CompileSizes {
  programBytes: number;
  programMaxBytes: number;
  dataBytes: number | null;
  dataMaxBytes: number | null;
}

// gcc: "<path>:<line>:<column>: error: <message>" (the column is absent for some messages).
const DIAGNOSTIC = /^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;
// arduino-builder -logger machine: "===info ||| Sketch uses {0} bytes ... ||| [1970 32256 6]".
const PROGRAM_SIZE = /^===info \|\|\| Sketch uses .*\|\|\| \[(\d+) (\d+) \d+\]/;
const DATA_SIZE = /^===info \|\|\| Global variables use .*\|\|\| \[(\d+) (\d+) \d+ -?\d+\]/;
// arduino-cli: "Sketch uses 1970 bytes (6%) of program storage space. Maximum is 32256 bytes."
const PROGRAM_SIZE_TEXT = /^Sketch uses (\d+) bytes .* Maximum is (\d+) bytes/;
const DATA_SIZE_TEXT = /^Global variables use (\d+) bytes .* Maximum is (\d+) bytes/;

/**
 * Takes the job's directory out of compiler output (paths become relative to it) and names the
 * rest of the work directory (the core cache) only as `<work dir>`, so that neither messages nor
 * diagnostics tell a client where the server keeps its files.
 */
export function withoutWorkDir(text: string, jobDir: string, workRoot?: string): string {
  const relative = text.split(`${jobDir}/`).join('').split(jobDir).join('');
  return workRoot === undefined ? relative : relative.split(workRoot).join('<work dir>');
}

export function parseDiagnostics(output: string): CompileDiagnostic[] {
  const found: CompileDiagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = DIAGNOSTIC.exec(line.trim());
    if (!match) continue;
    const [, file, lineNo, column, severity, message] = match;
    found.push({
      file: file.replace(/^.*\/sketch\//, '').replace(/^sketch\//, ''),
      line: Number(lineNo),
      column: column === undefined ? null : Number(column),
      severity: severity === 'fatal error' ? 'error' : (severity as CompileDiagnostic['severity']),
      message,
    });
  }
  return found;
}

export function parseSizes(output: string): CompileSizes | null {
  let program: RegExpExecArray | null = null;
  let data: RegExpExecArray | null = null;
  for (const line of output.split('\n')) {
    const text = line.trim();
    program ??= PROGRAM_SIZE.exec(text) ?? PROGRAM_SIZE_TEXT.exec(text);
    data ??= DATA_SIZE.exec(text) ?? DATA_SIZE_TEXT.exec(text);
  }
  if (!program) return null;
  return {
    programBytes: Number(program[1]),
    programMaxBytes: Number(program[2]),
    dataBytes: data ? Number(data[1]) : null,
    dataMaxBytes: data ? Number(data[2]) : null,
  };
}

/** The output a person reads: the machine logger's lines filled in, its progress lines left out. */
export function readableOutput(output: string): string {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('===info ||| Progress'))
    .map(fillMachineLine)
    .join('\n')
    .trim();
}

// "===info ||| Sketch uses {0} bytes ({2}%%) ... ||| [1970 32256 6]"
const MACHINE_LINE = /^===\w+ \|\|\| (.*?)(?: \|\|\| \[(.*)\])?$/;

function fillMachineLine(line: string): string {
  const match = MACHINE_LINE.exec(line);
  if (!match) return line;
  const args = (match[2] ?? '').split(' ');
  return match[1]
    .replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '')
    .replace(/%%/g, '%');
}
