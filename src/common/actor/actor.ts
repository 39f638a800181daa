/** Who did something: a signed-in user, or the service itself (the deadman, a storage alert). */
export interface Actor {
  id: string | null;
  username: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, username: 'system' };
