import type { Role, Scope } from './roles-and-scopes';

/** The caller, as the guards see it after the access token was verified. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  role: Role;
  scopes: readonly Scope[];
  /** Token expiry, epoch seconds: sockets are disconnected when it passes. */
  tokenExpiresAt: number;
  /** The login (refresh-token family, the token's `sid`) the caller's access token belongs to. */
  sessionId: string;
}
