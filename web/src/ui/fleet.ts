import type { RobotResponseDto, RobotSource } from '../../../src/fleet/dto/robot-response.dto';
import { session } from '../api/http';
import {
  describeStopFailure,
  describeStopResult,
  type StopOutcome,
  stopFleet,
  stopRobot,
} from '../api/robots';
import { el, fmt } from './dom';

const SOURCE_LABEL: Record<RobotSource, string> = {
  serial: 'serial',
  simulator: 'simulator',
  mqtt: 'MQTT',
};

/** What a stop shows next to its robot while the service has not answered yet. */
const PENDING: { state: 'pending'; text: string } = { state: 'pending', text: 'stopping…' };

interface FleetItem {
  item: HTMLLIElement;
  summary: HTMLSpanElement;
  /** Where a stop's outcome goes; absent for users who cannot stop robots. */
  result?: HTMLOutputElement;
}

/**
 * The fleet list: each robot with where it is heard from (serial, simulator, MQTT) and, for MQTT
 * vehicles, their connection, staleness and errors. An operator gets a Stop per robot
 * (`POST /api/robots/:id/stop`) and an admin one "Stop all robots" (`POST /api/robots/stop`), each
 * answered next to the robot with what the robot itself reported. The controls live beside the
 * robot's summary, not in it, so that the fleet's updates (every few seconds) leave a pending stop
 * and its outcome alone.
 */
export function mountFleetList(container: HTMLElement): (robot: RobotResponseDto) => void {
  const canStop = session.can('rover:control');
  const list = el('ul', { 'data-testid': 'fleet-list', class: 'fleet' });
  const items = new Map<string, FleetItem>();
  if (session.can('system:admin')) container.append(stopAllBar(items));
  container.append(list);

  return (robot) => {
    let entry = items.get(robot.id);
    if (!entry) {
      const summary = el('span', { class: 'robot-summary' });
      const item = el('li', { 'data-robot-id': robot.id }, summary);
      entry = { item, summary };
      if (canStop) {
        const result = el('output', {
          class: 'robot-stop-result',
          'data-testid': 'robot-stop-result',
          'aria-live': 'polite',
        });
        item.append(stopButton(robot, result), result);
        entry.result = result;
      }
      items.set(robot.id, entry);
      list.append(item);
    }
    entry.item.dataset.source = robot.source;
    entry.item.dataset.updated = robot.lastUpdated ?? '';
    entry.summary.replaceChildren(
      el('strong', {}, robot.name),
      ` ${robot.kind}, ${robot.online ? 'online' : 'offline'}, battery ${fmt(robot.battery, 0, ' %')} `,
      el(
        'span',
        {
          class: `badge source source-${robot.source}`,
          'data-testid': 'robot-source',
          'data-source': robot.source,
        },
        SOURCE_LABEL[robot.source],
      ),
      ...(robot.source === 'mqtt' ? vehicleDetails(robot) : []),
      ...(robot.paused
        ? [el('span', { class: 'badge paused', 'data-testid': 'robot-paused' }, 'paused')]
        : []),
    );
  };
}

/** An MQTT vehicle's connection, its stale flag and how many errors it reports, briefly. */
function vehicleDetails(robot: RobotResponseDto): (Node | string)[] {
  const details: (Node | string)[] = [
    ' ',
    el(
      'span',
      {
        class: 'connection',
        'data-testid': 'robot-connection',
        'data-state': robot.connectionState ?? 'unknown',
      },
      robot.connectionState ?? 'no connection message',
    ),
  ];
  if (robot.stale) {
    details.push(
      ' ',
      el(
        'span',
        {
          class: 'badge stale',
          'data-testid': 'robot-stale',
          title: 'No state heard lately: the values shown are the last ones reported',
        },
        'stale',
      ),
    );
  }
  const count = robot.errors.length;
  const fatal = robot.errors.some((error) => error.level === 'FATAL');
  details.push(
    ' ',
    el(
      'span',
      {
        class: count === 0 ? 'robot-errors' : `robot-errors has-errors${fatal ? ' fatal' : ''}`,
        'data-testid': 'robot-errors',
        'data-count': String(count),
        title: robot.errors
          .map(
            (error) =>
              `${error.level} ${error.type}${error.description ? `: ${error.description}` : ''}`,
          )
          .join('\n'),
      },
      count === 1 ? '1 error' : `${count} errors`,
    ),
  );
  return details;
}

function stopButton(robot: RobotResponseDto, result: HTMLOutputElement): HTMLButtonElement {
  const button = el(
    'button',
    {
      type: 'button',
      class: 'robot-stop',
      'data-testid': 'robot-stop',
      'aria-label': `Stop ${robot.name}`,
    },
    'Stop',
  );
  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    showOutcome(result, PENDING);
    void stopRobot(robot.id)
      .then(describeStopResult, describeStopFailure)
      .then((outcome) => showOutcome(result, outcome))
      .finally(() => {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  });
  return button;
}

/** The admin's "Stop all robots": one request, each robot's answer beside it, the count above. */
function stopAllBar(items: ReadonlyMap<string, FleetItem>): HTMLDivElement {
  const button = el(
    'button',
    { type: 'button', class: 'robot-stop', 'data-testid': 'fleet-stop-all' },
    'Stop all robots',
  );
  const summary = el('output', {
    class: 'robot-stop-result',
    'data-testid': 'fleet-stop-all-result',
    'aria-live': 'polite',
  });
  button.addEventListener('click', () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    showOutcome(summary, PENDING);
    void stopFleet()
      .then((fleet): StopOutcome => {
        for (const result of fleet.results) {
          const target = items.get(result.robotId)?.result;
          if (target) showOutcome(target, describeStopResult(result));
        }
        return {
          state: fleet.stopped === fleet.total ? 'stopped' : 'failed',
          text: `${fleet.stopped} of ${fleet.total} stopped`,
        };
      }, describeStopFailure)
      .then((outcome) => showOutcome(summary, outcome))
      .finally(() => {
        button.disabled = false;
        button.removeAttribute('aria-busy');
      });
  });
  return el('div', { class: 'fleet-bar' }, button, summary);
}

function showOutcome(target: HTMLOutputElement, outcome: StopOutcome | typeof PENDING): void {
  target.dataset.state = outcome.state;
  target.textContent = outcome.text;
}
