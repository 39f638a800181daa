import { ApiError, session } from '../api/http';
import { el } from '../ui/dom';

export function renderLogin(root: HTMLElement): void {
  const username = el('input', { name: 'username', autocomplete: 'username', required: '' });
  const password = el('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: '',
  });
  const error = el('p', { role: 'alert', class: 'error' });
  const form = el(
    'form',
    { 'data-testid': 'login', class: 'login panel' },
    el('h1', {}, 'Rover Mission Control'),
    el('label', {}, 'Username ', username),
    el('label', {}, 'Password ', password),
    el('button', { type: 'submit' }, 'Log in'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    session.login(username.value, password.value).catch((failure: unknown) => {
      error.textContent =
        failure instanceof ApiError ? failure.message : 'Cannot reach the service';
    });
  });
  root.replaceChildren(el('main', { class: 'center' }, form));
  username.focus();
}
