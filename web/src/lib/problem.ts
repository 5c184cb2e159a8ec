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

/**
 * Field errors the form does not show next to a field (a field the server
 * names that the form has no input for): they must still reach the user.
 */
export function unplacedErrors(fields: Record<string, string>, shown: readonly string[]): string[] {
  return Object.entries(fields)
    .filter(([field]) => !shown.includes(field))
    .map(([field, message]) => `${field}: ${message}`);
}
