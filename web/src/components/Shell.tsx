import { useEffect, useRef, useSyncExternalStore } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { sessions, useSession } from "../lib/session";

function subscribeOnline(listener: () => void) {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

/** Whether the browser has a network connection (true where it cannot tell). */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine, () => true);
}

/** The frame of every signed-in screen. */
export function Shell() {
  const { session } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const online = useOnline();
  // After a client-side navigation, screen readers and keyboard users start at the new
  // screen's content, as after a page load (not on the link they used).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {!online && (
        <div className="offline-banner" role="status">
          You are offline. What you see may be out of date, and changes cannot be saved until the connection is back.
        </div>
      )}
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Vitrine: my sites">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          Vitrine
        </Link>
        <div className="topbar-user">
          <Link to="/account" className="muted" title="Your account: change the password">
            {session?.username}
          </Link>
          <button type="button" className="button small ghost" onClick={() => sessions.end("logout")}>
            Log out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </>
  );
}
