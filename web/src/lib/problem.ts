/**
 * Errors from the APIs: every error body is RFC 9457 problem+json
 * `{type, title, status, detail, errors: [{field, message}]}`. Forms show
 * `errors` next to their fields; everything else goes in a banner.
 */

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string | null;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** An error answer of an API (or a network failure, status 0). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody) {
    super(body.detail || body.title || `Request failed (${status})`);
    this.name = "ApiProblem";
    this.status = status;
    this.body = body;
  }

  /** The field errors, by field name (the first message of each field). */
  get fields(): Record<string, string> {
    return fieldErrors(this.body);
  }

  /** An extension member such as `suggested_slug`. */
  extension<T = unknown>(name: string): T | undefined {
    return this.body[name] as T | undefined;
  }
}

/** `errors` as a map field → message; the first message of a field wins. */
export function fieldErrors(body: ProblemBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const error of body.errors ?? []) {
    if (!(error.field in out)) out[error.field] = error.message;
  }
  return out;
}

/** Field errors under `prefix.` (e.g. `variants.0.`), with the prefix removed. */
export function nestedErrors(fields: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  const start = `${prefix}.`;
  for (const [field, message] of Object.entries(fields)) {
    if (field.startsWith(start)) out[field.slice(start.length)] = message;
  }
  return out;
}

/** What to tell a person about `error`, in one sentence. */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return "Cannot reach the server. Check your connection and try again.";
    const { title, detail, errors } = error.body;
    if (errors && errors.length > 0 && !detail) return `${title ?? "Invalid request"}: check the highlighted fields.`;
    return detail || title || `The server answered ${error.status}.`;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** The field errors of `error`, if it is a problem with any. */
export function errorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiProblem ? error.fields : {};
}

/** Words for field names the API uses whose plain reading would be unclear. */
const FIELD_WORDS: Record<string, string> = {
  start_at: "start",
  end_at: "end",
  category_id: "category",
  parent_id: "parent category",
  product_id: "product",
  variant_id: "variant",
  traffic_split: "traffic split",
  usage_limit: "usage limit",
  stock_qty: "stock",
  sku: "SKU",
  url: "URL",
  alt: "alternative text",
  type: "kind",
  line1: "address line 1",
  line2: "address line 2",
  postal_code: "postal code",
  email: "e-mail",
};

/**
 * A field path of the API (`variants.0.sku`, `usage_limit`) in words a
 * merchant reads ("Variant 1 SKU", "Usage limit").
 */
export function humanField(field: string): string {
  const parts = field.split(".").filter(Boolean);
  const words: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    if (/^\d+$/.test(part)) continue;
    const word = FIELD_WORDS[part] ?? part.replace(/_/g, " ");
    const index = parts[i + 1] && /^\d+$/.test(parts[i + 1]!) ? ` ${Number(parts[i + 1]) + 1}` : "";
    // "variants 1" reads better in the singular.
    words.push((index && word.endsWith("s") ? word.slice(0, -1) : word) + index);
  }
  const text = words.join(" ") || "this form";
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One field error as a sentence: "Currency is required". */
export function fieldSentence(field: string, message: string): string {
  return `${humanField(field)} ${message}`;
}

/**
 * Field errors the form does not show next to a field (a field the server
 * names that the form has no input for): they must still reach the user, in words.
 */
export function unplacedErrors(fields: Record<string, string>, shown: readonly string[]): string[] {
  return Object.entries(fields)
    .filter(([field]) => !shown.includes(field))
    .map(([field, message]) => fieldSentence(field, message));
}

/** Whether `error` is the network failing (offline, server unreachable) rather than an answer. */
export function isConnectionProblem(error: unknown): boolean {
  return error instanceof ApiProblem && error.status === 0;
}
