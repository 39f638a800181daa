import type { AlertDto } from '../../../src/alerts/dto/alert.dto';
import type { RobotResponseDto } from '../../../src/fleet/dto/robot-response.dto';
import type { CommandPageDto, CommandRecordDto } from '../../../src/rover/dto/command-history.dto';
import type { RoverStatusDto } from '../../../src/rover/dto/rover-status.dto';
import { api, session } from '../api/http';
import type { TelemetrySocket } from '../api/realtime';
import { mountTelemetryChart } from '../ui/chart';
import { el, fmt } from '../ui/dom';
import { mountDrive } from '../ui/drive';
import { mountFleetList } from '../ui/fleet';
import { mountArena, mountFleetMap } from '../ui/maps';

const MAX_ALERTS = 50;
const MAX_COMMANDS = 20;

/** The live view: the rover's state, its chart and map, the fleet, alerts and command history. */
export function renderDashboard(main: HTMLElement, socket: TelemetrySocket): () => void {
  const grid = el('div', { class: 'grid' });
  main.append(grid);

  const position = el('span', { 'data-testid': 'position' }, '–');
  const link = el('span', { 'data-testid': 'link-state' }, '–');
  const rtt = el('span', {}, '–');
  const battery = el('span', { 'data-testid': 'battery' }, '–');
  const current = el('span', {}, '–');
  const temperature = el('span', {}, '–');
  const obstacle = el('span', { 'data-testid': 'obstacle' }, '–');
  const row = (label: string, value: HTMLElement) =>
    el('div', {}, el('dt', {}, label), el('dd', {}, value));
  grid.append(
    el(
      'section',
      { class: 'panel' },
      el('h2', {}, 'Rover'),
      el(
        'dl',
        {},
        row('Position', position),
        row('Link', link),
        row('RTT', rtt),
        row('Battery', battery),
        row('Current', current),
        row('Temperature', temperature),
        row('Obstacle', obstacle),
      ),
    ),
  );
  if (session.can('rover:control')) mountDrive(grid, socket);
  const drawnProbe = telemetryDrawProbe();
  const chart = mountTelemetryChart(grid, drawnProbe.drawn);
  const arena = mountArena(grid);

  const fleetSection = el('section', { class: 'panel' }, el('h2', {}, 'Fleet'));
  grid.append(fleetSection);
  const fleetList = mountFleetList(fleetSection);
  const fleetMap = mountFleetMap(fleetSection);
  const alerts = el('ol', { 'data-testid': 'alerts', class: 'alerts', 'aria-live': 'polite' });
  grid.append(el('section', { class: 'panel' }, el('h2', {}, 'Alerts'), alerts));
  const commands = el('table', { 'data-testid': 'commands', class: 'commands' });
  grid.append(el('section', { class: 'panel wide' }, el('h2', {}, 'Commands'), commands));

  const showStatus = (status: RoverStatusDto): void => {
    link.textContent = status.link.state;
    rtt.textContent = fmt(status.link.rttMs, 1, ' ms');
  };
  const onTelemetry = (message: {
    timestamp: string;
    data: import('../../../src/realtime/telemetry/events').TelemetryData;
  }) => {
    const { data } = message;
    position.textContent = `x ${fmt(data.position.x)} m, y ${fmt(data.position.y)} m`;
    battery.textContent = fmt(data.sensors.battery, 0, ' %');
    current.textContent = fmt(data.sensors.current, 2, ' A');
    temperature.textContent = fmt(data.sensors.temperature, 1, ' °C');
    obstacle.textContent =
      data.obstacleDistance === null ? 'clear' : fmt(data.obstacleDistance, 2, ' m');
    drawnProbe.received(data.position.x);
    chart(new Date(message.timestamp), data);
    arena(data.position.x, data.position.y);
  };
  const onRobot = (robot: RobotResponseDto): void => {
    fleetList(robot);
    fleetMap(robot);
  };
  // The history and the channel's snapshot can both carry the latest alert.
  const shownAlerts = new Set<string>();
  const onAlert = (alert: AlertDto): void => {
    if (shownAlerts.has(alert.id)) return;
    shownAlerts.add(alert.id);
    alerts.prepend(
      el(
        'li',
        { class: `severity-${alert.severity}` },
        el('time', {}, new Date(alert.at).toLocaleTimeString()),
        ` ${alert.message}`,
      ),
    );
    while (alerts.children.length > MAX_ALERTS) alerts.lastElementChild?.remove();
  };
  const loadCommands = (): void => {
    void api<CommandPageDto>('GET', `/api/rover/commands?limit=${MAX_COMMANDS}`).then(
      (page) => commands.replaceChildren(commandHeader(), ...page.items.map(commandRow)),
      () => undefined,
    );
  };

  const handlers = {
    telemetry: onTelemetry,
    status: (m: { data: RoverStatusDto }) => showStatus(m.data),
    fleet: (m: { data: unknown }) => onRobot(m.data as RobotResponseDto),
    alerts: (m: { data: AlertDto }) => onAlert(m.data),
    commands: () => loadCommands(),
  };
  socket.on('telemetry', handlers.telemetry);
  socket.on('status', handlers.status);
  socket.on('fleet', handlers.fleet);
  socket.on('alerts', handlers.alerts);
  socket.on('commands', handlers.commands);
  void api<RoverStatusDto>('GET', '/api/rover/status').then(showStatus, () => undefined);
  void api<{ items: AlertDto[] }>('GET', '/api/alerts?limit=20').then(
    (page) => page.items.reverse().forEach(onAlert),
    () => undefined,
  );
  loadCommands();
  return () => {
    socket.off('telemetry', handlers.telemetry);
    socket.off('status', handlers.status);
    socket.off('fleet', handlers.fleet);
    socket.off('alerts', handlers.alerts);
    socket.off('commands', handlers.commands);
  };
}

/**
 * When each frame's point reached the screen, for the latency benchmark (bench/console): the
 * frames' `position.x` and the wall-clock time of the draw, the last 2000, at `window.__rmc.drawn`.
 */
function telemetryDrawProbe(): { received: (x: number) => void; drawn: () => void } {
  const log: { x: number; atMs: number }[] = [];
  const waiting: number[] = [];
  const rmc = (window as unknown as { __rmc?: Record<string, unknown> }).__rmc;
  if (rmc) rmc.drawn = log;
  return {
    received: (x) => waiting.push(x),
    drawn: () => {
      const atMs = performance.timeOrigin + performance.now();
      for (const x of waiting.splice(0)) log.push({ x, atMs });
      if (log.length > 2000) log.splice(0, log.length - 2000);
    },
  };
}

function commandHeader(): HTMLTableRowElement {
  return el(
    'tr',
    {},
    ...['When', 'Who', 'Command', 'Status', 'Sent', 'ACK', 'Done'].map((h) =>
      el('th', { scope: 'col' }, h),
    ),
  );
}

function commandRow(command: CommandRecordDto): HTMLTableRowElement {
  const queued = Date.parse(command.stages.queued);
  const after = (stage: string | null) => (stage ? `+${Date.parse(stage) - queued} ms` : '–');
  const what =
    command.type === 'move' ? `move ${fmt(command.forward)} / ${fmt(command.turn)}` : command.type;
  return el(
    'tr',
    {},
    el('td', {}, new Date(queued).toLocaleTimeString()),
    el('td', {}, command.username),
    el('td', {}, what),
    el('td', {}, command.reason ? `${command.status}: ${command.reason}` : command.status),
    el('td', {}, after(command.stages.sent)),
    el('td', {}, after(command.stages.acknowledged)),
    el('td', {}, after(command.stages.completed)),
  );
}
