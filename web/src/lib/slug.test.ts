// Mirrors the unit tests of crates/common/src/slug.rs: the preview must agree with the server.
import { describe, expect, it } from "vitest";
import { isValidSlug, publicBase, slugify, storefrontUrl } from "./slug";

describe("slugify", () => {
  it("follows the seed rule", () => {
    expect(slugify("Ma Super Boutique")).toBe("ma-super-boutique");
  });

  it("folds accents", () => {
    expect(slugify("Café Crème")).toBe("cafe-creme");
    expect(slugify("Straße Ærø")).toBe("strasse-aero");
  });

  it("drops symbols and collapses dashes", () => {
    expect(slugify("  Tom & Jerry's -- shop!  ")).toBe("tom-jerrys-shop");
    expect(slugify("a_b.c/d")).toBe("abcd");
    expect(slugify("🎉 Party 🎉")).toBe("party");
  });

  it("gives no slug for names with nothing usable", () => {
    for (const name of ["", "   ", "!!! ???", "日本", "---"]) {
      expect(slugify(name), name).toBeNull();
    }
  });

  it("cuts at 63 characters without a trailing dash", () => {
    expect(slugify("a".repeat(62) + " b c")).toBe("a".repeat(62));
    const slug = slugify("word ".repeat(40))!;
    expect(slug.length).toBeLessThanOrEqual(63);
    expect(slug.endsWith("-")).toBe(false);
  });

  it("folds other Latin letters as deunicode does", () => {
    expect(slugify("Łódź Œuvre Þing")).toBe("lodz-oeuvre-thing");
    expect(slugify("Ångström naïve façade")).toBe("angstrom-naive-facade");
  });
});

describe("isValidSlug", () => {
  it("accepts only slugs that are already valid", () => {
    expect(isValidSlug("my-shop-2")).toBe(true);
    for (const bad of ["", "My-Shop", "-shop", "shop-", "a--b", "café", "a".repeat(64)]) {
      expect(isValidSlug(bad), bad).toBe(false);
    }
  });
});

describe("publicBase", () => {
  it("recovers PUBLIC_URL from a site's url", () => {
    expect(publicBase("https://shops.example.com/site/my-shop", "my-shop")).toBe("https://shops.example.com");
    expect(publicBase("https://x.test/other", "my-shop")).toBeNull();
  });
});

describe("storefrontUrl", () => {
  it("joins origin and slug under /site/", () => {
    expect(storefrontUrl("http://127.0.0.1:8080/", "shop")).toBe("http://127.0.0.1:8080/site/shop");
  });
});
