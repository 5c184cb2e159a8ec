import { describe, expect, it } from "vitest";
import { describeAttributes, fromRows, toRows } from "./attributes";

describe("variant attributes", () => {
  it("round-trip through rows", () => {
    const rows = toRows({ color: "red", size: "M" });
    expect(rows).toEqual([
      { key: "color", value: "red" },
      { key: "size", value: "M" },
    ]);
    expect(fromRows(rows)).toEqual({ value: { color: "red", size: "M" } });
  });

  it("ignore blank rows and trim", () => {
    expect(fromRows([{ key: " color ", value: " red " }, { key: "", value: " " }])).toEqual({ value: { color: "red" } });
  });

  it("refuse duplicate and nameless values", () => {
    expect(fromRows([{ key: "a", value: "1" }, { key: "a", value: "2" }])).toEqual({ error: '"a" is given twice' });
    expect(fromRows([{ key: "", value: "red" }])).toHaveProperty("error");
  });

  it("show non-string values as JSON and describe themselves", () => {
    expect(toRows({ weight: 2 })).toEqual([{ key: "weight", value: "2" }]);
    expect(describeAttributes({ color: "red", size: "M" })).toBe("color: red · size: M");
    expect(describeAttributes(null)).toBe("");
  });
});
