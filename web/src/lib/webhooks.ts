/** Webhook form logic: the event types, the target URL rule, delivery wording. */

export const EVENT_TYPES = ["order.created", "order.paid", "order.fulfilled", "order.canceled", "order.deleted"] as const;

/** The `events` to send: every type chosen is `["*"]` (also the types added later). */
export function eventsToSend(chosen: readonly string[]): string[] {
  const known = EVENT_TYPES.filter((t) => chosen.includes(t));
  return known.length === EVENT_TYPES.length ? ["*"] : known;
}

/** The types a webhook's `events` stand for. */
export function eventsChosen(events: readonly string[]): string[] {
  return events.includes("*") ? [...EVENT_TYPES] : EVENT_TYPES.filter((t) => events.includes(t));
}

/** Why `url` cannot be a webhook target, or `null` (the server also refuses private addresses). */
export function webhookUrlError(url: string): string | null {
  const text = url.trim();
  if (text === "") return "is required";
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return "must be a full address like https://example.com/hooks";
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return "must start with https://";
  if (text.length > 2048) return "must be at most 2048 characters";
  return null;
}

/** A delivery's state in a sentence. */
export function deliveryText(d: { status: string; attempts: number; last_status_code?: number | null; last_error?: string | null }): string {
  const answer = d.last_status_code ? `HTTP ${d.last_status_code}` : d.last_error ? d.last_error : "no answer yet";
  const tries = `${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`;
  if (d.status === "delivered") return `Delivered (${answer}, ${tries})`;
  if (d.status === "failed") return `Failed after ${tries}: ${answer}`;
  return d.attempts === 0 ? "Waiting to be sent" : `Retrying (${tries}, last: ${answer})`;
}
