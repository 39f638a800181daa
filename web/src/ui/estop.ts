import { api, ApiError } from '../api/http';
import type { TelemetrySocket } from '../api/realtime';
import { el } from './dom';

/**
 * The e-stop: always on screen, for anyone signed in, from a button or the keyboard (Space,
 * Escape), and sent on the socket and over REST at once, so that either path reaching the server
 * stops the rover. The latch banner follows the server's status, not the click.
 */
export function mountEstop(bar: HTMLElement, socket: TelemetrySocket): (latched: boolean) => void {
  const button = el(
    'button',
    { type: 'button', class: 'estop', 'data-testid': 'estop', 'aria-keyshortcuts': 'Space Escape' },
    'EMERGENCY STOP',
  );
  const latch = el(
    'div',
    { class: 'latch', 'data-testid': 'latch', role: 'status', hidden: '' },
    el('strong', {}, 'Emergency stop latched. '),
    'The rover will not move until someone resumes with a reason. ',
  );
  const resume = el('button', { type: 'button', 'data-testid': 'resume' }, 'Resume…');
  latch.append(resume);
  const dialog = buildResumeDialog();
  bar.append(button, latch, dialog);

  const stop = (): void => {
    socket.emit('command', { action: 'stop' }, () => undefined);
    void api('POST', '/api/rover/emergency-stop').catch(() => undefined);
  };
  button.addEventListener('click', stop);
  document.addEventListener('keydown', (event) => {
    if (event.code !== 'Space' && event.key !== 'Escape') return;
    if (event.code === 'Space' && isTyping(event.target)) return;
    event.preventDefault();
    stop();
  });
  resume.addEventListener('click', () => dialog.showModal());
  return (latched: boolean) => {
    latch.hidden = !latched;
    button.setAttribute('aria-pressed', String(latched));
  };
}

function buildResumeDialog(): HTMLDialogElement {
  const reason = el('input', {
    name: 'reason',
    required: '',
    minlength: '3',
    maxlength: '500',
    'aria-label': 'Why it is safe to move again',
  });
  const error = el('p', { role: 'alert', class: 'error' });
  const form = el(
    'form',
    { method: 'dialog' },
    el('h2', {}, 'Resume after an emergency stop'),
    el('label', {}, 'Why is it safe to move again? ', reason),
    error,
    el('button', { type: 'submit' }, 'Resume'),
    el('button', { type: 'button', value: 'cancel', class: 'secondary' }, 'Cancel'),
  );
  const dialog = el('dialog', { 'data-testid': 'resume-dialog' }, form);
  form.querySelector('button.secondary')?.addEventListener('click', () => dialog.close());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (text.length < 3) {
      error.textContent = 'Give a reason (at least 3 characters).';
      return;
    }
    api('POST', '/api/rover/resume', { reason: text }).then(
      () => {
        reason.value = '';
        error.textContent = '';
        dialog.close();
      },
      (failure: unknown) => {
        error.textContent = failure instanceof ApiError ? failure.message : 'Resume failed';
      },
    );
  });
  return dialog;
}

export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}
