import type { LoginResponseDto } from '../../../src/auth/dto/login-response.dto';

/** The service's error envelope (API.md §0). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; messages: string[] }[];
}

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
  }
}

const REFRESH_KEY = 'rmc.refreshToken';

/**
 * The session: the access token lives in memory only; the refresh token, which rotates on every
 * use, in sessionStorage, so a reload of this tab can sign in again once and a new tab cannot.
 */
class Session {
  accessToken: string | null = null;
  user: LoginResponseDto['user'] | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  async login(username: string, password: string): Promise<void> {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new ApiError((await res.json()) as ApiErrorBody);
    this.accept((await res.json()) as LoginResponseDto);
  }

  /** One refresh at a time: two 401s at once must not spend the same refresh token twice. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  async logout(): Promise<void> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (refreshToken && this.accessToken) {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${this.accessToken}`,
        },
        body: JSON.stringify({ refreshToken }),
      }).catch(() => undefined);
    }
    this.clear();
  }

  can(scope: string): boolean {
    return this.user?.scopes.includes(scope as never) ?? false;
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const res = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch(() => null);
    if (!res?.ok) {
      this.clear();
      return false;
    }
    this.accept((await res.json()) as LoginResponseDto);
    return true;
  }

  /**
   * Listeners hear of a change of who is signed in, not of a token rotation: re-rendering the shell
   * on every refresh would tear down the page whose request was being retried.
   */
  private accept(body: LoginResponseDto): void {
    const before = this.user;
    this.accessToken = body.accessToken;
    this.user = body.user;
    sessionStorage.setItem(REFRESH_KEY, body.refreshToken);
    if (!sameIdentity(before, body.user)) this.listeners.forEach((listener) => listener());
  }

  private clear(): void {
    const wasSignedIn = this.user !== null;
    this.accessToken = null;
    this.user = null;
    sessionStorage.removeItem(REFRESH_KEY);
    if (wasSignedIn) this.listeners.forEach((listener) => listener());
  }
}

function sameIdentity(a: Session['user'], b: Session['user']): boolean {
  return (
    a !== null &&
    b !== null &&
    a.id === b.id &&
    a.role === b.role &&
    a.scopes.length === b.scopes.length &&
    a.scopes.every((scope) => b.scopes.includes(scope))
  );
}

export const session = new Session();

/** A REST call with the access token; one refresh and retry on a 401, never more. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const send = () =>
    fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(session.accessToken ? { Authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res = await send();
  if (res.status === 401 && (await session.refresh())) res = await send();
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) throw new ApiError(parsed as ApiErrorBody);
  return parsed as T;
}
