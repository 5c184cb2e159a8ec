import { describe, expect, it } from "vitest";
import { keys, path } from "./endpoints";

describe("API paths", () => {
  it("fill documented templates and escape their parameters", () => {
    expect(path("/api/site/sites/{site_id}/products/{id}", { site_id: "s1", id: "a/b" })).toBe("/api/site/sites/s1/products/a%2Fb");
    expect(path("/api/builder/sites")).toBe("/api/builder/sites");
  });

  it("refuse a template with a missing parameter", () => {
    expect(() => path("/api/builder/sites/{id}")).toThrow(/missing \{id\}/);
  });

  it("key every cache entry of a site under that site", () => {
    for (const key of [keys.categories("s"), keys.products("s"), keys.product("s", "p"), keys.media("s", "p"), keys.promotions("s")]) {
      expect(key.slice(0, 2)).toEqual(["site", "s"]);
    }
  });
});
