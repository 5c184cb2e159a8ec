/**
 * Paging bound to the URL (see lib/paging.ts): `usePaging()` gives the
 * cursor to ask with, `<Pager>` the Previous / Next controls.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { firstPageParams, nextParams, positionOf, previousParams } from "../lib/paging";

export interface Paging {
  cursor: string | undefined;
  number: number;
  hasPrevious: boolean;
  next: (cursor: string) => void;
  previous: () => void;
  /** Back to page 1 with `change` applied to the other parameters (a new search, a filter). */
  restart: (change?: (params: URLSearchParams) => void) => void;
}

export function usePaging(): Paging {
  const [params, setParams] = useSearchParams();
  const position = useMemo(() => positionOf(params), [params]);
  const next = useCallback((cursor: string) => setParams((prev) => nextParams(prev, cursor)), [setParams]);
  const previous = useCallback(() => setParams((prev) => previousParams(prev)), [setParams]);
  const restart = useCallback(
    (change?: (params: URLSearchParams) => void) =>
      setParams(
        (prev) => {
          const fresh = firstPageParams(prev);
          change?.(fresh);
          return fresh;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { ...position, next, previous, restart };
}

/** Previous / Next for a page whose answer carried `nextCursor`; nothing when there is one page. */
export function Pager({ paging, nextCursor, label = "Pages" }: { paging: Paging; nextCursor: string | null | undefined; label?: string }) {
  if (!paging.hasPrevious && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button small" disabled={!paging.hasPrevious} onClick={paging.previous}>
        ← Previous
      </button>
      <span className="muted small">Page {paging.number}</span>
      <button type="button" className="button small" disabled={!nextCursor} onClick={() => nextCursor && paging.next(nextCursor)}>
        Next →
      </button>
    </nav>
  );
}
