/**
 * The product editor's variant table: rows edited locally, then saved as the
 * fewest calls (create new rows, patch changed ones, delete removed ones).
 */
import { type AttributeRow, fromRows, toRows } from "./attributes";
import { currencyError, priceError } from "./money";

export interface VariantLike {
  id: string;
  sku: string;
  attributes: Record<string, unknown>;
  price: string;
  currency: string;
  stock_qty: number;
}

export interface VariantRow {
  /** Stable React key; equals `id` for saved variants. */
  key: string;
  id?: string;
  sku: string;
  attributes: AttributeRow[];
  price: string;
  currency: string;
  stock: string;
}

export interface VariantInput {
  /** Absent: the server makes one from the product's address and the attribute values. */
  sku?: string;
  attributes: Record<string, string>;
  price: string;
  currency: string;
  stock_qty: number;
}

export type VariantOp =
  | { kind: "create"; key: string; body: VariantInput }
  | { kind: "update"; key: string; id: string; body: Partial<VariantInput> }
  | { kind: "delete"; id: string };

let counter = 0;

export function rowFromVariant(variant: VariantLike): VariantRow {
  return {
    key: variant.id,
    id: variant.id,
    sku: variant.sku,
    attributes: toRows(variant.attributes),
    price: variant.price,
    currency: variant.currency,
    stock: String(variant.stock_qty),
  };
}

export function emptyRow(currency = "EUR"): VariantRow {
  counter += 1;
  return { key: `new-${counter}`, sku: "", attributes: [{ key: "", value: "" }], price: "", currency, stock: "0" };
}

/** Field errors of a row, by field name as the API names them. */
export function validateRow(row: VariantRow): Record<string, string> {
  const errors: Record<string, string> = {};
  // An empty SKU is made by the server (the product's address and the attribute values).
  const sku = row.sku.trim();
  if (sku === "" && row.id) errors.sku = "is required: a saved variant keeps its SKU until you type another";
  else if (sku.length > 64) errors.sku = "must be at most 64 characters";
  else if (/\s/.test(sku)) errors.sku = "must not contain spaces";
  const currency = row.currency.trim().toUpperCase();
  const currencyProblem = currencyError(currency);
  if (currencyProblem) errors.currency = currencyProblem;
  const priceProblem = priceError(row.price, currency);
  if (priceProblem) errors.price = priceProblem;
  if (!/^\d+$/.test(row.stock.trim())) errors.stock_qty = "must be a whole number, 0 or more";
  const attributes = fromRows(row.attributes);
  if ("error" in attributes) errors.attributes = attributes.error;
  return errors;
}

/** The body a valid row sends. */
export function inputOf(row: VariantRow): VariantInput {
  const attributes = fromRows(row.attributes);
  const sku = row.sku.trim();
  return {
    ...(sku === "" ? {} : { sku }),
    attributes: "value" in attributes ? attributes.value : {},
    price: row.price.trim(),
    currency: row.currency.trim().toUpperCase(),
    stock_qty: Number(row.stock.trim()),
  };
}

/** Same members in the same order (the order typed is kept and shown on the storefront). */
function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  const other = Object.keys(b);
  return keys.length === other.length && keys.every((k, i) => other[i] === k && String(b[k]) === String(a[k]));
}

/** What to send to go from `saved` to `rows` (rows must be valid). Deletes go first, so a SKU can move between rows. */
export function planChanges(saved: VariantLike[], rows: VariantRow[]): VariantOp[] {
  const kept = new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
  const ops: VariantOp[] = saved.filter((v) => !kept.has(v.id)).map((v) => ({ kind: "delete", id: v.id }));
  const byId = new Map(saved.map((v) => [v.id, v]));
  for (const row of rows) {
    const body = inputOf(row);
    const before = row.id ? byId.get(row.id) : undefined;
    if (!row.id || !before) {
      ops.push({ kind: "create", key: row.key, body });
      continue;
    }
    const patch: Partial<VariantInput> = {};
    // A SKU emptied on a saved variant keeps the one it has (the server generates only at creation).
    if (body.sku !== undefined && body.sku !== before.sku) patch.sku = body.sku;
    if (!sameAttributes(body.attributes, before.attributes)) patch.attributes = body.attributes;
    if (body.price !== before.price) patch.price = body.price;
    if (body.currency !== before.currency) patch.currency = body.currency;
    if (body.stock_qty !== before.stock_qty) patch.stock_qty = body.stock_qty;
    if (Object.keys(patch).length > 0) ops.push({ kind: "update", key: row.key, id: row.id, body: patch });
  }
  return ops;
}

/** An option of the generator: a name and its values ("Size": "S, M, L"). */
export interface OptionInput {
  name: string;
  values: string;
}

/** The values of an option as typed: comma-separated, trimmed, blanks and repeats dropped. */
export function optionValues(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== "" && !seen.has(value) && Boolean(seen.add(value)));
}

/** The most rows the generator makes at once (the API takes 100 variants per new product). */
export const MAX_GENERATED = 100;

/**
 * One row per combination of the options' values, in the order typed
 * (Size: S, M × Colour: Red, Blue → S/Red, S/Blue, M/Red…), each with the
 * options as attributes in the same order, an empty SKU (made by the server),
 * and the given price, currency and stock. Options without a name or values
 * are skipped; an error says why nothing can be made.
 */
export function generateRows(
  options: OptionInput[],
  defaults: { price: string; currency: string; stock: string },
): { rows: VariantRow[] } | { error: string } {
  const used = options
    .map((option) => ({ name: option.name.trim(), values: optionValues(option.values) }))
    .filter((option) => option.name !== "" || option.values.length > 0);
  if (used.length === 0) return { error: "Name an option and give it values, e.g. Size: S, M, L." };
  const unnamed = used.find((option) => option.name === "");
  if (unnamed) return { error: `The values "${unnamed.values.join(", ")}" need an option name.` };
  const empty = used.find((option) => option.values.length === 0);
  if (empty) return { error: `Give "${empty.name}" at least one value.` };
  const names = used.map((option) => option.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated) return { error: `"${repeated}" is given twice.` };
  const count = used.reduce((n, option) => n * option.values.length, 1);
  if (count > MAX_GENERATED) return { error: `That makes ${count} variants; at most ${MAX_GENERATED} at once.` };
  let combinations: string[][] = [[]];
  for (const option of used) combinations = combinations.flatMap((combo) => option.values.map((value) => [...combo, value]));
  return {
    rows: combinations.map((combo) => ({
      ...emptyRow(defaults.currency),
      price: defaults.price,
      stock: defaults.stock,
      attributes: combo.map((value, i) => ({ key: names[i]!, value })),
    })),
  };
}

/** Whether a row is still as "+ Add a variant" made it (nothing typed): the generator replaces those. */
export function isBlankRow(row: VariantRow): boolean {
  return (
    !row.id &&
    row.sku.trim() === "" &&
    row.price.trim() === "" &&
    row.attributes.every((a) => a.key.trim() === "" && a.value.trim() === "")
  );
}

/**
 * The server's errors about `variants[i].field` of a product created with its
 * variants, by the key of row `i` (rows are sent in order).
 */
export function rowErrorsOf(fields: Record<string, string>, rows: VariantRow[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [field, message] of Object.entries(fields)) {
    const match = /^variants\[(\d+)\]\.(\w+)$/.exec(field);
    const row = match ? rows[Number(match[1])] : undefined;
    if (!match || !row) continue;
    out[row.key] = { ...out[row.key], [match[2]!]: message };
  }
  return out;
}
