/** Categories form a tree through `parent_id` (same site, no cycles). */

export interface TreeItem {
  id: string;
  name: string;
  parent_id?: string | null;
}

export interface TreeNode<T extends TreeItem> {
  item: T;
  children: TreeNode<T>[];
}

const byName = <T extends TreeItem>(a: TreeNode<T>, b: TreeNode<T>) =>
  a.item.name.localeCompare(b.item.name, undefined, { sensitivity: "base" });

/** The forest of `items`, siblings by name. An item whose parent is missing becomes a root. */
export function buildTree<T extends TreeItem>(items: T[]): TreeNode<T>[] {
  const nodes = new Map(items.map((item) => [item.id, { item, children: [] as TreeNode<T>[] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.item.parent_id ? nodes.get(node.item.parent_id) : undefined;
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort(byName);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Depth-first, with each item's depth: for indented pickers. */
export function flattenTree<T extends TreeItem>(roots: TreeNode<T>[], depth = 0): { item: T; depth: number }[] {
  return roots.flatMap((node) => [{ item: node.item, depth }, ...flattenTree(node.children, depth + 1)]);
}

/** `id` and everything under it: a category cannot move under one of these. */
export function subtreeIds<T extends TreeItem>(items: T[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of items) {
      if (item.parent_id && out.has(item.parent_id) && !out.has(item.id)) {
        out.add(item.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "Clothing › Shirts › Linen": the path of names from the root. */
export function breadcrumb<T extends TreeItem>(items: T[], id: string | null | undefined): string {
  const byId = new Map(items.map((item) => [item.id, item]));
  const names: string[] = [];
  const seen = new Set<string>();
  let current = id ? byId.get(id) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    current = current.parent_id ? byId.get(current.parent_id) : undefined;
  }
  return names.join(" › ");
}

/**
 * What a category filter shows, in words: a category lists its
 * subcategories' products too ("Clothes and its 2 subcategories").
 */
export function filterScope<T extends TreeItem>(items: T[], id: string): string {
  const name = breadcrumb(items, id);
  if (!name) return "";
  const below = subtreeIds(items, id).size - 1;
  if (below === 0) return name;
  return `${name} and its ${below} ${below === 1 ? "subcategory" : "subcategories"}`;
}
