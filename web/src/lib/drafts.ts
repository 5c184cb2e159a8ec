/**
 * Work in progress that outlives an expired session (ADR 0201): while a form
 * has unsaved edits, they are kept in this tab's sessionStorage under the
 * form's key and the merchant's name. After the session expires and the
 * merchant logs in again, the form comes back with the edits restored. A
 * draft is never shown to another merchant (another username), is dropped on
 * save, on "Leave" and on logout, and is per tab (sessionStorage).
 */

const PREFIX = "vitrine.draft:";

export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

interface Stored<T> {
  user: string;
  savedAt: number;
  value: T;
}

/** Drafts older than this are stale, not work in progress. */
export const DRAFT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function saveDraft<T>(store: DraftStore, key: string, user: string, value: T, now = Date.now()): void {
  const stored: Stored<T> = { user, savedAt: now, value };
  try {
    store.setItem(PREFIX + key, JSON.stringify(stored));
  } catch {
    // A full or disabled storage loses the draft, not the page.
  }
}

/** The draft of `key` for `user`, if there is a fresh one. */
export function readDraft<T>(store: DraftStore, key: string, user: string, now = Date.now()): T | null {
  const raw = store.getItem(PREFIX + key);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<Stored<T>>;
    if (stored.user !== user || typeof stored.savedAt !== "number" || now - stored.savedAt > DRAFT_MAX_AGE_MS) return null;
    return (stored.value ?? null) as T | null;
  } catch {
    return null;
  }
}

export function dropDraft(store: DraftStore, key: string): void {
  store.removeItem(PREFIX + key);
}

/** Every draft (on logout: nothing of one merchant's work stays in the tab). */
export function dropAllDrafts(store: DraftStore): void {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

/** sessionStorage, or a memory store where there is none. */
export function draftStore(): DraftStore {
  try {
    if (typeof sessionStorage !== "undefined") return sessionStorage;
  } catch {
    // Storage disabled.
  }
  return memoryStore();
}

export function memoryStore(): DraftStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
  };
}
