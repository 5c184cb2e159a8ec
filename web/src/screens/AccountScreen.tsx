import { useRef, useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { builder } from "../api/endpoints";
import { Field } from "../components/Field";
import { ErrorBanner, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { useFocusFirstError } from "../lib/focus";
import { sessionFromToken, sessions, useSession } from "../lib/session";
import { useTitle } from "../lib/title";

/** The merchant's account: change the password. */
export function AccountScreen() {
  const { session } = useSession();
  useTitle("Account");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);
  const change = useMutation({
    mutationFn: () => builder.changePassword({ current_password: current, new_password: next }),
    onSuccess: (token) => {
      // Every earlier session has ended, this one included: carry on with the new token.
      const fresh = sessionFromToken(token.access_token, session?.username ?? "");
      if (fresh) sessions.start(fresh);
      setCurrent("");
      setNext("");
      setAgain("");
      setErrors({});
      setDone(true);
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const found: Record<string, string> = {};
    if (!current) found.current_password = "is required";
    if ([...next].length < 8) found.new_password = "must be at least 8 characters";
    else if ([...next].length > 128) found.new_password = "must be at most 128 characters";
    else if (next.trim() === "") found.new_password = "must not be only spaces";
    if (!found.new_password && again !== next) found.again = "does not match the new password";
    setErrors(found);
    if (Object.keys(found).length === 0) change.mutate();
    else focusErrors();
  }

  return (
    <div className="page">
      <div className="page-head">
        <h1>Account</h1>
      </div>
      <section aria-labelledby="password-title" className="stack">
        <h2 id="password-title">Change password</h2>
        <p className="muted">
          Signed in as <strong>{session?.username}</strong>. Changing the password signs you out everywhere else (other browsers and devices);
          this one stays signed in.
        </p>
        <form className="card stack" onSubmit={submit} noValidate ref={formRef} aria-labelledby="password-title">
          <Field label="Current password" name="current_password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={errors.current_password} />
          <Field
            label="New password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={errors.new_password}
            hint="At least 8 characters. A few unrelated words make a strong one; common passwords are refused."
          />
          <Field label="New password again" name="again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} error={errors.again} />
          <OtherErrors messages={unplacedErrors(errors, ["current_password", "new_password", "again"])} />
          {change.isError && Object.keys(errors).length === 0 && <ErrorBanner error={change.error} />}
          <div className="actions">
            <button type="submit" className="button" disabled={change.isPending}>
              {change.isPending ? "Changing…" : "Change password"}
            </button>
            {done && (
              <span role="status" className="muted small">
                Password changed. Other sessions are signed out.
              </span>
            )}
          </div>
        </form>
      </section>
    </div>
  );
}
