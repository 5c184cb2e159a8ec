import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { useTitle } from "../lib/title";
import { builder } from "../api/endpoints";
import { Field } from "../components/Field";
import { ErrorBanner, OtherErrors } from "../components/States";
import { ApiProblem, errorsOf, unplacedErrors } from "../lib/problem";
import { safeNext } from "../lib/next";
import { sessionFromToken, sessions, useSession } from "../lib/session";

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;

/** Log in, or create an account (then log in). */
export function AuthScreen({ mode }: { mode: "login" | "register" }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { session, reason } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const registering = mode === "register";
  // Only our own origin: never bounce elsewhere (see lib/next.ts).
  const next = safeNext(params.get("next"), window.location.origin);

  useTitle(registering ? "Create your account" : "Log in");

  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    if (registering) {
      if (!USERNAME.test(username.trim())) found.username = "must be 3 to 32 of letters, digits, '_', '.' and '-'";
      if ([...password].length < 8) found.password = "must be at least 8 characters";
      else if ([...password].length > 128) found.password = "must be at most 128 characters";
      else if (password.trim() === "") found.password = "must not be only spaces";
    } else {
      if (!username.trim()) found.username = "is required";
      if (!password) found.password = "is required";
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      // Spaces around a username are never part of it (a phone keyboard adds one after a word).
      const name = username.trim();
      if (registering) await builder.register({ username: name, password });
      const token = await builder.login({ username: name, password });
      const session = sessionFromToken(token.access_token, name);
      if (!session) throw new Error("The server sent a token this dashboard cannot read.");
      sessions.start(session);
      navigate(next, { replace: true });
    } catch (error) {
      const fields = errorsOf(error);
      if (error instanceof ApiProblem && error.status === 409 && !fields.username) fields.username = "is taken";
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(error);
      setBusy(false);
    }
  }

  // Already signed in (another tab, or the back button): straight to the dashboard.
  if (session && !busy) return <Navigate to={next} replace />;

  return (
    <main className="auth" id="main">
      <div className="auth-card">
        <div className="brand auth-brand">
          <span className="brand-mark" aria-hidden="true">
            V
          </span>
          Vitrine
        </div>
        <h1>{registering ? "Create your account" : "Log in"}</h1>
        <p className="muted">{registering ? "Open your shop in a minute. No e-mail needed." : "Welcome back to your shops."}</p>
        {reason === "expired" && !registering && (
          <div className="banner banner-info" role="status">
            Your session expired. Log in again to continue.
          </div>
        )}
        <ErrorBanner error={failure} />
        <OtherErrors messages={unplacedErrors(errors, ["username", "password"])} />
        <form onSubmit={submit} noValidate>
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={errors.username}
            hint={registering ? "3 to 32 letters, digits, '_', '.' or '-'." : undefined}
            autoFocus
            required
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete={registering ? "new-password" : "current-password"}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            hint={registering ? "At least 8 characters; common passwords such as \"password1\" are refused." : undefined}
            required
          />
          <button className="button primary block" type="submit" disabled={busy}>
            {busy ? (registering ? "Creating…" : "Logging in…") : registering ? "Create account" : "Log in"}
          </button>
        </form>
        <p className="auth-switch">
          {registering ? (
            <>
              Already have an account? <Link to={`/login${params.size ? `?${params}` : ""}`}>Log in</Link>
            </>
          ) : (
            <>
              New to Vitrine? <Link to={`/register${params.size ? `?${params}` : ""}`}>Create an account</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
