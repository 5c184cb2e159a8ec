import { describe, expect, it } from "vitest";
import { formatWindow, isoToLocal, localToIso, windowState } from "./dates";

describe("dates", () => {
  it("round-trip between local inputs and RFC 3339", () => {
    const iso = localToIso("2026-11-21T10:30")!;
    expect(iso).toMatch(/^2026-11-2\dT\d\d:30:00\.000Z$/);
    expect(isoToLocal(iso)).toBe("2026-11-21T10:30");
    expect(localToIso("")).toBeNull();
    expect(isoToLocal(null)).toBe("");
  });

  it("tell whether a window is open now", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    expect(windowState(null, null, now)).toBe("live");
    expect(windowState("2026-07-01T00:00:00Z", null, now)).toBe("scheduled");
    expect(windowState(null, "2026-06-01T00:00:00Z", now)).toBe("ended");
  });

  it("describe windows for people", () => {
    expect(formatWindow(null, null)).toBe("Always");
    expect(formatWindow("2026-06-01T00:00:00Z", null)).toMatch(/^From /);
    expect(formatWindow(null, "2026-06-01T00:00:00Z")).toMatch(/^Until /);
    expect(formatWindow("2026-06-01T00:00:00Z", "2026-07-01T00:00:00Z")).toContain("→");
  });
});
