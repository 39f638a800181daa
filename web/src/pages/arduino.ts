import { BOARDS } from '../../../src/arduino/boards';
import type {
  CompileRequestDto,
  CompileResultDto,
  CompileSizesDto,
  DiagnosticDto,
} from '../../../src/arduino/dto/compile.dto';
import type { PortDto, PortListDto } from '../../../src/arduino/dto/ports.dto';
import type { UploadRequestDto, UploadResultDto } from '../../../src/arduino/dto/upload.dto';
import type { JobEvent } from '../../../src/arduino/jobs/job-events';
import type {
  MONITOR_BAUD_RATES,
  MONITOR_WRITE_MAX,
} from '../../../src/arduino/monitor/monitor.dto';
import { api, ApiError, type ApiErrorBody, session } from '../api/http';
import type { TelemetrySocket } from '../api/realtime';
import {
  type CloseAck,
  connectSerial,
  isErrorAck,
  type OpenAck,
  type SerialDataMessage,
  type SerialSocket,
  type SerialStatusMessage,
  type WriteAck,
} from '../api/serial';
import { el } from '../ui/dom';

/**
 * MONITOR_BAUD_RATES and MONITOR_WRITE_MAX of src/arduino/monitor/monitor.dto.ts, typed by the
 * server's own constants (a value import would bundle the DTO and its validators): the list must be
 * exactly the server's, in its order, or the console does not type-check. The boards come from
 * src/arduino/boards.ts itself, which imports nothing.
 */
const BAUD_RATES: typeof MONITOR_BAUD_RATES = [
  300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 250000, 500000, 1000000,
];
const WRITE_MAX: typeof MONITOR_WRITE_MAX = 4096;
const DEFAULT_BAUD = 115200;
const DEFAULT_BOARD = 'arduino:avr:uno';
/** The monitor keeps about this much of the board's output; older text is dropped from the top. */
const MONITOR_KEEP_CHARS = 200 * 1024;
const ACK_TIMEOUT_MS = 5000;
const SKETCH_FILE = 'sketch.ino';

const BLINK = `// Blink: the built-in LED on for a second, then off for a second.
void setup() {
  pinMode(LED_BUILTIN, OUTPUT);
}

void loop() {
  digitalWrite(LED_BUILTIN, HIGH);
  delay(1000);
  digitalWrite(LED_BUILTIN, LOW);
  delay(1000);
}
`;

const LINE_ENDINGS: [label: string, value: string][] = [
  ['Newline', '\n'],
  ['No line ending', ''],
  ['Carriage return', '\r'],
  ['Both NL & CR', '\r\n'],
];

/** The 422 of a compile that failed: the envelope plus the compiler's parsed messages. */
type CompileFailure = ApiErrorBody & {
  errors?: DiagnosticDto[];
  warnings?: DiagnosticDto[];
  output?: string;
};

interface Compiled {
  id: string;
  board: string;
  code: string;
}

/**
 * What the page held when it went away: a session refresh re-renders the shell (and this page), and
 * neither the sketch nor its compilation may vanish with it.
 */
const memory: {
  /** Whose they are: another user signing in on this tab starts from Blink. */
  owner: string | null;
  code: string;
  board: string;
  compiled: Compiled | null;
  port: string;
  monitorPort: string;
  baud: string;
} = {
  owner: null,
  code: BLINK,
  board: DEFAULT_BOARD,
  compiled: null,
  port: '',
  monitorPort: '',
  baud: String(DEFAULT_BAUD),
};

/**
 * The Arduino workbench: a sketch editor (a textarea with a line-number gutter), compile
 * (`POST /api/arduino/compile`) with its sizes and its errors marked on their lines, the board
 * ports (`GET /api/arduino/ports`), upload (`POST /api/arduino/upload`) with its progress from the
 * `jobs` channel, and a serial monitor on the `/serial` namespace. A viewer sees the ports and
 * reads the monitor; compiling, uploading and writing to a board need `arduino:upload`.
 */
export function renderArduino(main: HTMLElement, socket: TelemetrySocket): () => void {
  let live = true;
  const canFlash = session.can('arduino:upload');
  const owner = session.user?.id ?? null;
  if (memory.owner !== owner) {
    Object.assign(memory, {
      owner,
      code: BLINK,
      board: DEFAULT_BOARD,
      compiled: null,
      port: '',
      monitorPort: '',
      baud: String(DEFAULT_BAUD),
    });
  }
  const readOnlyNote = 'Compiling, uploading and writing to a board need an operator or an admin.';

  // --- the sketch ---------------------------------------------------------------------------
  const board = el(
    'select',
    { name: 'board', 'aria-label': 'Board', 'data-testid': 'arduino-board' },
    ...BOARDS.map((b) => el('option', { value: b.fqbn }, `${b.name} (${b.fqbn})`)),
  );
  board.value = BOARDS.some((b) => b.fqbn === memory.board) ? memory.board : DEFAULT_BOARD;
  const compileButton = el(
    'button',
    { type: 'button', 'data-testid': 'arduino-compile', title: 'Compile (Ctrl+Enter)' },
    'Compile',
  );
  const editor = el('textarea', {
    name: 'sketch',
    class: 'code',
    wrap: 'off',
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    'aria-label': 'Sketch',
    'data-testid': 'arduino-editor',
  });
  editor.value = memory.code;
  const gutter = el('div', {
    class: 'gutter',
    'aria-hidden': 'true',
    'data-testid': 'arduino-gutter',
  });
  const failure = el('div', {
    class: 'error-box',
    role: 'alert',
    'data-testid': 'arduino-failure',
    hidden: '',
  });
  const sizes = el('p', { class: 'sizes', 'data-testid': 'arduino-sizes', 'aria-live': 'polite' });
  const diagnostics = el('ol', {
    class: 'diagnostics',
    'data-testid': 'arduino-errors',
    'aria-label': 'Compiler messages',
  });
  const output = el('pre', { class: 'console', 'data-testid': 'arduino-output' });

  // --- ports and upload --------------------------------------------------------------------
  const refreshPorts = el(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'arduino-refresh-ports' },
    'Refresh',
  );
  const portList = el('ul', {
    class: 'ports',
    'data-testid': 'arduino-ports',
    'aria-label': 'Serial ports',
  });
  const portsNote = el('p', { class: 'muted' }, 'Looking for serial ports…');
  const uploadButton = el(
    'button',
    { type: 'button', 'data-testid': 'arduino-upload', disabled: '' },
    'Upload',
  );
  const uploadHint = el('span', { class: 'muted' });
  const jobState = el('p', {
    class: 'job-state',
    'data-testid': 'arduino-job-state',
    role: 'status',
  });

  // --- the serial monitor ------------------------------------------------------------------
  const monitorPort = el('select', {
    name: 'monitor-port',
    'aria-label': 'Monitor port',
    'data-testid': 'monitor-port',
  });
  const monitorBaud = el(
    'select',
    { name: 'monitor-baud', 'aria-label': 'Baud rate', 'data-testid': 'monitor-baud' },
    ...BAUD_RATES.map((rate) => el('option', { value: String(rate) }, `${rate} baud`)),
  );
  monitorBaud.value = memory.baud;
  const openButton = el('button', { type: 'button', 'data-testid': 'monitor-open' }, 'Open');
  const closeButton = el(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'monitor-close', disabled: '' },
    'Close',
  );
  const clearButton = el('button', { type: 'button', class: 'secondary' }, 'Clear');
  const monitorStatus = el(
    'span',
    {
      class: 'monitor-status',
      'data-testid': 'monitor-status',
      'data-state': 'closed',
      role: 'status',
    },
    'Closed',
  );
  const monitorOutput = el('pre', {
    class: 'console monitor-output',
    'data-testid': 'monitor-output',
    'aria-label': 'Serial output',
    tabindex: '0',
  });
  const monitorInput = el('input', {
    type: 'text',
    name: 'monitor-input',
    maxlength: String(WRITE_MAX - 2),
    autocomplete: 'off',
    'aria-label': 'Send to the board',
    placeholder: canFlash ? 'Text to send' : 'Read-only',
    'data-testid': 'monitor-input',
  });
  const lineEnding = el(
    'select',
    { name: 'line-ending', 'aria-label': 'Line ending' },
    ...LINE_ENDINGS.map(([label], i) => el('option', { value: String(i) }, label)),
  );
  const sendButton = el('button', { type: 'submit', 'data-testid': 'monitor-send' }, 'Send');
  const sendForm = el('form', { class: 'monitor-send' }, monitorInput, lineEnding, sendButton);
  const sendError = el('p', { class: 'error', role: 'alert' });

  main.append(
    el(
      'div',
      { class: 'arduino' },
      el(
        'section',
        { class: 'panel sketch' },
        el('div', { class: 'bar' }, el('h2', {}, 'Sketch'), board, compileButton),
        ...(canFlash
          ? []
          : [el('p', { class: 'muted', 'data-testid': 'arduino-readonly' }, readOnlyNote)]),
        el('div', { class: 'editor' }, gutter, editor),
        failure,
        sizes,
        diagnostics,
        el('h3', {}, 'Output'),
        output,
      ),
      el(
        'section',
        { class: 'panel board' },
        el('div', { class: 'bar' }, el('h2', {}, 'Board'), refreshPorts),
        portsNote,
        portList,
        el('div', { class: 'bar' }, uploadButton, uploadHint),
        jobState,
      ),
      el(
        'section',
        { class: 'panel monitor' },
        el(
          'div',
          { class: 'bar' },
          el('h2', {}, 'Serial monitor'),
          monitorPort,
          monitorBaud,
          openButton,
          closeButton,
          clearButton,
          monitorStatus,
        ),
        monitorOutput,
        sendForm,
        sendError,
      ),
    ),
  );

  // --- the gutter --------------------------------------------------------------------------
  /** Lines the last compile named, by severity: errors win over warnings on the same line. */
  let marked = new Map<number, 'error' | 'warning'>();
  const drawGutter = (): void => {
    const lines = editor.value.split('\n').length;
    while (gutter.childElementCount > lines) gutter.lastElementChild?.remove();
    while (gutter.childElementCount < lines) {
      const n = gutter.childElementCount + 1;
      gutter.append(el('div', { 'data-line': String(n) }, String(n)));
    }
    gutter.querySelectorAll('[data-severity]').forEach((line) => {
      line.removeAttribute('data-severity');
      line.removeAttribute('data-testid');
    });
    for (const [n, severity] of marked) {
      const line = gutter.children[n - 1];
      if (!line) continue;
      line.setAttribute('data-severity', severity);
      if (severity === 'error') line.setAttribute('data-testid', 'arduino-error-line');
    }
    gutter.scrollTop = editor.scrollTop;
  };
  const mark = (found: DiagnosticDto[]): void => {
    marked = new Map();
    for (const d of found) {
      if (d.file !== SKETCH_FILE || d.severity === 'note') continue;
      if (marked.get(d.line) !== 'error') marked.set(d.line, d.severity);
    }
    drawGutter();
  };
  /** Puts the caret on a message's line and column, and that line in view. */
  const goTo = (line: number, column: number | null): void => {
    const starts = editor.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < starts.length; i++) offset += starts[i].length + 1;
    offset += Math.max(0, (column ?? 1) - 1);
    editor.focus();
    editor.setSelectionRange(offset, offset);
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
    editor.scrollTop = Math.max(0, (line - 3) * lineHeight);
  };

  // --- compile -----------------------------------------------------------------------------
  let compiling = false;
  let uploading = false;
  let monitorState: 'closed' | 'opening' | 'open' | 'paused' = 'closed';
  /** The user asked for the port and has not closed it: a reconnected socket opens it again. */
  let wantOpen = false;

  const showFailure = (text: string): void => {
    failure.textContent = text;
    failure.hidden = text === '';
  };
  const showJob = (kind: string, state: string, text: string): void => {
    jobState.dataset.kind = kind;
    jobState.dataset.state = state;
    jobState.textContent = text;
  };
  const showDiagnostics = (errors: DiagnosticDto[], warnings: DiagnosticDto[]): void => {
    diagnostics.replaceChildren(
      ...[...errors, ...warnings].map((d) => {
        const where = `${d.line}:${d.column ?? ''}`;
        const item = el(
          'li',
          {
            'data-testid': d.severity === 'error' ? 'arduino-error' : 'arduino-warning',
            'data-severity': d.severity,
            'data-line': String(d.line),
          },
          el(
            'button',
            { type: 'button', class: 'link' },
            d.file === SKETCH_FILE ? where : `${d.file} ${where}`,
          ),
          ` ${d.message}`,
        );
        item.querySelector('button')?.addEventListener('click', () => {
          if (d.file === SKETCH_FILE) goTo(d.line, d.column);
        });
        return item;
      }),
    );
    mark([...errors, ...warnings]);
  };

  const compile = (): void => {
    if (!canFlash || compiling) return;
    const body: CompileRequestDto = { code: editor.value, board: board.value, libraries: [] };
    compiling = true;
    memory.compiled = null;
    updateControls();
    showFailure('');
    sizes.textContent = '';
    showJob('compile', 'queued', 'Compiling…');
    api<CompileResultDto>('POST', '/api/arduino/compile', body).then(
      (result) => {
        if (!live) return;
        compiling = false;
        memory.compiled = { id: result.compilation_id, board: result.board, code: body.code };
        output.textContent = result.output;
        sizes.textContent = sizesText(result.sizes);
        showDiagnostics([], result.warnings);
        showJob(
          'compile',
          'succeeded',
          `Compiled in ${result.compile_time} s (${result.toolchain})`,
        );
        updateControls();
      },
      (error: unknown) => {
        if (!live) return;
        compiling = false;
        const body = error instanceof ApiError ? (error.body as CompileFailure) : undefined;
        output.textContent = body?.output ?? '';
        showDiagnostics(body?.errors ?? [], body?.warnings ?? []);
        showFailure(failureText(error));
        showJob(
          'compile',
          body?.error === 'job_timeout' ? 'timed_out' : 'failed',
          'Compile failed',
        );
        updateControls();
      },
    );
  };

  // --- ports -------------------------------------------------------------------------------
  let ports: PortDto[] = [];
  let loadingPorts = 0;
  const loadPorts = (): void => {
    const mine = ++loadingPorts;
    refreshPorts.disabled = true;
    api<PortListDto>('GET', '/api/arduino/ports').then(
      (answer) => {
        if (!live || mine !== loadingPorts) return;
        refreshPorts.disabled = false;
        showPorts(answer.ports);
      },
      (error: unknown) => {
        if (!live || mine !== loadingPorts) return;
        refreshPorts.disabled = false;
        portsNote.textContent = failureText(error);
      },
    );
  };
  const showPorts = (found: PortDto[]): void => {
    ports = found;
    if (!ports.some((p) => p.port === memory.port)) {
      memory.port =
        ports.find((p) => p.is_arduino)?.port ?? (ports.length === 1 ? ports[0].port : '');
    }
    portsNote.textContent =
      ports.length === 0 ? 'No serial ports found: plug a board in and refresh.' : '';
    portList.replaceChildren(
      ...ports.map((p) => {
        const radio = el('input', { type: 'radio', name: 'upload-port', value: p.port });
        radio.checked = p.port === memory.port;
        radio.disabled = !canFlash;
        radio.addEventListener('change', () => {
          memory.port = p.port;
          updateControls();
        });
        return el(
          'li',
          { 'data-testid': 'arduino-port', 'data-port': p.port },
          el(
            'label',
            {},
            radio,
            el('code', {}, p.port),
            ...(p.is_arduino ? [el('span', { class: 'badge kind-arduino' }, 'Arduino')] : []),
            el('span', { class: 'muted' }, ` ${p.description}`),
            ...(p.hwid === 'n/a' ? [] : [el('small', { class: 'muted' }, ` ${p.hwid}`)]),
          ),
        );
      }),
    );
    const wanted = monitorPort.value || memory.monitorPort || memory.port;
    monitorPort.replaceChildren(
      ...(ports.length === 0 ? [el('option', { value: '' }, 'No ports')] : []),
      ...ports.map((p) => el('option', { value: p.port }, p.port)),
    );
    // The port being monitored stays shown even when a refresh no longer lists it.
    if (wanted && !ports.some((p) => p.port === wanted) && monitorState !== 'closed')
      monitorPort.append(el('option', { value: wanted }, wanted));
    if (wanted) monitorPort.value = wanted;
    if (!monitorPort.value && ports.length > 0) monitorPort.value = ports[0].port;
    updateControls();
  };

  // --- upload ------------------------------------------------------------------------------
  /** Job events of the upload in flight (by its compilation) or of this user's compile in flight. */
  let uploadJob: string | null = null;
  const onJob = (message: { data: unknown; snapshot?: true }): void => {
    if (message.snapshot) return; // someone's last job, from before this page asked
    const job = message.data as JobEvent;
    const progress = job.progress === null ? '' : ` ${job.progress}%`;
    const note = job.message ? `: ${job.message}` : '';
    if (job.kind === 'upload' && uploading && job.jobId === uploadJob) {
      showJob('upload', job.state, `Upload ${job.state}${progress}${note}`);
    } else if (
      job.kind === 'compile' &&
      compiling &&
      job.username === session.user?.username &&
      job.state === 'running'
    ) {
      showJob('compile', job.state, `Compiling…${progress}`);
    }
  };
  const subscribeJobs = (): void => {
    void socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('subscribe', { channels: ['jobs'] })
      .catch(() => undefined);
  };
  socket.on('jobs', onJob);
  socket.on('connect', subscribeJobs);
  if (socket.connected) subscribeJobs();

  const upload = (): void => {
    const compiled = memory.compiled;
    if (!canFlash || uploading || !compiled || !memory.port) return;
    const body: UploadRequestDto = {
      compilation_id: compiled.id,
      port: memory.port,
      board: compiled.board,
    };
    uploading = true;
    uploadJob = compiled.id;
    updateControls();
    showFailure('');
    showJob('upload', 'queued', `Uploading to ${body.port}…`);
    api<UploadResultDto>('POST', '/api/arduino/upload', body).then(
      (result) => {
        if (!live) return;
        uploading = false;
        uploadJob = null;
        appendOutput(`Upload to ${result.port}`, result.output);
        showJob(
          'upload',
          'succeeded',
          `Uploaded to ${result.port} (${result.board_info.name}) in ${result.upload_time} s`,
        );
        updateControls();
      },
      (error: unknown) => {
        if (!live) return;
        uploading = false;
        uploadJob = null;
        const failed = error instanceof ApiError ? error.body : undefined;
        const avrdude = (failed as { output?: unknown } | undefined)?.output;
        if (typeof avrdude === 'string') appendOutput(`Upload to ${body.port}`, avrdude);
        showFailure(failureText(error));
        showJob(
          'upload',
          failed?.error === 'job_timeout' ? 'timed_out' : 'failed',
          'Upload failed',
        );
        updateControls();
      },
    );
  };
  const appendOutput = (title: string, text: string): void => {
    const before = output.textContent ?? '';
    output.textContent = `${before}${before ? '\n\n' : ''}--- ${title} ---\n${text.trim()}`;
    output.scrollTop = output.scrollHeight;
  };

  // --- the serial monitor ------------------------------------------------------------------
  let serial: SerialSocket | null = null;
  let shownChars = 0;

  const showMonitor = (state: typeof monitorState, text: string): void => {
    monitorState = state;
    monitorStatus.dataset.state = state;
    monitorStatus.textContent = text;
    updateControls();
  };
  const appendSerial = (text: string, dropped: number): void => {
    const atBottom =
      monitorOutput.scrollHeight - monitorOutput.scrollTop - monitorOutput.clientHeight < 24;
    if (dropped > 0) {
      const gap = `[${dropped} bytes dropped]`;
      monitorOutput.append(el('span', { class: 'dropped' }, gap), '\n');
      shownChars += gap.length + 1;
    }
    monitorOutput.append(text);
    shownChars += text.length;
    if (shownChars > MONITOR_KEEP_CHARS) {
      // Cut to three quarters, at a line start, so the cut is not paid again on every chunk.
      const all = monitorOutput.textContent ?? '';
      let kept = all.slice(all.length - Math.floor(MONITOR_KEEP_CHARS * 0.75));
      const newline = kept.indexOf('\n');
      if (newline >= 0 && newline < 1024) kept = kept.slice(newline + 1);
      monitorOutput.textContent = kept;
      shownChars = kept.length;
    }
    if (atBottom) monitorOutput.scrollTop = monitorOutput.scrollHeight;
  };
  const serialSocket = (): SerialSocket => {
    if (serial) return serial;
    const s = connectSerial();
    s.on('data', (message: SerialDataMessage) => appendSerial(message.data, message.dropped));
    s.on('status', (message: SerialStatusMessage) => {
      const why = message.reason ? ` (${message.reason})` : '';
      if (message.type === 'paused') showMonitor('paused', `Paused${why}: ${message.port}`);
      else if (message.type === 'resumed' || message.type === 'opened')
        showMonitor('open', `Open: ${message.port}`);
      else {
        wantOpen = false;
        showMonitor('closed', `Closed${why}`);
      }
    });
    s.on('connect', () => {
      if (wantOpen && monitorState === 'closed') void openMonitor();
    });
    s.on('connect_error', (error) => {
      const refusal = (error as { data?: Partial<ApiErrorBody> }).data;
      if (refusal?.statusCode === 401) return; // refreshed and retried by connectSerial
      wantOpen = false;
      showMonitor('closed', `Cannot connect to the monitor: ${refusal?.message ?? error.message}`);
    });
    s.on('disconnect', () => {
      if (monitorState !== 'closed')
        showMonitor('closed', wantOpen ? 'Disconnected; reopening when back…' : 'Disconnected');
    });
    serial = s;
    return s;
  };
  const openMonitor = async (): Promise<void> => {
    const port = monitorPort.value;
    if (!port || monitorState === 'opening') return;
    wantOpen = true;
    memory.monitorPort = port;
    memory.baud = monitorBaud.value;
    showMonitor('opening', `Opening ${port}…`);
    const settings = { port, baudrate: Number(monitorBaud.value) };
    let answer: OpenAck;
    try {
      answer = (await serialSocket()
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('open', { ...settings, databits: 8, parity: 'none', stopbits: 1 })) as OpenAck;
    } catch {
      answer = {
        statusCode: 504,
        error: 'timeout',
        message: 'The monitor did not answer; try again.',
      };
    }
    if (!live) return;
    if (isErrorAck(answer)) {
      wantOpen = false;
      showMonitor('closed', ackText(answer));
    } else {
      showMonitor('open', `Open: ${answer.port} at ${settings.baudrate} baud`);
    }
  };
  const closeMonitor = async (): Promise<void> => {
    wantOpen = false;
    if (!serial) return;
    const answer = (await serial
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('close')
      .catch(() => ({ type: 'closed' }))) as CloseAck;
    if (!live) return;
    if (isErrorAck(answer)) showMonitor(monitorState, ackText(answer));
    else showMonitor('closed', 'Closed');
  };
  const send = async (): Promise<void> => {
    sendError.textContent = '';
    const data = monitorInput.value + LINE_ENDINGS[Number(lineEnding.value)][1];
    if (!canFlash || !serial || monitorState !== 'open' || data === '') return;
    let answer: WriteAck;
    try {
      answer = (await serial.timeout(ACK_TIMEOUT_MS).emitWithAck('write', { data })) as WriteAck;
    } catch {
      answer = {
        statusCode: 504,
        error: 'timeout',
        message: 'The monitor did not answer; try again.',
      };
    }
    if (!live) return;
    if (isErrorAck(answer)) sendError.textContent = ackText(answer);
    else monitorInput.value = '';
  };

  // --- what may be pressed now -------------------------------------------------------------
  const updateControls = (): void => {
    const compiled = memory.compiled;
    const current =
      compiled !== null && compiled.code === editor.value && compiled.board === board.value;
    compileButton.disabled = !canFlash || compiling;
    board.disabled = !canFlash;
    uploadButton.disabled = !canFlash || compiling || uploading || !current || !memory.port;
    uploadHint.textContent = !canFlash
      ? readOnlyNote
      : uploading
        ? ''
        : !compiled
          ? 'Compile the sketch first.'
          : !current
            ? 'The sketch or board changed since it was compiled: compile again.'
            : !memory.port
              ? 'Pick a port.'
              : '';
    const monitoring = monitorState !== 'closed';
    monitorPort.disabled = monitoring;
    monitorBaud.disabled = monitoring;
    openButton.disabled = monitoring || !monitorPort.value;
    closeButton.disabled = !monitoring;
    monitorInput.disabled = !canFlash;
    lineEnding.disabled = !canFlash;
    sendButton.disabled = !canFlash || monitorState !== 'open';
  };

  editor.addEventListener('input', () => {
    memory.code = editor.value;
    drawGutter();
    updateControls();
  });
  editor.addEventListener('scroll', () => (gutter.scrollTop = editor.scrollTop));
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      compile();
    }
  });
  board.addEventListener('change', () => {
    memory.board = board.value;
    updateControls();
  });
  compileButton.addEventListener('click', compile);
  refreshPorts.addEventListener('click', loadPorts);
  uploadButton.addEventListener('click', upload);
  openButton.addEventListener('click', () => void openMonitor());
  closeButton.addEventListener('click', () => void closeMonitor());
  clearButton.addEventListener('click', () => {
    monitorOutput.replaceChildren();
    shownChars = 0;
  });
  monitorBaud.addEventListener('change', () => (memory.baud = monitorBaud.value));
  sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });

  drawGutter();
  updateControls();
  loadPorts();
  return () => {
    live = false;
    memory.code = editor.value;
    socket.off('jobs', onJob);
    socket.off('connect', subscribeJobs);
    if (socket.connected)
      void socket.emitWithAck('unsubscribe', { channels: ['jobs'] }).catch(() => undefined);
    serial?.disconnect(); // the service closes the port with the socket
  };
}

function sizesText(sizes: CompileSizesDto | null): string {
  if (!sizes) return 'Compiled (the toolchain reported no sizes).';
  const percent = (used: number, max: number) =>
    max > 0 ? ` (${Math.round((used / max) * 100)}%)` : '';
  const program = `${sizes.programBytes} of ${sizes.programMaxBytes} bytes${percent(sizes.programBytes, sizes.programMaxBytes)} of program storage`;
  if (sizes.dataBytes === null || sizes.dataMaxBytes === null) return `${program}.`;
  return `${program}; ${sizes.dataBytes} of ${sizes.dataMaxBytes} bytes${percent(sizes.dataBytes, sizes.dataMaxBytes)} of dynamic memory.`;
}

function ackText(answer: ApiErrorBody): string {
  const fields = (answer.details ?? []).flatMap((d) => d.messages).join('; ');
  return fields ? `${answer.message}: ${fields}` : answer.message;
}

function failureText(failure: unknown): string {
  if (!(failure instanceof ApiError)) return 'Cannot reach the service';
  const { statusCode, message } = failure.body;
  if (statusCode === 429) return `The toolchain's queue is full: ${message}`;
  return ackText(failure.body);
}
