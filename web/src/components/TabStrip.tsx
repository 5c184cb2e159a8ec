import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A row of tabs that scrolls sideways when it does not fit (a 390 px phone):
 * an edge that hides more tabs shows a fade and a "more" arrow button, which
 * scrolls the strip; the active tab is scrolled into view on each navigation.
 */
export function TabStrip({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  const measure = useCallback(() => {
    const strip = ref.current;
    if (!strip) return;
    const left = strip.scrollLeft > 1;
    const right = strip.scrollLeft + strip.clientWidth < strip.scrollWidth - 1;
    setMore((now) => (now.left === left && now.right === right ? now : { left, right }));
  }, []);
  const location = useLocation();
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>(".active")?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    measure();
  }, [location.pathname, measure]);
  useEffect(() => {
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [measure]);
  const scroll = (direction: 1 | -1) => {
    const strip = ref.current;
    strip?.scrollBy({ left: direction * strip.clientWidth * 0.6, behavior: "smooth" });
  };
  return (
    <div className={`tab-strip${more.left ? " more-left" : ""}${more.right ? " more-right" : ""}`}>
      <nav className="tabs" aria-label={label} ref={ref} onScroll={measure}>
        {children}
      </nav>
      {/* Pointer affordances only: keyboard users reach every tab with Tab, which scrolls the strip. */}
      {more.left && (
        <button type="button" className="tab-more left" tabIndex={-1} aria-hidden="true" onClick={() => scroll(-1)}>
          ‹
        </button>
      )}
      {more.right && (
        <button type="button" className="tab-more right" tabIndex={-1} aria-hidden="true" onClick={() => scroll(1)}>
          ›
        </button>
      )}
    </div>
  );
}
