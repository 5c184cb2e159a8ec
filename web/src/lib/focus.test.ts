import { describe, expect, it } from "vitest";
import { firstErrorTarget } from "./focus";

/** A stand-in for a form: which selectors match which element. */
function root(matches: Record<string, string>): ParentNode {
  return { querySelector: (selector: string) => (matches[selector] ? ({ id: matches[selector] } as unknown as Element) : null) } as unknown as ParentNode;
}

describe("firstErrorTarget", () => {
  it("prefers the first invalid field over a banner", () => {
    const target = firstErrorTarget(root({ '[aria-invalid="true"]': "sku", '[role="alert"]': "banner" }));
    expect((target as unknown as { id: string }).id).toBe("sku");
  });
  it("falls back to the alert when no field is invalid (a connection problem)", () => {
    const target = firstErrorTarget(root({ '[role="alert"]': "banner" }));
    expect((target as unknown as { id: string }).id).toBe("banner");
  });
  it("finds nothing in a clean form", () => {
    expect(firstErrorTarget(root({}))).toBeNull();
    expect(firstErrorTarget(null)).toBeNull();
  });
});
