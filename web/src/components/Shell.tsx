import { Link, Outlet } from "react-router";
import { sessions, useSession } from "../lib/session";

/** The frame of every signed-in screen. */
export function Shell() {
  const { session } = useSession();
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
      <main id="main" className="main">
        <Outlet />
      </main>
    </>
  );
}
