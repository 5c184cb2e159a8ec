import { describe, expect, it } from "vitest";
import { safeNext } from "./next";

const origin = "https://shop.example";

describe("safeNext", () => {
  it("keeps a path of this dashboard with its query and hash", () => {
    expect(safeNext("/sites/1/products?after=abc#top", origin)).toBe("/sites/1/products?after=abc#top");
  });

  it.each([
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/\t/evil.example",
    "https://evil.example/sites",
    "javascript:alert(1)",
    "data:text/html,hi",
    "http://shop.example/sites",
  ])("refuses %s, which leaves the origin", (raw) => {
    expect(safeNext(raw, origin)).toBe("/");
  });

  it("goes home without a next or with a login loop", () => {
    expect(safeNext(null, origin)).toBe("/");
    expect(safeNext("", origin)).toBe("/");
    expect(safeNext("/login?next=/x", origin)).toBe("/");
  });

  it("accepts the same origin written in full", () => {
    expect(safeNext("https://shop.example/sites/2", origin)).toBe("/sites/2");
  });
});
