import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { catalog, keys } from "../api/endpoints";
import type { Category } from "../api/types";
import { Field, Select } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Empty, ErrorBanner, Loading } from "../components/States";
import { errorsOf } from "../lib/problem";
import { buildTree, flattenTree, subtreeIds, type TreeNode } from "../lib/tree";
import { useSite } from "./SiteLayout";

/** A site's categories as a tree: add (at the root or under one), rename, move, delete. */
export function CategoriesScreen() {
  const site = useSite();
  const list = useQuery({ queryKey: keys.categories(site.id), queryFn: () => catalog.categories(site.id) });
  const tree = useMemo(() => buildTree(list.data ?? []), [list.data]);

  return (
    <section aria-labelledby="categories-title" className="stack">
      <h2 id="categories-title" className="visually-hidden">
        Categories
      </h2>
      <CategoryForm siteId={site.id} all={list.data ?? []} />
      {list.isPending ? (
        <Loading label="Loading categories…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : tree.length === 0 ? (
        <Empty title="No category yet">
          <p>Categories group your products in the storefront (“Clothing › Shirts”). Add one above.</p>
        </Empty>
      ) : (
        <div className="card">
          {/* Nested lists, not role="tree": every action is a plain button reachable with Tab. */}
          <ul className="tree" aria-label="Category tree">
            {tree.map((node) => (
              <CategoryNode key={node.item.id} node={node} siteId={site.id} all={list.data ?? []} level={1} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Create a category, or edit one (`editing`). */
function CategoryForm({
  siteId,
  all,
  editing,
  parentId,
  onDone,
}: {
  siteId: string;
  all: Category[];
  editing?: Category;
  parentId?: string;
  onDone?: () => void;
}) {
  const queries = useQueryClient();
  const [name, setName] = useState(editing?.name ?? "");
  const [parent, setParent] = useState(editing?.parent_id ?? parentId ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A category cannot move under itself or its descendants.
  const excluded = editing ? subtreeIds(all, editing.id) : new Set<string>();
  const options = flattenTree(buildTree(all)).filter(({ item }) => !excluded.has(item.id));
  const save = useMutation({
    mutationFn: () =>
      editing
        ? catalog.updateCategory(siteId, editing.id, { name: name.trim(), parent_id: parent || null })
        : catalog.createCategory(siteId, { name: name.trim(), parent_id: parent || null }),
    onSuccess: () => {
      setName("");
      setErrors({});
      void queries.invalidateQueries({ queryKey: keys.categories(siteId) });
      onDone?.();
    },
    onError: (error) => setErrors(errorsOf(error)),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    event.stopPropagation();
    if (name.trim() === "") {
      setErrors({ name: "is required" });
      return;
    }
    save.mutate();
  }

  return (
    <form className={editing || parentId ? "inline-form" : "card inline-form"} onSubmit={submit} noValidate>
      {!editing && !parentId && <h3 className="form-title">Add a category</h3>}
      <Field
        label={editing ? "Name" : "Category name"}
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        autoFocus={Boolean(editing || parentId)}
        placeholder="Shirts"
        className="grow"
      />
      <Select label="Parent" name="parent_id" value={parent} onChange={(e) => setParent(e.target.value)} error={errors.parent_id}>
        <option value="">None (top level)</option>
        {options.map(({ item, depth }) => (
          <option key={item.id} value={item.id}>
            {"\u00a0\u00a0".repeat(depth) + item.name}
          </option>
        ))}
      </Select>
      <div className="actions">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {editing ? "Save" : "Add"}
        </button>
        {onDone && (
          <button type="button" className="button ghost" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      {save.isError && Object.keys(errorsOf(save.error)).length === 0 && <ErrorBanner error={save.error} />}
    </form>
  );
}

function CategoryNode({ node, siteId, all, level }: { node: TreeNode<Category>; siteId: string; all: Category[]; level: number }) {
  const queries = useQueryClient();
  const confirm = useConfirm();
  const [mode, setMode] = useState<"view" | "edit" | "add">("view");
  const remove = useMutation({
    mutationFn: () => catalog.deleteCategory(siteId, node.item.id),
    onSuccess: () => queries.invalidateQueries({ queryKey: ["site", siteId] }),
  });

  const [blocked, setBlocked] = useState(false);

  async function askDelete() {
    // The API refuses (409) to delete a category that has subcategories: say so before asking.
    if (node.children.length > 0) {
      setBlocked(true);
      return;
    }
    const yes = await confirm({
      title: `Delete “${node.item.name}”?`,
      body: <p>Its products stay in the catalog, without a category.</p>,
      action: "Delete category",
    });
    if (yes) remove.mutate();
  }

  return (
    <li data-level={level}>
      <div className="tree-row">
        <span className="tree-name">{node.item.name}</span>
        <span className="muted small">{node.children.length > 0 ? `${node.children.length} sub` : ""}</span>
        <div className="actions">
          <button
            type="button"
            className="button small ghost"
            aria-label={`Add a category inside ${node.item.name}`}
            aria-expanded={mode === "add"}
            onClick={() => setMode(mode === "add" ? "view" : "add")}
          >
            Add inside
          </button>
          <button
            type="button"
            className="button small ghost"
            aria-label={`Edit ${node.item.name}`}
            aria-expanded={mode === "edit"}
            onClick={() => setMode(mode === "edit" ? "view" : "edit")}
          >
            Edit
          </button>
          <button
            type="button"
            className="button small ghost danger"
            aria-label={`Delete ${node.item.name}`}
            onClick={askDelete}
            disabled={remove.isPending}
          >
            Delete
          </button>
        </div>
      </div>
      {remove.isError && <ErrorBanner error={remove.error} />}
      {blocked && (
        <div className="banner banner-info" role="alert">
          <span>
            “{node.item.name}” has subcategories: move or delete them first.
          </span>
          <button type="button" className="button small" onClick={() => setBlocked(false)}>
            OK
          </button>
        </div>
      )}
      {mode === "edit" && <CategoryForm siteId={siteId} all={all} editing={node.item} onDone={() => setMode("view")} />}
      {mode === "add" && <CategoryForm siteId={siteId} all={all} parentId={node.item.id} onDone={() => setMode("view")} />}
      {node.children.length > 0 && (
        <ul aria-label={`Inside ${node.item.name}`}>
          {node.children.map((child) => (
            <CategoryNode key={child.item.id} node={child} siteId={siteId} all={all} level={level + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
