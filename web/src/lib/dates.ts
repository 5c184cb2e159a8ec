/**
 * Timestamps are RFC 3339 UTC on the wire. People read and type them in the
 * shop's time zone (an IANA name, the shop's `timezone` setting), whatever
 * the zone of the computer at hand: a merchant in Paris setting up a Tokyo
 * shop's sale means midnight in Tokyo. Without a zone, the browser's own.
 */

/** The wall-clock fields of `instant` in `timeZone`. */
function wallClock(instant: number, timeZone?: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? "0");
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour") % 24, minute: get("minute"), second: get("second") };
}

/** How far `timeZone`'s clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone?: string): number {
  const w = wallClock(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** Whether `timeZone` is a zone this browser knows (an IANA name). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone.trim() !== "";
  } catch {
    return false;
  }
}

/** Every IANA zone this browser knows (for the settings' suggestions). */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/**
 * "2026-11-21T10:30" (the value of a datetime-local input, read in
 * `timeZone`) → RFC 3339 UTC; empty or malformed → null. A time skipped by a
 * daylight-saving change is moved forward by the jump, as clocks do.
 */
export function localToIso(local: string, timeZone?: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) return null;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1).map((n) => Number(n ?? "0"));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second || 0);
  if (Number.isNaN(asUtc)) return null;
  if (!timeZone) {
    const date = new Date(year, month - 1, day, hour, minute, second || 0);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  // The offset at the guess, then at the result (they differ across a DST change).
  let instant = asUtc - offsetAt(asUtc, timeZone);
  instant = asUtc - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** RFC 3339 → the value of a datetime-local input, in `timeZone`. */
export function isoToLocal(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  const instant = new Date(iso).getTime();
  if (Number.isNaN(instant)) return "";
  const w = wallClock(instant, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** A short, human date-time in `timeZone`; "—" when absent. */
export function formatWhen(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone });
}

/** The zone's short name at `iso` ("GMT+1", "JST"), to label inputs and times. */
export function zoneLabel(timeZone: string, iso?: string | null): string {
  const date = iso ? new Date(iso) : new Date();
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(Number.isNaN(date.getTime()) ? new Date() : date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** Whether a window [start, end) holds `now`: "scheduled", "live" or "ended". */
export function windowState(start: string | null | undefined, end: string | null | undefined, now = Date.now()): "scheduled" | "live" | "ended" {
  if (start && new Date(start).getTime() > now) return "scheduled";
  if (end && new Date(end).getTime() <= now) return "ended";
  return "live";
}

/** "Always", "From …", "Until …" or "… → …": a validity window for people, in `timeZone`. */
export function formatWindow(start: string | null | undefined, end: string | null | undefined, timeZone?: string): string {
  if (!start && !end) return "Always";
  if (!end) return `From ${formatWhen(start, timeZone)}`;
  if (!start) return `Until ${formatWhen(end, timeZone)}`;
  return `${formatWhen(start, timeZone)} → ${formatWhen(end, timeZone)}`;
}
