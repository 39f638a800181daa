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
