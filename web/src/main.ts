import './styles.css';
import { session } from './api/http';
import { renderLogin } from './pages/login';
import { renderShell } from './shell';

const root = document.getElementById('app') as HTMLElement;
let leave: (() => void) | undefined;

/** Signed in: the shell; signed out: the login form. Every session change re-renders. */
function render(): void {
  leave?.();
  leave = undefined;
  if (session.user) leave = renderShell(root);
  else renderLogin(root);
}

session.onChange(render);
// A reload keeps the session as far as the rotating refresh token allows.
void session.refresh().then((signedIn) => {
  if (!signedIn) render();
});
