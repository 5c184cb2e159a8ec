import { useEffect, useMemo, useState } from "react";
import { Pager, usePaging } from "../components/Pager";
import { Link, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { catalog, keys } from "../api/endpoints";
import { Empty, ErrorBanner, Loading } from "../components/States";
import { breadcrumb, buildTree, filterScope, flattenTree } from "../lib/tree";
import { priceRange } from "../lib/money";
import { useSite } from "./SiteLayout";

/**
 * A row's price and stock. The merchant product list API answers without
 * variants, so each row reads its product (at most a page's worth, cached and
 * shared with the editor) until the list API carries a price and stock summary.
 */
function RowStock({ siteId, productId }: { siteId: string; productId: string }) {
  const product = useQuery({ queryKey: keys.product(siteId, productId), queryFn: () => catalog.product(siteId, productId), staleTime: 30_000 });
  if (product.isPending) return <span className="muted small">…</span>;
  if (product.isError) return <span className="muted small">Price unavailable</span>;
  const variants = product.data.variants ?? [];
  if (variants.length === 0) return <span className="small warn-text">No variant: not on the storefront yet</span>;
  const stock = variants.reduce((sum, v) => sum + v.stock_qty, 0);
  return (
    <span className="small">
      {priceRange(variants)} · {stock === 0 ? <span className="warn-text">sold out</span> : `${stock} in stock`}
    </span>
  );
}

/** A site's products: search, filter by category, page through. */
export function ProductsScreen() {
  const site = useSite();
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  const category = params.get("category") ?? "";
  // The page is in the URL too (?after=…), so Back returns to it.
  const paging = usePaging();
  const { cursor, restart } = paging;
  const [search, setSearch] = useState(q);

  // Search as the merchant types, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search.trim() === q) return;
      restart((next) => {
        if (search.trim()) next.set("q", search.trim());
        else next.delete("q");
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [search, q, restart]);

  const categories = useQuery({ queryKey: keys.categories(site.id), queryFn: () => catalog.categories(site.id) });
  const query = { q: q || undefined, category_id: category || undefined, cursor };
  const products = useQuery({
    queryKey: keys.products(site.id, query),
    queryFn: () => catalog.products(site.id, query),
    placeholderData: keepPreviousData,
  });
  const options = useMemo(() => flattenTree(buildTree(categories.data ?? [])), [categories.data]);

  return (
    <section aria-labelledby="products-title">
      <div className="toolbar">
        <h2 id="products-title" className="visually-hidden">
          Products
        </h2>
        <div className="field search">
          <label htmlFor="product-search" className="visually-hidden">
            Search products by title or SKU
          </label>
          <input
            id="product-search"
            type="search"
            placeholder="Search by title or SKU…"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="product-category" className="visually-hidden">
            Category
          </label>
          <select
            id="product-category"
            value={category}
            onChange={(e) => {
              const value = e.target.value;
              paging.restart((next) => {
                if (value) next.set("category", value);
                else next.delete("category");
              });
            }}
          >
            <option value="">All categories</option>
            {options.map(({ item, depth }) => (
              <option key={item.id} value={item.id}>
                {"\u00a0\u00a0".repeat(depth) + item.name}
              </option>
            ))}
          </select>
        </div>
        <Link className="button primary" to="new">
          New product
        </Link>
      </div>
      {category && categories.data ? (
        <p className="muted small" role="status">
          Showing {filterScope(categories.data, category)}
        </p>
      ) : null}

      {products.isPending ? (
        <Loading label="Loading products…" />
      ) : products.isError ? (
        <ErrorBanner error={products.error} onRetry={() => products.refetch()} />
      ) : products.data.items.length === 0 ? (
        q || category ? (
          <Empty title="No product matches">
            <p>Try another search or category.</p>
          </Empty>
        ) : (
          <Empty title="No product yet">
            <p>Add your first product: a title, then its variants (sizes, colours…) with their prices and stock.</p>
            <Link className="button primary" to="new">
              Add a product
            </Link>
          </Empty>
        )
      ) : (
        <>
          <ul className={`product-list ${products.isPlaceholderData ? "stale" : ""}`} aria-busy={products.isFetching}>
            {products.data.items.map((product) => {
              const prices = priceRange(product.variants ?? []);
              return (
                <li key={product.id} className="product-row">
                  <Link to={product.id} className="product-link">
                    <span className="product-title">{product.title}</span>
                    <span className="muted small">/{product.slug}</span>
                  </Link>
                  <span className="muted small">{breadcrumb(categories.data ?? [], product.category_id) || "No category"}</span>
                  {prices ? <span className="muted small">{prices}</span> : <RowStock siteId={site.id} productId={product.id} />}
                </li>
              );
            })}
          </ul>
          <Pager paging={paging} nextCursor={products.data.next_cursor} />
        </>
      )}
    </section>
  );
}
