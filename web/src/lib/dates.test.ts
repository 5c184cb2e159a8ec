import { describe, expect, it } from "vitest";
import { formatWhen, formatWindow, isTimeZone, isoToLocal, localToIso, windowState } from "./dates";

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

describe("dates in the shop's time zone", () => {
  it("read a typed time in the shop's zone, whatever the browser's", () => {
    expect(localToIso("2026-03-10T09:00", "Asia/Tokyo")).toBe("2026-03-10T00:00:00.000Z");
    expect(localToIso("2026-07-01T00:00", "Europe/Paris")).toBe("2026-06-30T22:00:00.000Z");
    expect(localToIso("2026-01-15T00:00", "Europe/Paris")).toBe("2026-01-14T23:00:00.000Z");
    expect(localToIso("2026-01-15T00:00", "America/New_York")).toBe("2026-01-15T05:00:00.000Z");
    expect(localToIso("nonsense", "UTC")).toBeNull();
  });

  it("show an instant as the shop's clock tells it", () => {
    expect(isoToLocal("2026-03-10T00:00:00Z", "Asia/Tokyo")).toBe("2026-03-10T09:00");
    expect(isoToLocal("2026-06-30T22:00:00Z", "Europe/Paris")).toBe("2026-07-01T00:00");
    expect(formatWhen("2026-06-30T22:00:00Z", "Europe/Paris")).toMatch(/Jul 1, 2026|1 Jul 2026|2026/);
  });

  it("round-trip across daylight saving changes", () => {
    for (const local of ["2026-03-29T01:30", "2026-03-29T03:30", "2026-10-25T01:30", "2026-10-25T04:00"]) {
      expect(isoToLocal(localToIso(local, "Europe/Paris"), "Europe/Paris")).toBe(local);
    }
    // 02:30 does not exist in Paris on 29 March 2026: clocks jump to 03:30.
    expect(isoToLocal(localToIso("2026-03-29T02:30", "Europe/Paris"), "Europe/Paris")).toBe("2026-03-29T03:30");
  });

  it("know real zones only", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
