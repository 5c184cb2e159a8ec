/**
 * The one way the dashboard calls an API: JSON in and out, the bearer token
 * of the session, and every failure as an `ApiProblem` (problem+json). A 401
 * on an authenticated call ends the session: the app returns to the login
 * page, saying the session expired.
 */
import { ApiProblem, type ProblemBody } from "../lib/problem";
import { sessions } from "../lib/session";

export type Query = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** Send the session's token (default true). */
  auth?: boolean;
}

/** `path` with the non-empty `query` parameters appended. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
  const session = options.auth === false ? null : sessions.current;
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiProblem(0, { title: "Network error" });
  }
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  let body: ProblemBody = { title: response.statusText, status: response.status };
  if ((response.headers.get("content-type") ?? "").includes("json")) {
    try {
      body = (await response.json()) as ProblemBody;
    } catch {
      // Keep the status line.
    }
  }
  if (response.status === 401 && session) sessions.end("expired");
  throw new ApiProblem(response.status, body);
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body: unknown) => request<T>("POST", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  delete: (path: string) => request<void>("DELETE", path),
};
