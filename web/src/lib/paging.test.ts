import { describe, expect, it } from "vitest";
import { collectAll, cursorsOf, firstPageParams, nextParams, positionOf, previousParams } from "./paging";

describe("paging in the URL", () => {
  it("starts on page 1 without a cursor", () => {
    expect(positionOf(new URLSearchParams("q=shirt"))).toEqual({ cursor: undefined, number: 1, hasPrevious: false });
  });

  it("moves forward and back keeping the other parameters", () => {
    const p1 = new URLSearchParams("q=shirt&status=paid");
    const p2 = nextParams(p1, "AAA");
    const p3 = nextParams(p2, "BBB");
    expect(positionOf(p3)).toEqual({ cursor: "BBB", number: 3, hasPrevious: true });
    expect(p3.get("q")).toBe("shirt");
    expect(p3.get("status")).toBe("paid");
    const back = previousParams(p3);
    expect(positionOf(back)).toEqual({ cursor: "AAA", number: 2, hasPrevious: true });
    expect(cursorsOf(previousParams(back))).toEqual([]);
  });

  it("survives a round trip through the address bar", () => {
    const url = nextParams(nextParams(new URLSearchParams(), "a+b/c=="), "x_y-z").toString();
    expect(cursorsOf(new URLSearchParams(url))).toEqual(["a+b/c==", "x_y-z"]);
  });

  it("returns to the first page when asked, keeping filters", () => {
    const params = firstPageParams(new URLSearchParams("after=A&after=B&q=x"));
    expect(params.toString()).toBe("q=x");
  });
});

describe("collectAll", () => {
  it("follows the cursors to the last page", async () => {
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      start: { items: [1, 2], next_cursor: "c2" },
      c2: { items: [3], next_cursor: "c3" },
      c3: { items: [4, 5], next_cursor: null },
    };
    const asked: (string | undefined)[] = [];
    const all = await collectAll(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? "start"]!;
    });
    expect(all).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, "c2", "c3"]);
  });

  it("refuses a server that repeats a cursor instead of looping", async () => {
    await expect(collectAll(async () => ({ items: [1], next_cursor: "same" }))).rejects.toThrow(/repeated/);
  });

  it("stops at the bound", async () => {
    let n = 0;
    await expect(collectAll(async () => ({ items: [n], next_cursor: `c${++n}` }), 3)).rejects.toThrow(/more than 3 pages/);
  });
});
