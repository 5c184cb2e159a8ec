import { describe, expect, it } from "vitest";
import { addLine, fillDays, lastDays, manualOrderErrors, orderActions, orderSearch, percent } from "./orders";

describe("orderActions", () => {
  it("follows the checkout API's transitions", () => {
    expect(orderActions("pending_payment")).toEqual({ markPaid: true, fulfill: false, cancel: true, delete: true });
    expect(orderActions("paid")).toEqual({ markPaid: false, fulfill: true, cancel: true, delete: false });
    expect(orderActions("fulfilled")).toEqual({ markPaid: false, fulfill: false, cancel: false, delete: false });
    expect(orderActions("canceled")).toEqual({ markPaid: false, fulfill: false, cancel: false, delete: true });
  });
});

describe("orderSearch", () => {
  it("accepts an order number with or without #", () => {
    expect(orderSearch(" #1001 ")).toBe("1001");
    expect(orderSearch("ana@example.com")).toBe("ana@example.com");
    expect(orderSearch("  ")).toBeUndefined();
  });
});

describe("stats over days", () => {
  it("spans the last 30 UTC days ending today", () => {
    expect(lastDays(30, new Date("2026-03-01T23:30:00Z"))).toEqual({ from: "2026-01-31", to: "2026-03-01" });
  });

  it("fills the days without orders with zeros, keeping exact amounts", () => {
    const points = fillDays([{ date: "2026-01-02", orders: 2, revenue: "59.90" }], "2026-01-01", "2026-01-03");
    expect(points).toEqual([
      { date: "2026-01-01", orders: 0, revenue: 0, revenueText: "0" },
      { date: "2026-01-02", orders: 2, revenue: 59.9, revenueText: "59.90" },
      { date: "2026-01-03", orders: 0, revenue: 0, revenueText: "0" },
    ]);
    expect(fillDays([], "2026-01-01", "2026-01-30")).toHaveLength(30);
  });

  it("shows a rate as a percentage", () => {
    expect(percent(0.0526)).toBe("5.3%");
    expect(percent(0)).toBe("0.0%");
    expect(percent(Number.NaN)).toBe("—");
  });
});

describe("manual order lines", () => {
  it("adds to the line of a variant already in the order", () => {
    const one = addLine([], { variant_id: "v1", label: "Shirt M", quantity: 1 });
    const two = addLine(one, { variant_id: "v1", label: "Shirt M", quantity: 2 });
    expect(two).toEqual([{ variant_id: "v1", label: "Shirt M", quantity: 3 }]);
    expect(addLine(two, { variant_id: "v2", label: "Shirt L", quantity: 1 })).toHaveLength(2);
  });

  it("asks for an e-mail and at least one valid line", () => {
    expect(manualOrderErrors("nope", [])).toEqual({ email: "must be an e-mail address like ana@example.com", lines: "add at least one item" });
    expect(manualOrderErrors("ana@example.com", [{ variant_id: "v", label: "x", quantity: 1000 }])).toEqual({ "lines.0.quantity": "must be 1 to 999" });
    expect(manualOrderErrors("ana@example.com", [{ variant_id: "v", label: "x", quantity: 2 }])).toEqual({});
  });
});
