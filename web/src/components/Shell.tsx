import { useEffect, useRef } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { sessions, useSession } from "../lib/session";

/** The frame of every signed-in screen. */
export function Shell() {
  const { session } = useSession();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
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
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Vitrine: my sites">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          Vitrine
        </Link>
        <div className="topbar-user">
          <span className="muted" title="Signed in">
            {session?.username}
          </span>
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
