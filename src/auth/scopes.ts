export const SCOPES = ['rover:view', 'rover:control', 'arduino:upload', 'system:admin'] as const;
export type Scope = (typeof SCOPES)[number];

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** API.md §1: a role is a fixed bundle of scopes; tokens carry the role, scopes derive from it. */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  viewer: ['rover:view'],
  operator: ['rover:view', 'rover:control', 'arduino:upload'],
  admin: ['rover:view', 'rover:control', 'arduino:upload', 'system:admin'],
};

export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

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
