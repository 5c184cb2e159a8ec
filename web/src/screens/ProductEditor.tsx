import { useEffect, useMemo, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { catalog, keys } from "../api/endpoints";
import type { Product, Variant } from "../api/types";
import { Field, Select, TextArea } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { ErrorBanner, Loading, NotFound, OtherErrors } from "../components/States";
import { VariantTable } from "../components/VariantTable";
import { MediaEditor } from "../components/MediaEditor";
import { ApiProblem, errorsOf, unplacedErrors } from "../lib/problem";
import { isValidSlug, slugify } from "../lib/slug";
import { buildTree, flattenTree } from "../lib/tree";
import { emptyRow, planChanges, rowFromVariant, validateRow, type VariantRow } from "../lib/variants";
import { useSite } from "./SiteLayout";

/** Create or edit a product, its variants and its images. */
export function ProductEditor() {
  const site = useSite();
  const { productId } = useParams();
  const product = useQuery({
    queryKey: keys.product(site.id, productId ?? "new"),
    queryFn: () => catalog.product(site.id, productId!),
    enabled: Boolean(productId),
  });
  if (!productId) return <ProductForm key="new" siteId={site.id} />;
  if (product.isPending) return <Loading label="Loading the product…" />;
  if (product.isError) {
    if (product.error instanceof ApiProblem && product.error.status === 404) return <NotFound what="product" />;
    return <ErrorBanner error={product.error} onRetry={() => product.refetch()} />;
  }
  return <ProductForm key={product.data.id} siteId={site.id} product={product.data} />;
}

function ProductForm({ siteId, product: loaded }: { siteId: string; product?: Product }) {
  // The product as the server last answered: set by the first save of a new one, so a
  // second save (after fixing a variant) updates it instead of creating another.
  const [product, setProduct] = useState<Product | undefined>(loaded);
  const navigate = useNavigate();
  const confirm = useConfirm();
  const queries = useQueryClient();
  const [title, setTitle] = useState(product?.title ?? "");
  const [slug, setSlug] = useState(product?.slug ?? "");
  const [description, setDescription] = useState(product?.description ?? "");
  const [categoryId, setCategoryId] = useState(product?.category_id ?? "");
  const [saved, setSaved] = useState<Variant[]>(product?.variants ?? []);
  const [rows, setRows] = useState<VariantRow[]>(() =>
    product ? (product.variants ?? []).map(rowFromVariant) : [emptyRow()],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A product just created arrives here with its notice (the form remounts under its new address).
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>((location.state as { notice?: string } | null)?.notice ?? null);

  // Leaving with unsaved edits (reload, closing the tab) asks first.
  const snapshot = JSON.stringify([title, slug, description, categoryId, rows.map(({ key: _, ...row }) => row)]);
  const [baseline, setBaseline] = useState(snapshot);
  const dirty = snapshot !== baseline;
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const categories = useQuery({ queryKey: keys.categories(siteId), queryFn: () => catalog.categories(siteId) });
  const options = useMemo(() => flattenTree(buildTree(categories.data ?? [])), [categories.data]);

  const remove = useMutation({
    mutationFn: () => catalog.deleteProduct(siteId, product!.id),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ["site", siteId, "products"] });
      navigate(`/sites/${siteId}/products`, { replace: true });
    },
  });

  async function save(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setNotice(null);
    // Check everything first: one round of corrections, not one per request.
    const found: Record<string, string> = {};
    if (title.trim() === "") found.title = "is required";
    if (slug.trim() !== "" && !isValidSlug(slug.trim())) found.slug = "must be a-z, 0-9 and single '-' between them";
    const foundRows: Record<string, Record<string, string>> = {};
    for (const row of rows) {
      const rowProblems = validateRow(row);
      if (Object.keys(rowProblems).length > 0) foundRows[row.key] = rowProblems;
    }
    const skus = rows.map((row) => row.sku.trim()).filter(Boolean);
    rows.forEach((row) => {
      if (row.sku.trim() && skus.indexOf(row.sku.trim()) !== skus.lastIndexOf(row.sku.trim())) {
        foundRows[row.key] = { ...foundRows[row.key], sku: "is used by another variant" };
      }
    });
    setErrors(found);
    setRowErrors(foundRows);
    if (Object.keys(found).length > 0 || Object.keys(foundRows).length > 0) return;

    setBusy(true);
    let current = product;
    try {
      const body = {
        title: title.trim(),
        description: description.trim() === "" ? null : description,
        category_id: categoryId || null,
      };
      if (!current) {
        current = await catalog.createProduct(siteId, { ...body, slug: slug.trim() || undefined });
      } else {
        const patch: Record<string, unknown> = {};
        if (body.title !== current.title) patch.title = body.title;
        if (body.description !== (current.description ?? null)) patch.description = body.description;
        if (body.category_id !== (current.category_id ?? null)) patch.category_id = body.category_id;
        if (slug.trim() !== "" && slug.trim() !== current.slug) patch.slug = slug.trim();
        if (Object.keys(patch).length > 0) current = await catalog.updateProduct(siteId, current.id, patch);
      }
    } catch (error) {
      setErrors(errorsOf(error));
      if (Object.keys(errorsOf(error)).length === 0) setFailure(error);
      setBusy(false);
      return;
    }

    // The product exists: now its variants, each call on its own (one bad row does not lose the others).
    const productId = current.id;
    const ops = planChanges(saved, rows);
    const serverRowErrors: Record<string, Record<string, string>> = {};
    let nextRows = rows;
    let nextSaved = saved;
    for (const op of ops) {
      try {
        if (op.kind === "delete") {
          await catalog.deleteVariant(siteId, productId, op.id);
          nextSaved = nextSaved.filter((v) => v.id !== op.id);
        } else if (op.kind === "create") {
          const variant = await catalog.createVariant(siteId, productId, op.body);
          nextSaved = [...nextSaved, variant];
          nextRows = nextRows.map((row) => (row.key === op.key ? { ...row, id: variant.id } : row));
        } else {
          const variant = await catalog.updateVariant(siteId, productId, op.id, op.body);
          nextSaved = nextSaved.map((v) => (v.id === variant.id ? variant : v));
        }
      } catch (error) {
        if (op.kind === "delete") {
          setFailure(error);
          continue;
        }
        const fields = errorsOf(error);
        serverRowErrors[op.key] = Object.keys(fields).length > 0 ? fields : { sku: describe(error) };
      }
    }
    setSaved(nextSaved);
    setRows(nextRows);
    setBaseline(JSON.stringify([title, slug, description, categoryId, nextRows.map(({ key: _, ...row }) => row)]));
    setRowErrors(serverRowErrors);
    setBusy(false);
    setProduct(current);
    void queries.invalidateQueries({ queryKey: ["site", siteId, "products"] });
    queries.setQueryData(keys.product(siteId, productId), { ...current, variants: nextSaved });
    if (Object.keys(serverRowErrors).length > 0) {
      setNotice(null);
      setFailure(new Error("Some variants were not saved: see the highlighted rows."));
    } else {
      setNotice("Saved.");
    }
    // A new product moves to its own address once everything is saved (the form remounts there).
    if (!loaded && Object.keys(serverRowErrors).length === 0) {
      navigate(`/sites/${siteId}/products/${productId}`, { replace: true, state: { notice: "Product created." } });
    }
  }

  async function askDelete() {
    const yes = await confirm({
      title: `Delete “${product!.title}”?`,
      body: <p>The product, its {saved.length} variant(s) and its images are removed from the storefront. This cannot be undone.</p>,
      action: "Delete product",
    });
    if (yes) remove.mutate();
  }

  const derivedSlug = slugify(title);
  return (
    <form className="editor" onSubmit={save} noValidate aria-labelledby="editor-title">
      <div className="editor-head">
        <Link to={`/sites/${siteId}/products`} className="muted small">
          ← All products
        </Link>
        <h2 id="editor-title">{product ? product.title : "New product"}</h2>
      </div>
      <ErrorBanner error={failure ?? remove.error} />
      <OtherErrors messages={unplacedErrors(errors, ["title", "slug", "description", "category_id"])} />

      <section className="card" aria-labelledby="details-title">
        <h3 id="details-title">Details</h3>
        <div className="grid-2">
          <Field label="Title" name="title" value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} required />
          <Field
            label="Address in the shop"
            name="slug"
            value={slug}
            placeholder={derivedSlug ?? ""}
            onChange={(e) => setSlug(e.target.value.toLowerCase())}
            error={errors.slug}
            hint={product ? undefined : "Optional: made from the title when left empty."}
          />
        </div>
        <Select label="Category" name="category_id" value={categoryId ?? ""} onChange={(e) => setCategoryId(e.target.value)} error={errors.category_id}>
          <option value="">No category</option>
          {options.map(({ item, depth }) => (
            <option key={item.id} value={item.id}>
              {"\u00a0\u00a0".repeat(depth) + item.name}
            </option>
          ))}
        </Select>
        <TextArea
          label="Description"
          name="description"
          rows={4}
          value={description ?? ""}
          onChange={(e) => setDescription(e.target.value)}
          error={errors.description}
        />
      </section>

      <VariantTable rows={rows} errors={rowErrors} onChange={setRows} />

      <div className="editor-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Saving…" : product ? "Save changes" : "Create product"}
        </button>
        {notice && (
          <span className="saved" role="status">
            {notice}
          </span>
        )}
        {product && (
          <button type="button" className="button danger ghost push-right" onClick={askDelete} disabled={remove.isPending}>
            Delete product
          </button>
        )}
      </div>

      {product ? (
        <MediaEditor siteId={siteId} productId={product.id} />
      ) : (
        <p className="muted small">Images can be added once the product is created.</p>
      )}
    </form>
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : "could not be saved";
}
