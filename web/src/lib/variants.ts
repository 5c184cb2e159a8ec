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
  sku: string;
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
  const sku = row.sku.trim();
  if (sku === "") errors.sku = "is required";
  else if (sku.length > 64) errors.sku = "must be at most 64 characters";
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
  return {
    sku: row.sku.trim(),
    attributes: "value" in attributes ? attributes.value : {},
    price: row.price.trim(),
    currency: row.currency.trim().toUpperCase(),
    stock_qty: Number(row.stock.trim()),
  };
}

function sameAttributes(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && String(b[k]) === String(a[k]));
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
    if (body.sku !== before.sku) patch.sku = body.sku;
    if (!sameAttributes(body.attributes, before.attributes)) patch.attributes = body.attributes;
    if (body.price !== before.price) patch.price = body.price;
    if (body.currency !== before.currency) patch.currency = body.currency;
    if (body.stock_qty !== before.stock_qty) patch.stock_qty = body.stock_qty;
    if (Object.keys(patch).length > 0) ops.push({ kind: "update", key: row.key, id: row.id, body: patch });
  }
  return ops;
}
