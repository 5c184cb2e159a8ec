/** Order logic the commerce screens share: what a merchant may do in each status, stats as chart points. */

export type Status = "pending_payment" | "paid" | "fulfilled" | "canceled";

export const ORDER_STATUSES: readonly Status[] = ["pending_payment", "paid", "fulfilled", "canceled"];

export const STATUS_LABEL: Record<Status, string> = {
  pending_payment: "Awaiting payment",
  paid: "Paid",
  fulfilled: "Fulfilled",
  canceled: "Canceled",
};

export interface OrderActions {
  markPaid: boolean;
  fulfill: boolean;
  cancel: boolean;
  delete: boolean;
}

/** The transitions the checkout API allows from `status` (others answer 409). */
export function orderActions(status: Status): OrderActions {
  return {
    markPaid: status === "pending_payment",
    fulfill: status === "paid",
    cancel: status === "pending_payment" || status === "paid",
    delete: status === "pending_payment" || status === "canceled",
  };
}

/** What the merchant typed in the search box, as the API's `q` ("#1001" → "1001"). */
export function orderSearch(text: string): string | undefined {
  const trimmed = text.trim().replace(/^#(?=\d+$)/, "");
  return trimmed === "" ? undefined : trimmed;
}

/** `date` as YYYY-MM-DD in UTC (the stats endpoint's days). */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` UTC days ending today, as the stats endpoint's `from` and `to`. */
export function lastDays(days: number, now = new Date()): { from: string; to: string } {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  return { from: utcDay(from), to: utcDay(now) };
}

export interface DayPoint {
  date: string;
  orders: number;
  /** For the chart's scale only; the exact amount is `revenueText`. */
  revenue: number;
  revenueText: string;
}

/**
 * One point per day from `from` to `to` (inclusive): days without orders are
 * zero rather than missing, so the chart's time axis is even.
 */
export function fillDays(byDay: readonly { date: string; orders: number; revenue: string }[], from: string, to: string): DayPoint[] {
  const known = new Map(byDay.map((day) => [day.date, day]));
  const points: DayPoint[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && points.length < 3660; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const day = known.get(date);
    points.push({ date, orders: day?.orders ?? 0, revenue: day ? Number(day.revenue) : 0, revenueText: day?.revenue ?? "0" });
  }
  return points;
}

/** A conversion rate (0–1) as a percentage with one decimal: 0.0526 → "5.3%". */
export function percent(rate: number): string {
  if (!Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(1)}%`;
}

export interface DraftLine {
  variant_id: string;
  /** What the merchant sees: "Linen shirt — M / blue (SKU-1)". */
  label: string;
  quantity: number;
}

/** Adds `quantity` of a variant; the same variant again adds to its line (as the API would). */
export function addLine(lines: readonly DraftLine[], line: DraftLine): DraftLine[] {
  const existing = lines.find((l) => l.variant_id === line.variant_id);
  if (!existing) return [...lines, line];
  return lines.map((l) => (l.variant_id === line.variant_id ? { ...l, quantity: l.quantity + line.quantity } : l));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The manual order form's problems, by API field name. */
export function manualOrderErrors(email: string, lines: readonly DraftLine[]): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!EMAIL.test(email.trim())) errors.email = "must be an e-mail address like ana@example.com";
  if (lines.length === 0) errors.lines = "add at least one item";
  lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 999) errors[`lines.${i}.quantity`] = "must be 1 to 999";
  });
  return errors;
}
