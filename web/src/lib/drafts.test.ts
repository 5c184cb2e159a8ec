import { describe, expect, it } from "vitest";
import { DRAFT_MAX_AGE_MS, dropAllDrafts, dropDraft, memoryStore, readDraft, saveDraft } from "./drafts";

describe("drafts across an expired session", () => {
  it("gives the edits back to the same merchant after re-login", () => {
    const store = memoryStore();
    saveDraft(store, "site/1/product/2", "alice", { title: "Linen shirt, blue" }, 1_000);
    expect(readDraft(store, "site/1/product/2", "alice", 2_000)).toEqual({ title: "Linen shirt, blue" });
  });

  it("never shows one merchant's draft to another", () => {
    const store = memoryStore();
    saveDraft(store, "k", "alice", { title: "secret" }, 1_000);
    expect(readDraft(store, "k", "bob", 2_000)).toBeNull();
  });

  it("forgets stale or dropped drafts", () => {
    const store = memoryStore();
    saveDraft(store, "k", "alice", 1, 0);
    expect(readDraft(store, "k", "alice", DRAFT_MAX_AGE_MS + 1)).toBeNull();
    saveDraft(store, "k", "alice", 1, 0);
    dropDraft(store, "k");
    expect(readDraft(store, "k", "alice", 1)).toBeNull();
  });

  it("drops every draft on logout but leaves other keys", () => {
    const store = memoryStore();
    store.setItem("other", "x");
    saveDraft(store, "a", "alice", 1);
    saveDraft(store, "b", "alice", 2);
    dropAllDrafts(store);
    expect(readDraft(store, "a", "alice")).toBeNull();
    expect(readDraft(store, "b", "alice")).toBeNull();
    expect(store.getItem("other")).toBe("x");
  });

  it("ignores garbage in storage", () => {
    const store = memoryStore();
    store.setItem("vitrine.draft:k", "{not json");
    expect(readDraft(store, "k", "alice")).toBeNull();
  });
});
