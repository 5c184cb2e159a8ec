import { describe, expect, it } from "vitest";
import { emptyRow, planChanges, rowFromVariant, validateRow } from "./variants";

const saved = [
  { id: "v1", sku: "TS-S", attributes: { size: "S" }, price: "19.99", currency: "EUR", stock_qty: 3 },
  { id: "v2", sku: "TS-M", attributes: { size: "M" }, price: "19.99", currency: "EUR", stock_qty: 0 },
];

describe("variant rows", () => {
  it("validate every field the API checks", () => {
    const row = { ...emptyRow(), sku: "", price: "1.999", currency: "eur", stock: "-1" };
    row.attributes = [{ key: "", value: "red" }];
    expect(Object.keys(validateRow(row)).sort()).toEqual(["attributes", "price", "sku", "stock_qty"]);
    const good = { ...emptyRow(), sku: "A-1", price: "12", currency: "EUR", stock: "4" };
    expect(validateRow(good)).toEqual({});
  });

  it("save nothing when nothing changed", () => {
    expect(planChanges(saved, saved.map(rowFromVariant))).toEqual([]);
  });

  it("plan deletes first, then creates and minimal patches", () => {
    const rows = saved.map(rowFromVariant);
    rows[1] = { ...rows[1]!, price: "17.50", attributes: [{ key: "size", value: "M" }, { key: "fit", value: "slim" }] };
    const added = { ...emptyRow(), sku: "TS-L", price: "21", stock: "5", attributes: [{ key: "size", value: "L" }] };
    const ops = planChanges(saved, [rows[1]!, added]);
    expect(ops).toEqual([
      { kind: "delete", id: "v1" },
      { kind: "update", key: "v2", id: "v2", body: { price: "17.50", attributes: { size: "M", fit: "slim" } } },
      { kind: "create", key: added.key, body: { sku: "TS-L", attributes: { size: "L" }, price: "21", currency: "EUR", stock_qty: 5 } },
    ]);
  });
});
