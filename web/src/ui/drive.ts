import type { TelemetrySocket } from '../api/realtime';
import { el } from './dom';
import { isTyping } from './estop';

/** Forward and turn per key; several held keys add up (W + D drives forward and right). */
const KEYS: Record<string, { forward: number; turn: number }> = {
  KeyW: { forward: 1, turn: 0 },
  ArrowUp: { forward: 1, turn: 0 },
  KeyS: { forward: -1, turn: 0 },
  ArrowDown: { forward: -1, turn: 0 },
  KeyA: { forward: 0, turn: -1 },
  ArrowLeft: { forward: 0, turn: -1 },
  KeyD: { forward: 0, turn: 1 },
  ArrowRight: { forward: 0, turn: 1 },
};
/** Well inside the server's deadman timeout (1 s by default), so a held key keeps the lease. */
const HEARTBEAT_MS = 250;
const SPEED = 0.5;

/**
 * Keyboard and on-screen driving for operators. The client is the second line: holding a key sends
 * one move and heartbeats, letting go sends a zero move; the server's deadman stops the rover when
 * the heartbeats stop (a closed tab, a lost network), and its latch and collision guard refuse what
 * they must. A refused move is shown, never retried by this page.
 */
export function mountDrive(container: HTMLElement, socket: TelemetrySocket): void {
  const held = new Set<string>();
  const status = el(
    'p',
    { 'data-testid': 'drive-status', role: 'status' },
    'Hold W A S D or the arrows to drive.',
  );
  const pad = el('div', { class: 'pad', role: 'group', 'aria-label': 'Drive' });
  for (const [code, label] of [
    ['KeyW', 'Forward'],
    ['KeyA', 'Left'],
    ['KeyS', 'Back'],
    ['KeyD', 'Right'],
  ] as const) {
    const button = el('button', { type: 'button', 'data-key': code }, label);
    button.addEventListener('pointerdown', () => press(code));
    button.addEventListener('pointerup', () => release(code));
    button.addEventListener('pointerleave', () => release(code));
    pad.append(button);
  }
  container.append(
    el('section', { 'data-testid': 'drive', class: 'panel' }, el('h2', {}, 'Drive'), pad, status),
  );

  let heartbeat: number | undefined;
  const send = (): void => {
    let forward = 0;
    let turn = 0;
    for (const code of held) {
      forward += KEYS[code].forward;
      turn += KEYS[code].turn;
    }
    const parameters = {
      forward: Math.max(-1, Math.min(1, forward)) * SPEED,
      turn: Math.max(-1, Math.min(1, turn)) * SPEED,
    };
    socket.emit('command', { action: 'move', parameters }, (answer: object) => {
      const refused = answer as { error?: string; message?: string };
      status.textContent = refused.error
        ? `Refused: ${refused.message ?? refused.error}`
        : held.size > 0
          ? 'Driving'
          : 'Stopped';
    });
    window.clearInterval(heartbeat);
    heartbeat =
      held.size > 0
        ? window.setInterval(
            () => socket.emit('heartbeat', undefined, () => undefined),
            HEARTBEAT_MS,
          )
        : undefined;
  };
  const press = (code: string): void => {
    if (held.has(code)) return;
    held.add(code);
    send();
  };
  const release = (code: string): void => {
    if (!held.delete(code)) return;
    send();
  };
  document.addEventListener('keydown', (event) => {
    if (!(event.code in KEYS) || isTyping(event.target) || event.repeat) return;
    event.preventDefault();
    press(event.code);
  });
  document.addEventListener('keyup', (event) => {
    if (event.code in KEYS) release(event.code);
  });
  // Switching away with a key held: no keyup will come.
  window.addEventListener('blur', () => {
    if (held.size === 0) return;
    held.clear();
    send();
  });
}
