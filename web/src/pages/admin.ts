import type { AuditPageDto } from '../../../src/audit/dto/audit.dto';
import type { RuntimeConfigResponseDto } from '../../../src/system/runtime-config/dto/runtime-config-response.dto';
import type { UserPageDto } from '../../../src/users/dto/user-response.dto';
import { api, ApiError } from '../api/http';
import { el } from '../ui/dom';

/** For admins: users, the audit log and the runtime settings (each its own API, PATCH for config). */
export function renderAdmin(main: HTMLElement): () => void {
  const users = el('table', { 'data-testid': 'users' });
  const audit = el('table', { 'data-testid': 'audit' });
  const config = el('form', { 'data-testid': 'config', class: 'config' });
  main.append(
    el(
      'div',
      { class: 'grid' },
      el('section', { class: 'panel' }, el('h2', {}, 'Users'), users),
      el('section', { class: 'panel' }, el('h2', {}, 'Runtime settings'), config),
      el('section', { class: 'panel wide' }, el('h2', {}, 'Audit log'), audit),
    ),
  );
  void api<UserPageDto>('GET', '/api/users?limit=100').then((page) =>
    users.replaceChildren(
      el('tr', {}, el('th', { scope: 'col' }, 'User'), el('th', { scope: 'col' }, 'Role')),
      ...page.items.map((u) => el('tr', {}, el('td', {}, u.username), el('td', {}, u.role))),
    ),
  );
  void api<AuditPageDto>('GET', '/api/audit?limit=50').then((page) =>
    audit.replaceChildren(
      el(
        'tr',
        {},
        ...['When', 'Who', 'Action', 'Outcome'].map((h) => el('th', { scope: 'col' }, h)),
      ),
      ...page.items.map((e) =>
        el(
          'tr',
          {},
          el('td', {}, new Date(e.at).toLocaleString()),
          el('td', {}, e.actor),
          el('td', {}, e.action),
          el('td', {}, e.outcome),
        ),
      ),
    ),
  );
  void api<RuntimeConfigResponseDto>('GET', '/api/config').then((current) => {
    const inputs = Object.entries(current)
      .filter(([, value]) => typeof value === 'number')
      .map(([name, value]) => {
        const input = el('input', {
          name,
          type: 'number',
          value: String(value),
          'aria-label': name,
        });
        return { name, input, row: el('label', {}, `${name} `, input) };
      });
    const message = el('p', { role: 'status' });
    config.replaceChildren(
      ...inputs.map((i) => i.row),
      el('button', { type: 'submit' }, 'Apply'),
      message,
    );
    config.addEventListener('submit', (event) => {
      event.preventDefault();
      const change = Object.fromEntries(inputs.map((i) => [i.name, Number(i.input.value)]));
      api('PATCH', '/api/config', change).then(
        () => (message.textContent = 'Applied.'),
        (error: unknown) =>
          (message.textContent = error instanceof ApiError ? error.message : 'Failed'),
      );
    });
  });
  return () => undefined;
}
