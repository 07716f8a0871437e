/*
 * The signed-in session, in memory only: the access token never touches storage, so a
 * script injected into the page cannot read it after a reload. The refresh token lives in
 * an httpOnly cookie (path /api/auth) that only the refresh endpoint sees; on start the app
 * calls that endpoint to get a fresh access token silently.
 */
import type { Me, Session } from './api/types.ts';

type Status = 'unknown' | 'signed-in' | 'signed-out';

class SessionState {
  status = $state<Status>('unknown');
  user = $state<Me | null>(null);
  accessToken: string | null = null;
  /** Where to return after signing in (a page the guard turned away). */
  returnTo: string | null = null;
  /** Why the last session ended: only an expired one sends the user back where they were. */
  endedBy: 'expiry' | 'logout' | null = null;
}

export const session = new SessionState();

export function startSession(s: Session): void {
  session.endedBy = null;
  session.accessToken = s.accessToken;
  session.user = s.user;
  session.status = 'signed-in';
}

export function endSession(by: 'expiry' | 'logout' = 'expiry'): void {
  session.endedBy = by;
  session.accessToken = null;
  session.user = null;
  session.status = 'signed-out';
}

let refreshing: Promise<boolean> | null = null;

/**
 * Exchanges the refresh cookie for a new access token. Concurrent callers share one request:
 * the server rotates the refresh token, so two parallel refreshes would revoke each other.
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
      if (!res.ok) {
        endSession();
        return false;
      }
      startSession((await res.json()) as Session);
      return true;
    } catch {
      // Offline or server down: keep whatever state we had, the caller decides.
      if (session.status === 'unknown') session.status = 'signed-out';
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Called once when the app starts. */
export async function restoreSession(): Promise<void> {
  if (session.status !== 'unknown') return;
  await refreshSession();
}

export async function signOut(): Promise<void> {
  try {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } finally {
    session.returnTo = null;
    endSession('logout');
  }
}
