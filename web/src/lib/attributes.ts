/** A variant's `attributes` (a JSON object) edited as key/value rows. */

export interface AttributeRow {
  key: string;
  value: string;
}

/** Rows for an attributes object; non-string values are shown as JSON. */
export function toRows(attributes: Record<string, unknown> | null | undefined): AttributeRow[] {
  return Object.entries(attributes ?? {}).map(([key, value]) => ({
    key,
    value: typeof value === "string" ? value : JSON.stringify(value),
  }));
}

/** The object for `rows`, or why it cannot be made. Blank rows are ignored. */
export function fromRows(rows: AttributeRow[]): { value: Record<string, string> } | { error: string } {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === "" && row.value.trim() === "") continue;
    if (key === "") return { error: `the value "${row.value}" needs a name` };
    if (Object.hasOwn(out, key)) return { error: `"${key}" is given twice` };
    out[key] = row.value.trim();
  }
  return { value: out };
}

/** "color: red · size: M", for lists. */
export function describeAttributes(attributes: Record<string, unknown> | null | undefined): string {
  return toRows(attributes)
    .map((row) => `${row.key}: ${row.value}`)
    .join(" · ");
}
