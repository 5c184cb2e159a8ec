import { describe, expect, it } from "vitest";
import { changedSettings, shopSettingsErrors } from "./shop";

const paris = { name: "Maison", currency: "EUR", language: "fr-FR", timezone: "Europe/Paris" };

describe("shop settings", () => {
  it("accept a real shop's settings", () => {
    expect(shopSettingsErrors(paris)).toEqual({});
    expect(shopSettingsErrors({ name: "東京", currency: "JPY", language: "ja", timezone: "Asia/Tokyo" })).toEqual({});
  });

  it("name every wrong field in words", () => {
    const errors = shopSettingsErrors({ name: "  ", currency: "euro", language: "klingon", timezone: "Europe/Atlantis" });
    expect(Object.keys(errors)).toEqual(["name", "currency", "language", "timezone"]);
    expect(errors.timezone).toContain("Europe/Paris");
  });

  it("send only what changed", () => {
    expect(changedSettings(paris, { ...paris })).toBeNull();
    expect(changedSettings(paris, { ...paris, name: " Maison du Lin ", currency: "usd" })).toEqual({ name: "Maison du Lin", currency: "USD" });
  });
});
