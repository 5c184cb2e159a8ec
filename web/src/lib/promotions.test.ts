import { describe, expect, it } from "vitest";
import { usageText } from "./promotions";

describe("usageText", () => {
  it("says how many uses are left of a limit", () => {
    expect(usageText(3, 100)).toBe("3 of 100");
    expect(usageText(100, 100)).toBe("Used up: 100 of 100");
  });
  it("says when there is no limit", () => {
    expect(usageText(7, null)).toBe("7 (no limit)");
  });
});
