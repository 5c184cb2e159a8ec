import { describe, expect, it } from "vitest";
import { emptyRow, generateRows, inputOf, isBlankRow, optionValues, planChanges, rowErrorsOf, rowFromVariant, validateRow } from "./variants";

const saved = [
  { id: "v1", sku: "TS-S", attributes: { size: "S" }, price: "19.99", currency: "EUR", stock_qty: 3 },
  { id: "v2", sku: "TS-M", attributes: { size: "M" }, price: "19.99", currency: "EUR", stock_qty: 0 },
];

describe("variant rows", () => {
  it("validate every field the API checks", () => {
    const row = { ...emptyRow(), sku: "A B", price: "1.999", currency: "eur", stock: "-1" };
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

  it("leave an empty SKU to the server and never patch one away", () => {
    const row = { ...emptyRow(), sku: "  ", price: "12", currency: "EUR", stock: "0" };
    expect(validateRow(row)).toEqual({});
    expect(inputOf(row)).not.toHaveProperty("sku");
    const rows = saved.map(rowFromVariant);
    rows[0] = { ...rows[0]!, sku: "" };
    expect(validateRow(rows[0]!).sku).toMatch(/keeps its SKU/);
    expect(planChanges(saved, rows)).toEqual([]);
  });

  it("patch attributes whose order changed", () => {
    const two = [{ id: "v1", sku: "A", attributes: { size: "S", colour: "red" }, price: "1", currency: "EUR", stock_qty: 1 }];
    const rows = two.map(rowFromVariant);
    rows[0] = { ...rows[0]!, attributes: [rows[0]!.attributes[1]!, rows[0]!.attributes[0]!] };
    expect(planChanges(two, rows)).toEqual([{ kind: "update", key: "v1", id: "v1", body: { attributes: { colour: "red", size: "S" } } }]);
  });

  it("place the server's variants[i] errors on row i", () => {
    const rows = [emptyRow(), emptyRow()];
    expect(rowErrorsOf({ "variants[1].sku": "taken", title: "is required", "variants[7].price": "bad" }, rows)).toEqual({
      [rows[1]!.key]: { sku: "taken" },
    });
  });
});

describe("the option generator", () => {
  const defaults = { price: "59.90", currency: "EUR", stock: "0" };

  it("makes one row per combination, options in the order typed", () => {
    const made = generateRows(
      [
        { name: "Size", values: "S, M, L" },
        { name: "Colour", values: "Red, Blue" },
      ],
      defaults,
    );
    if (!("rows" in made)) throw new Error(made.error);
    expect(made.rows).toHaveLength(6);
    expect(made.rows.map((row) => row.attributes.map((a) => a.value).join("/"))).toEqual([
      "S/Red", "S/Blue", "M/Red", "M/Blue", "L/Red", "L/Blue",
    ]);
    expect(made.rows[0]!.attributes.map((a) => a.key)).toEqual(["Size", "Colour"]);
    expect(made.rows.every((row) => row.sku === "" && row.price === "59.90" && row.stock === "0")).toBe(true);
    expect(new Set(made.rows.map((row) => row.key)).size).toBe(6);
    expect(inputOf(made.rows[5]!).attributes).toEqual({ Size: "L", Colour: "Blue" });
    expect(Object.keys(inputOf(made.rows[5]!).attributes)).toEqual(["Size", "Colour"]);
  });

  it("says what is missing instead of making nothing silently", () => {
    expect(generateRows([{ name: "", values: "" }], defaults)).toEqual({ error: expect.stringContaining("Name an option") });
    expect(generateRows([{ name: "", values: "S" }], defaults)).toEqual({ error: expect.stringContaining("need an option name") });
    expect(generateRows([{ name: "Size", values: " , " }], defaults)).toEqual({ error: expect.stringContaining("at least one value") });
    expect(generateRows([{ name: "Size", values: "S" }, { name: "Size", values: "M" }], defaults)).toEqual({
      error: expect.stringContaining("twice"),
    });
    const many = Array.from({ length: 101 }, (_, i) => String(i)).join(",");
    expect(generateRows([{ name: "N", values: many }], defaults)).toEqual({ error: expect.stringContaining("101") });
  });

  it("reads values comma-separated, without blanks or repeats", () => {
    expect(optionValues(" S, M,,M , L ")).toEqual(["S", "M", "L"]);
  });

  it("tells an untouched row from one being typed in", () => {
    expect(isBlankRow(emptyRow())).toBe(true);
    expect(isBlankRow({ ...emptyRow(), price: "3" })).toBe(false);
  });
});
