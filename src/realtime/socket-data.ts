import type { AuthenticatedUser } from '../auth/scopes';

/** What the handshake leaves on `socket.data` for every handler of every namespace. */
export interface SocketData {
  user: AuthenticatedUser;
}
