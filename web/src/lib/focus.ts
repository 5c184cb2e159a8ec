/**
 * After a failed submit, focus goes to the first thing to fix: the first
 * invalid field of the form in document order, else its first alert (a
 * banner), so keyboard and screen-reader users land on the error.
 */
import { useCallback, useEffect, useState, type RefObject } from "react";

/** The selector of what to focus, most specific first. */
export const ERROR_TARGETS = ['[aria-invalid="true"]', '[role="alert"]'] as const;

/** The element to focus in `root`, or null. */
export function firstErrorTarget(root: ParentNode | null): HTMLElement | null {
  if (!root) return null;
  for (const selector of ERROR_TARGETS) {
    const found = root.querySelector<HTMLElement>(selector);
    if (found) return found;
  }
  return null;
}

/** A function to call after a failed submit; the focus moves once React has rendered the errors. */
export function useFocusFirstError(ref: RefObject<HTMLElement | null>): () => void {
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request === 0) return;
    const target = firstErrorTarget(ref.current);
    if (!target) return;
    if (!target.matches("input, select, textarea, button, a[href], [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus();
  }, [request, ref]);
  return useCallback(() => setRequest((n) => n + 1), []);
}
