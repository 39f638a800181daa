import type { AuthenticatedUser } from '../common/access/authenticated-user';

/** What the handshake leaves on `socket.data` for every handler of every namespace. */
export interface SocketData {
  user: AuthenticatedUser;
}
