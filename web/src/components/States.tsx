import type { ReactNode } from "react";
import { Link } from "react-router";
import { describeError } from "../lib/problem";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** A failure that is not about one field. */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** Errors the server gave for fields this form has no input for. */
export function OtherErrors({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="banner banner-error" role="alert">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

export function NotFound({ what = "page" }: { what?: string }) {
  return (
    <div className="empty">
      <h2>No such {what}</h2>
      <p>It may have been deleted, or the link is wrong.</p>
      <Link className="button" to="/">
        Back to my sites
      </Link>
    </div>
  );
}
