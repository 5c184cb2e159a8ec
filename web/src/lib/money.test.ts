import { describe, expect, it } from "vitest";
import { compareDecimal, currencyDecimals, currencyError, formatMoney, positiveAmountError, priceError, priceRange, shopCurrency } from "./money";

describe("prices", () => {
  it("knows each currency's decimals", () => {
    expect(currencyDecimals("EUR")).toBe(2);
    expect(currencyDecimals("JPY")).toBe(0);
    expect(currencyDecimals("KWD")).toBe(3);
  });

  it("accepts decimal strings within the currency's decimals", () => {
    expect(priceError("19.99", "EUR")).toBeNull();
    expect(priceError("0", "EUR")).toBeNull();
    expect(priceError("1500", "JPY")).toBeNull();
    expect(priceError("1.125", "KWD")).toBeNull();
  });

  it("refuses floats' leftovers, negatives, words and extra decimals", () => {
    expect(priceError("", "EUR")).toBe("is required");
    expect(priceError("-1", "EUR")).toMatch(/0 or more/);
    expect(priceError("1e3", "EUR")).not.toBeNull();
    expect(priceError("abc", "EUR")).not.toBeNull();
    expect(priceError("19.999", "EUR")).toBe("EUR has at most 2 decimals");
    expect(priceError("10.5", "JPY")).toBe("JPY has no decimals");
  });

  it("checks currency codes", () => {
    expect(currencyError("EUR")).toBeNull();
    expect(currencyError("eur")).not.toBeNull();
    expect(currencyError("EURO")).not.toBeNull();
  });

  it("formats money for people", () => {
    expect(formatMoney("19.9", "EUR", "en")).toBe("€19.90");
    expect(formatMoney("1500", "JPY", "en")).toBe("¥1,500");
  });

  it("compares decimal strings exactly", () => {
    expect(compareDecimal("10", "9.99")).toBe(1);
    expect(compareDecimal("0.10", "0.1")).toBe(0);
    expect(compareDecimal("0.09", "0.1")).toBe(-1);
    expect(compareDecimal("007", "7.0")).toBe(0);
  });

  it("summarises a product's prices", () => {
    expect(priceRange([])).toBeNull();
    expect(priceRange([{ price: "5", currency: "EUR" }])).toMatch(/5\.00/);
    const range = priceRange([
      { price: "12.50", currency: "EUR" },
      { price: "9.99", currency: "EUR" },
    ])!;
    expect(range.indexOf("9.99")).toBeLessThan(range.indexOf("12.50"));
  });
});

describe("shopCurrency", () => {
  it("takes the currency most variants use", () => {
    expect(shopCurrency(["USD", "EUR", "EUR"])).toBe("EUR");
    expect(shopCurrency(["JPY"])).toBe("JPY");
  });
  it("falls back to EUR for a shop without prices", () => {
    expect(shopCurrency([])).toBe("EUR");
  });
  it("keeps the first seen on a tie", () => {
    expect(shopCurrency(["GBP", "USD"])).toBe("GBP");
  });
});

describe("positiveAmountError", () => {
  it("accepts amounts above 0 within the currency's decimals", () => {
    expect(positiveAmountError("5.00", "EUR")).toBeNull();
    expect(positiveAmountError("500", "JPY")).toBeNull();
  });
  it("refuses zero, words and too many decimals", () => {
    expect(positiveAmountError("0.00", "EUR")).toBe("must be above 0");
    expect(positiveAmountError("five", "EUR")).toBe("must be a number above 0, like 5.00");
    expect(positiveAmountError("5.5", "JPY")).toBe("JPY has no decimals");
  });
});
