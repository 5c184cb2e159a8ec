/**
 * The one way the dashboard pages through a keyset-paginated list
 * (`{items, next_cursor}`, ARCHITECTURE.md decision 8).
 *
 * - Screens that show one page at a time keep the cursors of the pages they
 *   went through in the URL (`?after=c1&after=c2`), so Back, reload and a
 *   shared link return to the same page, and "Previous" needs no server help.
 * - Lists that need every item (a category tree, a product's images) use
 *   `collectAll`, which follows `next_cursor` to the end, bounded.
 */

/** A page of a keyset-paginated list, as every service answers it. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** The URL parameter holding the cursors of the pages already passed. */
export const CURSOR_PARAM = "after";

/** The cursors in `params`, oldest first (blank values ignored). */
export function cursorsOf(params: URLSearchParams): string[] {
  return params.getAll(CURSOR_PARAM).filter((cursor) => cursor !== "");
}

/** `params` with exactly `cursors` as the paging state (other parameters kept). */
export function withCursors(params: URLSearchParams, cursors: readonly string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(CURSOR_PARAM);
  for (const cursor of cursors) next.append(CURSOR_PARAM, cursor);
  return next;
}

/** The state of one paged screen read from its URL. */
export interface PagePosition {
  /** The cursor to ask the API with (undefined: the first page). */
  cursor: string | undefined;
  /** 1 for the first page. */
  number: number;
  hasPrevious: boolean;
}

export function positionOf(params: URLSearchParams): PagePosition {
  const cursors = cursorsOf(params);
  return { cursor: cursors[cursors.length - 1], number: cursors.length + 1, hasPrevious: cursors.length > 0 };
}

/** The URL parameters of the page after this one. */
export function nextParams(params: URLSearchParams, nextCursor: string): URLSearchParams {
  return withCursors(params, [...cursorsOf(params), nextCursor]);
}

/** The URL parameters of the page before this one. */
export function previousParams(params: URLSearchParams): URLSearchParams {
  return withCursors(params, cursorsOf(params).slice(0, -1));
}

/** The URL parameters of the first page (after a filter or search changed, say). */
export function firstPageParams(params: URLSearchParams): URLSearchParams {
  return withCursors(params, []);
}

/**
 * Every item of a list, following `next_cursor` until the end. `maxPages`
 * bounds the work (a server answering cursors forever must not hang the tab);
 * reaching it throws rather than silently showing part of the list.
 */
export async function collectAll<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, maxPages = 200): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = await fetchPage(cursor);
    all.push(...page.items);
    const next = page.next_cursor ?? undefined;
    if (!next) return all;
    if (next === cursor) throw new Error("The server repeated a page cursor; the list cannot be read to its end.");
    cursor = next;
  }
  throw new Error(`The list has more than ${maxPages} pages; narrow it with a search.`);
}
