/*
 * The typed API client. Every call carries the in-memory access token; a 401 triggers one
 * refresh (shared by concurrent calls) and one retry, and if the refresh fails the user is
 * sent to the login page.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { page } from '$app/state';
import type { paths } from './schema.d.ts';
import { ApiError, toApiError } from './errors.ts';
import { endSession, refreshSession, session } from '../session.svelte.ts';

/** Endpoints whose 401 means "wrong credentials or link", not "token expired". */
const NO_REFRESH = [
  '/api/auth/login',
  '/api/auth/refresh',
  '/api/auth/logout',
  '/api/auth/forgot',
  '/api/auth/link',
];

function withToken(request: Request): Request {
  if (session.accessToken) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
  return request;
}

/** Sends the user to /login, remembering where they were. */
export async function redirectToLogin(): Promise<void> {
  endSession();
  const here = page.url.pathname + page.url.search;
  if (!here.startsWith('/login')) session.returnTo = here;
  await goto(resolve('/login'), { replaceState: true });
}

const pendingRetries = new Map<string, Request>();

const authMiddleware: Middleware = {
  onRequest({ request, id, schemaPath }) {
    withToken(request);
    // The body of a sent request cannot be read again; keep a copy for a retry after refresh.
    if (!NO_REFRESH.some((p) => schemaPath.startsWith(p))) pendingRetries.set(id, request.clone());
    return request;
  },
  async onResponse({ response, id, schemaPath }) {
    const copy = pendingRetries.get(id);
    pendingRetries.delete(id);
    if (response.status !== 401 || !copy || NO_REFRESH.some((p) => schemaPath.startsWith(p))) return response;
    if (!(await refreshSession())) {
      await redirectToLogin();
      return response;
    }
    return fetch(withToken(copy));
  },
  onError({ id }) {
    pendingRetries.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(authMiddleware);

type Outcome<T> = { data?: T; error?: unknown; response: Response };

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError with the server's message. */
export async function call<T>(request: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await request;
  } catch {
    throw toApiError(0, null);
  }
  if (!outcome.response.ok) throw toApiError(outcome.response.status, outcome.error);
  return outcome.data as T;
}

/**
 * fetch with the same token and refresh-once behaviour, for what openapi-fetch does not
 * cover well: multipart uploads and file downloads.
 */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    if (session.accessToken) headers.set('Authorization', `Bearer ${session.accessToken}`);
    return fetch(path, { ...init, headers, credentials: 'same-origin' });
  };
  let response: Response;
  try {
    response = await send();
    if (response.status === 401) {
      if (!(await refreshSession())) {
        await redirectToLogin();
        return response;
      }
      response = await send();
    }
  } catch {
    throw toApiError(0, null);
  }
  return response;
}

/** Reads an error reply of authorizedFetch into an ApiError. */
export async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status alone will do.
  }
  return toApiError(response.status, body);
}
