import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link, useBlocker, useLocation, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { catalog, keys } from "../api/endpoints";
import type { Product, Variant } from "../api/types";
import { Field, Select, TextArea } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { ErrorBanner, Loading, NotFound, OtherErrors } from "../components/States";
import { VariantTable } from "../components/VariantTable";
import { MediaEditor } from "../components/MediaEditor";
import { ApiProblem, errorsOf, isConnectionProblem, unplacedErrors } from "../lib/problem";
import { draftStore, dropDraft, readDraft, saveDraft } from "../lib/drafts";
import { sessions } from "../lib/session";
import { useFocusFirstError } from "../lib/focus";
import { isValidSlug, slugify } from "../lib/slug";
import { buildTree, flattenTree } from "../lib/tree";
import { emptyRow, inputOf, planChanges, rowErrorsOf, rowFromVariant, validateRow, type VariantRow } from "../lib/variants";
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
  // Edits kept from before an expired session (ADR 0201), restored over the server's values.
  const draftKey = `${siteId}/products/${loaded?.id ?? "new"}`;
  const [draft] = useState(() => readDraft<ProductDraft>(draftStore(), draftKey, sessions.current?.username ?? ""));
  // A new variant is priced in the shop's currency unless another is typed.
  const shopCurrency = useSite().currency;
  const serverRows = () => (product ? (product.variants ?? []).map(rowFromVariant) : [emptyRow(shopCurrency)]);
  const [title, setTitle] = useState(draft?.title ?? product?.title ?? "");
  const [slug, setSlug] = useState(draft?.slug ?? product?.slug ?? "");
  const [description, setDescription] = useState(draft?.description ?? product?.description ?? "");
  const [categoryId, setCategoryId] = useState(draft?.categoryId ?? product?.category_id ?? "");
  const [saved, setSaved] = useState<Variant[]>(product?.variants ?? []);
  const [rows, setRows] = useState<VariantRow[]>(() => draft?.rows ?? serverRows());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // A product just created arrives here with its notice (the form remounts under its new address).
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(
    draft ? "Your unsaved edits from before the session ended were restored. Save them, or reload the page to discard them." : ((location.state as { notice?: string } | null)?.notice ?? null),
  );

  // Leaving with unsaved edits (reload, closing the tab, an in-app link) asks first.
  const snapshotOf = (t: string, s_: string, d: string, c: string, r: VariantRow[]) =>
    JSON.stringify([t, s_, d, c, r.map(({ key: _, ...row }) => row)]);
  const snapshot = snapshotOf(title, slug, description ?? "", categoryId ?? "", rows);
  const [baseline, setBaseline] = useState(() =>
    snapshotOf(product?.title ?? "", product?.slug ?? "", product?.description ?? "", product?.category_id ?? "", serverRows()),
  );
  const dirty = snapshot !== baseline;
  // Set just before this form moves away on purpose (after a save, a delete).
  const leaving = useRef(false);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  useEffect(() => {
    const store = draftStore();
    if (dirty) {
      const value: ProductDraft = { title, slug, description: description ?? "", categoryId: categoryId ?? "", rows };
      saveDraft(store, draftKey, sessions.current?.username ?? "", value);
    } else dropDraft(store, draftKey);
  }, [dirty, draftKey, title, slug, description, categoryId, rows]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && sessions.current !== null && currentLocation.pathname !== nextLocation.pathname,
  );
  // One question per blocked navigation, even if this renders again while it is open.
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
    void confirm({
      title: "Leave without saving?",
      body: <p>Your changes to this product are not saved yet. If you leave, they are lost.</p>,
      action: "Leave",
      cancel: "Stay",
    }).then((leave) => {
      asking.current = false;
      if (leave) {
        dropDraft(draftStore(), draftKey);
        blocker.proceed();
      } else blocker.reset();
    });
  }, [blocker, confirm, draftKey]);
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);

  const categories = useQuery({ queryKey: keys.categories(siteId), queryFn: () => catalog.categories(siteId) });
  const options = useMemo(() => flattenTree(buildTree(categories.data ?? [])), [categories.data]);

  const remove = useMutation({
    mutationFn: () => catalog.deleteProduct(siteId, product!.id),
    onSuccess: () => {
      leaving.current = true;
      dropDraft(draftStore(), draftKey);
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
    if (Object.keys(found).length > 0 || Object.keys(foundRows).length > 0) {
      focusErrors();
      return;
    }

    setBusy(true);
    let current = product;
    const body = {
      title: title.trim(),
      description: description.trim() === "" ? null : description,
      category_id: categoryId || null,
    };
    if (!current) {
      // A new product and its variants in one request: all or nothing, so a refused variant
      // leaves no half-created product, and this page is still the new product's.
      try {
        current = await catalog.createProduct(siteId, { ...body, slug: slug.trim() || undefined, variants: rows.map(inputOf) });
      } catch (error) {
        const fields = errorsOf(error);
        setErrors(Object.fromEntries(Object.entries(fields).filter(([field]) => !field.startsWith("variants["))));
        setRowErrors(rowErrorsOf(fields, rows));
        if (Object.keys(fields).length === 0) {
          setFailure(
            isConnectionProblem(error)
              ? new Error("Cannot reach the server: the product was not created. Your edits are kept; save again when the connection is back.")
              : error,
          );
        }
        setBusy(false);
        focusErrors();
        return;
      }
      setBusy(false);
      leaving.current = true;
      dropDraft(draftStore(), draftKey);
      void queries.invalidateQueries({ queryKey: ["site", siteId, "products"] });
      queries.setQueryData(keys.product(siteId, current.id), current);
      navigate(`/sites/${siteId}/products/${current.id}`, { replace: true, state: { notice: "Product created." } });
      return;
    }
    try {
      const patch: Record<string, unknown> = {};
      if (body.title !== current.title) patch.title = body.title;
      if (body.description !== (current.description ?? null)) patch.description = body.description;
      if (body.category_id !== (current.category_id ?? null)) patch.category_id = body.category_id;
      if (slug.trim() !== "" && slug.trim() !== current.slug) patch.slug = slug.trim();
      if (Object.keys(patch).length > 0) current = await catalog.updateProduct(siteId, current.id, patch);
    } catch (error) {
      setErrors(errorsOf(error));
      if (Object.keys(errorsOf(error)).length === 0) setFailure(error);
      setBusy(false);
      focusErrors();
      return;
    }

    // A saved product: its variants' changes, each call on its own (one bad row does not lose the others).
    const productId = current.id;
    const ops = planChanges(saved, rows);
    const serverRowErrors: Record<string, Record<string, string>> = {};
    let nextRows = rows;
    let nextSaved = saved;
    let connectionFailure: unknown = null;
    let unsavedRows = 0;
    for (const op of ops) {
      try {
        if (op.kind === "delete") {
          await catalog.deleteVariant(siteId, productId, op.id);
          nextSaved = nextSaved.filter((v) => v.id !== op.id);
        } else if (op.kind === "create") {
          const variant = await catalog.createVariant(siteId, productId, op.body);
          nextSaved = [...nextSaved, variant];
          // The SKU too: the server makes one when the row had none.
          nextRows = nextRows.map((row) => (row.key === op.key ? { ...row, id: variant.id, sku: variant.sku } : row));
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
        if (Object.keys(fields).length > 0) serverRowErrors[op.key] = fields;
        // Not about this row's fields (the connection dropped, the server failed): say so as such.
        else {
          connectionFailure = connectionFailure ?? error;
          unsavedRows += 1;
        }
      }
    }
    setSaved(nextSaved);
    setRows(nextRows);
    if (unsavedRows === 0) setBaseline(snapshotOf(title, slug, description ?? "", categoryId ?? "", nextRows));
    setRowErrors(serverRowErrors);
    setBusy(false);
    setProduct(current);
    void queries.invalidateQueries({ queryKey: ["site", siteId, "products"] });
    queries.setQueryData(keys.product(siteId, productId), { ...current, variants: nextSaved });
    if (connectionFailure) {
      setNotice(null);
      setFailure(
        isConnectionProblem(connectionFailure)
          ? new Error(`Cannot reach the server: ${unsavedRows} variant change(s) were not saved. Your edits are kept; save again when the connection is back.`)
          : connectionFailure,
      );
      focusErrors();
    } else if (Object.keys(serverRowErrors).length > 0) {
      setNotice(null);
      setFailure(new Error("Some variants were not saved: see the highlighted rows."));
      focusErrors();
    } else {
      setNotice("Saved.");
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
    <form className="editor" onSubmit={save} noValidate aria-labelledby="editor-title" ref={formRef}>
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
            hint={
              product
                ? "Changing it keeps the old address working: it redirects (301) to the new one."
                : "Optional: made from the title when left empty."
            }
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

      <VariantTable rows={rows} errors={rowErrors} onChange={setRows} defaultCurrency={shopCurrency} />

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

/** What is kept of a product form's edits across an expired session. */
interface ProductDraft {
  title: string;
  slug: string;
  description: string;
  categoryId: string;
  rows: VariantRow[];
}
