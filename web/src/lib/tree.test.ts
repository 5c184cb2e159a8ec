import { describe, expect, it } from "vitest";
import { breadcrumb, buildTree, filterScope, flattenTree, subtreeIds } from "./tree";

const items = [
  { id: "shirts", name: "Shirts", parent_id: "clothing" },
  { id: "clothing", name: "Clothing", parent_id: null },
  { id: "linen", name: "linen", parent_id: "shirts" },
  { id: "bags", name: "Bags" },
  { id: "orphan", name: "Orphan", parent_id: "deleted" },
];

describe("category tree", () => {
  it("nests children under parents, siblings by name, orphans at the root", () => {
    const flat = flattenTree(buildTree(items)).map(({ item, depth }) => `${depth}:${item.id}`);
    expect(flat).toEqual(["0:bags", "0:clothing", "1:shirts", "2:linen", "0:orphan"]);
  });

  it("knows a category's subtree, which it cannot move into", () => {
    expect([...subtreeIds(items, "clothing")].sort()).toEqual(["clothing", "linen", "shirts"]);
    expect([...subtreeIds(items, "bags")]).toEqual(["bags"]);
  });

  it("names a category by its path", () => {
    expect(breadcrumb(items, "linen")).toBe("Clothing › Shirts › linen");
    expect(breadcrumb(items, null)).toBe("");
  });

  it("survives a cycle in bad data", () => {
    const cyclic = [
      { id: "a", name: "A", parent_id: "b" },
      { id: "b", name: "B", parent_id: "a" },
    ];
    expect(breadcrumb(cyclic, "a")).toBe("B › A");
  });

  it("says a category filter includes its subcategories", () => {
    expect(filterScope(items, "clothing")).toBe("Clothing and its 2 subcategories");
    expect(filterScope(items, "shirts")).toBe("Clothing › Shirts and its 1 subcategory");
    expect(filterScope(items, "bags")).toBe("Bags");
    expect(filterScope(items, "gone")).toBe("");
  });
});
