import type { RoverStatusDto } from '../../src/rover/dto/rover-status.dto';
import { api, session } from './api/http';
import { connectRealtime, type TelemetrySocket } from './api/realtime';
import { renderAdmin } from './pages/admin';
import { renderArduino } from './pages/arduino';
import { renderAssistant } from './pages/assistant';
import { renderCalculators } from './pages/calculators';
import { renderDashboard } from './pages/dashboard';
import { renderKnowledge } from './pages/knowledge';
import { el } from './ui/dom';
import { mountEstop } from './ui/estop';

type Page = (main: HTMLElement, socket: TelemetrySocket) => () => void;

/** Pages by URL fragment (`#/admin`); later features add theirs here. */
const PAGES: Record<string, { title: string; render: Page; scope?: string }> = {
  '': { title: 'Rover', render: renderDashboard },
  calculators: { title: 'Calculators', render: renderCalculators },
  knowledge: { title: 'Knowledge', render: renderKnowledge },
  assistant: { title: 'Assistant', render: renderAssistant },
  arduino: { title: 'Arduino', render: renderArduino },
  admin: { title: 'Admin', render: renderAdmin, scope: 'system:admin' },
};

/** The signed-in layout: header, navigation, the always-visible e-stop, and the current page. */
export function renderShell(root: HTMLElement): () => void {
  const user = session.user;
  if (!user) throw new Error('renderShell needs a session');
  const socket = connectRealtime();
  const nav = el('nav', { 'aria-label': 'Pages' });
  for (const [path, page] of Object.entries(PAGES)) {
    if (page.scope && !session.can(page.scope)) continue;
    nav.append(el('a', { href: `#/${path}` }, page.title));
  }
  const logout = el(
    'button',
    { type: 'button', 'data-testid': 'logout', class: 'secondary' },
    'Log out',
  );
  logout.addEventListener('click', () => void session.logout());
  const safetyBar = el('div', { class: 'safety' });
  const main = el('main', { id: 'main' });
  root.replaceChildren(
    el(
      'header',
      {},
      el('h1', {}, 'Rover Mission Control'),
      nav,
      el('span', { 'data-testid': 'whoami' }, `${user.username} (${user.role})`),
      logout,
    ),
    safetyBar,
    main,
  );
  const showLatch = mountEstop(safetyBar, socket);
  const onStatus = (status: RoverStatusDto) => showLatch(status.emergency_stop);
  socket.on('status', (m) => onStatus(m.data));
  void api<RoverStatusDto>('GET', '/api/rover/status').then(onStatus, () => undefined);

  let leave = (): void => undefined;
  const route = (): void => {
    leave();
    main.replaceChildren();
    const path = location.hash.replace(/^#\/?/, '');
    const page = PAGES[path] ?? PAGES[''];
    const allowed = !page.scope || session.can(page.scope);
    leave = (allowed ? page : PAGES['']).render(main, socket);
    document.title = `${page.title} · Rover Mission Control`;
  };
  window.addEventListener('hashchange', route);
  route();
  return () => {
    leave();
    window.removeEventListener('hashchange', route);
    socket.disconnect();
  };
}
