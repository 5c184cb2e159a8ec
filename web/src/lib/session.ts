/**
 * The merchant's session: the access token, kept in localStorage so it
 * survives reloads, until the `exp` of its JWT payload. Components read it
 * with `useSession()`; the API client ends it on any 401.
 */
import { useSyncExternalStore } from "react";
import { draftStore, dropAllDrafts } from "./drafts";

const STORAGE_KEY = "vitrine.session";

export interface Session {
  token: string;
  username: string;
  /** When the token expires, in milliseconds since the epoch. */
  expiresAt: number;
}

/** Why the last session ended, to tell the user on the login page. */
export type EndReason = "expired" | "logout" | null;

/** The JWT payload's claims we use. Signatures are the server's business, not the browser's. */
export function decodeToken(token: string): { exp: number; name?: string; sub?: string } | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "=");
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as unknown;
    if (typeof claims !== "object" || claims === null || typeof (claims as { exp?: unknown }).exp !== "number") {
      return null;
    }
    return claims as { exp: number; name?: string; sub?: string };
  } catch {
    return null;
  }
}

/** A session from a login answer; `null` if the token is unreadable. */
export function sessionFromToken(token: string, fallbackUsername: string): Session | null {
  const claims = decodeToken(token);
  if (!claims) return null;
  return { token, username: claims.name || fallbackUsername, expiresAt: claims.exp * 1000 };
}

/** Whether `session` is still usable at `now` (with a few seconds of margin for clock skew and latency). */
export function isLive(session: Session | null, now = Date.now()): session is Session {
  return session !== null && session.expiresAt - 5_000 > now;
}

/** Parses what localStorage holds; anything malformed or expired is no session. */
export function parseStored(raw: string | null, now = Date.now()): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (typeof value.token !== "string" || typeof value.username !== "string" || typeof value.expiresAt !== "number") {
      return null;
    }
    const session = value as Session;
    return isLive(session, now) ? session : null;
  } catch {
    return null;
  }
}

type Listener = () => void;

/** localStorage, or memory where there is none (tests, private modes that refuse storage). */
function storage(): Pick<Storage, "getItem" | "setItem" | "removeItem"> {
  try {
    if (typeof localStorage !== "undefined") return localStorage;
  } catch {
    // Access itself can throw (storage disabled).
  }
  const memory = new Map<string, string>();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => void memory.set(key, value),
    removeItem: (key) => void memory.delete(key),
  };
}

class SessionStore {
  private session: Session | null = null;
  private reason: EndReason = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<Listener>();
  private snapshot: { session: Session | null; reason: EndReason } = { session: null, reason: null };
  private store = storage();

  constructor() {
    const stored = this.store.getItem(STORAGE_KEY);
    this.session = parseStored(stored);
    if (!this.session && stored) {
      // A session was kept but its token has expired since: say so on the login page.
      this.store.removeItem(STORAGE_KEY);
      this.reason = "expired";
    }
    this.schedule();
    if (typeof window !== "undefined") {
      // Another tab logging in or out.
      window.addEventListener("storage", (event) => {
        if (event.key !== STORAGE_KEY) return;
        this.session = parseStored(event.newValue);
        this.schedule();
        this.emit();
      });
    }
    this.snapshot = { session: this.session, reason: this.reason };
  }

  get current(): Session | null {
    return isLive(this.session) ? this.session : null;
  }

  start(session: Session): void {
    this.session = session;
    this.reason = null;
    this.store.setItem(STORAGE_KEY, JSON.stringify(session));
    this.schedule();
    this.emit();
  }

  end(reason: Exclude<EndReason, null>): void {
    if (!this.session && this.reason === reason) return;
    this.session = null;
    this.reason = reason;
    this.store.removeItem(STORAGE_KEY);
    // Logging out on purpose leaves nothing behind; an expiry keeps the drafts for the next login (ADR 0201).
    if (reason === "logout") dropAllDrafts(draftStore());
    this.schedule();
    this.emit();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private schedule(): void {
    clearTimeout(this.timer);
    if (!this.session) return;
    // setTimeout's delay is a 32-bit integer: cap it, and re-check when it fires.
    const delay = Math.min(Math.max(this.session.expiresAt - 5_000 - Date.now(), 0), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      if (!isLive(this.session)) this.end("expired");
      else this.schedule();
    }, delay);
  }

  private emit(): void {
    this.snapshot = { session: this.session, reason: this.reason };
    for (const listener of this.listeners) listener();
  }
}

export const sessions = new SessionStore();

/** The current session and why the previous one ended. */
export function useSession() {
  return useSyncExternalStore(sessions.subscribe, sessions.getSnapshot);
}
