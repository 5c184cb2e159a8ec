/** Timestamps are RFC 3339 UTC on the wire and local time in forms (`<input type="datetime-local">`). */

/** "2026-11-21T10:30" (local) → RFC 3339 UTC; empty → null. */
export function localToIso(local: string): string | null {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** RFC 3339 → the value of a datetime-local input, in local time. */
export function isoToLocal(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A short, human date-time; "—" when absent. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Whether a window [start, end) holds `now`: "scheduled", "live" or "ended". */
export function windowState(start: string | null | undefined, end: string | null | undefined, now = Date.now()): "scheduled" | "live" | "ended" {
  if (start && new Date(start).getTime() > now) return "scheduled";
  if (end && new Date(end).getTime() <= now) return "ended";
  return "live";
}

/** "Always", "From …", "Until …" or "… → …": a validity window for people. */
export function formatWindow(start: string | null | undefined, end: string | null | undefined): string {
  if (!start && !end) return "Always";
  if (!end) return `From ${formatWhen(start)}`;
  if (!start) return `Until ${formatWhen(end)}`;
  return `${formatWhen(start)} → ${formatWhen(end)}`;
}
