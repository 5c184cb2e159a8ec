import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { catalog, keys, orders } from "../api/endpoints";
import type { CreateManualOrder } from "../api/types";
import { Field, Select, TextArea } from "../components/Field";
import { ErrorBanner, OtherErrors } from "../components/States";
import { errorsOf, unplacedErrors } from "../lib/problem";
import { formatMoney } from "../lib/money";
import { useFocusFirstError } from "../lib/focus";
import { addLine, manualOrderErrors, type DraftLine } from "../lib/orders";
import { useSite } from "./SiteLayout";

const ADDRESS_FIELDS = [
  ["name", "Name"],
  ["line1", "Address"],
  ["line2", "Address line 2 (optional)"],
  ["postal_code", "Postal code"],
  ["city", "City"],
  ["country", "Country (2 letters, e.g. FR)"],
] as const;
type AddressKey = (typeof ADDRESS_FIELDS)[number][0];

/** A sale at the counter or by phone: items from the catalog, the buyer's e-mail, optionally paid at once. */
export function ManualOrder() {
  const site = useSite();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [email, setEmail] = useState("");
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [productQuery, setProductQuery] = useState("");
  const [productId, setProductId] = useState("");
  const [variantId, setVariantId] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [ship, setShip] = useState(false);
  const [address, setAddress] = useState<Record<AddressKey, string>>({ name: "", line1: "", line2: "", postal_code: "", city: "", country: "" });
  const [note, setNote] = useState("");
  const [paid, setPaid] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusErrors = useFocusFirstError(formRef);

  const products = useQuery({
    queryKey: keys.products(site.id, { q: productQuery.trim() || undefined, limit: 20 }),
    queryFn: () => catalog.products(site.id, { q: productQuery.trim() || undefined, limit: 20 }),
  });
  const product = useQuery({
    queryKey: keys.product(site.id, productId),
    queryFn: () => catalog.product(site.id, productId),
    enabled: productId !== "",
  });
  const variants = product.data?.variants ?? [];

  const create = useMutation({
    mutationFn: (body: CreateManualOrder) => orders.create(site.id, body),
    onSuccess: (order) => {
      void queries.invalidateQueries({ queryKey: keys.orders(site.id) });
      void queries.invalidateQueries({ queryKey: ["site", site.id, "products"] });
      navigate(`/sites/${site.id}/orders/${order.id}`, { replace: true });
    },
    onError: (error) => {
      setErrors(errorsOf(error));
      focusErrors();
    },
  });

  function add() {
    const variant = variants.find((v) => v.id === variantId);
    const qty = Number(quantity);
    if (!variant || !product.data) {
      setErrors({ ...errors, variant: "choose a product and one of its variants" });
      return;
    }
    if (!Number.isInteger(qty) || qty < 1 || qty > 999) {
      setErrors({ ...errors, quantity: "must be 1 to 999" });
      return;
    }
    const attrs = Object.values(variant.attributes ?? {}).map(String).join(" / ");
    const label = `${product.data.title}${attrs ? ` — ${attrs}` : ""} (${variant.sku}), ${formatMoney(variant.price, variant.currency)}`;
    setLines(addLine(lines, { variant_id: variant.id, label, quantity: qty }));
    const { variant: _v, quantity: _q, lines: _l, ...rest } = errors;
    setErrors(rest);
    setQuantity("1");
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = manualOrderErrors(email, lines);
    if (ship) {
      for (const [key] of ADDRESS_FIELDS) {
        if (key !== "line2" && address[key].trim() === "") found[`shipping_address.${key}`] = "is required";
      }
      if (address.country.trim() && !/^[A-Za-z]{2}$/.test(address.country.trim())) found["shipping_address.country"] = "must be 2 letters, e.g. FR";
    }
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusErrors();
      return;
    }
    create.mutate({
      email: email.trim(),
      lines: lines.map(({ variant_id, quantity: q }) => ({ variant_id, quantity: q })),
      shipping_address: ship
        ? {
            name: address.name.trim(),
            line1: address.line1.trim(),
            line2: address.line2.trim() || null,
            city: address.city.trim(),
            postal_code: address.postal_code.trim(),
            country: address.country.trim().toUpperCase(),
          }
        : null,
      note: note.trim() || null,
      paid,
    });
  }

  const shown = ["email", "lines", "variant", "quantity", "note", ...ADDRESS_FIELDS.map(([k]) => `shipping_address.${k}`)];
  return (
    <form className="stack" onSubmit={submit} noValidate aria-labelledby="manual-title" ref={formRef}>
      <div className="editor-head">
        <Link to={`/sites/${site.id}/orders`} className="muted small">
          ← All orders
        </Link>
        <h2 id="manual-title">New order</h2>
        <p className="muted small">A sale at the counter or by phone. The stock is taken at once.</p>
      </div>
      {create.isError && Object.keys(errorsOf(create.error)).length === 0 && <ErrorBanner error={create.error} />}
      <OtherErrors messages={unplacedErrors(errors, shown).filter((m) => !m.startsWith("Line "))} />

      <section className="card stack" aria-labelledby="manual-items">
        <h3 id="manual-items">Items</h3>
        <div className="grid-auto">
          <Field label="Find a product" type="search" value={productQuery} onChange={(e) => setProductQuery(e.target.value)} placeholder="Title…" />
          <Select
            label="Product"
            value={productId}
            onChange={(e) => {
              setProductId(e.target.value);
              setVariantId("");
            }}
            error={errors.variant && !productId ? errors.variant : undefined}
          >
            <option value="">Choose…</option>
            {(products.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </Select>
          <Select label="Variant" value={variantId} onChange={(e) => setVariantId(e.target.value)} disabled={!productId} error={errors.variant && productId ? errors.variant : undefined}>
            <option value="">{productId && product.isPending ? "Loading…" : "Choose…"}</option>
            {variants.map((v) => (
              <option key={v.id} value={v.id} disabled={v.stock_qty <= 0}>
                {Object.values(v.attributes ?? {}).map(String).join(" / ") || v.sku} — {formatMoney(v.price, v.currency)} — {v.stock_qty > 0 ? `${v.stock_qty} in stock` : "sold out"}
              </option>
            ))}
          </Select>
          <Field label="Quantity" inputMode="numeric" className="narrow" value={quantity} onChange={(e) => setQuantity(e.target.value)} error={errors.quantity} />
        </div>
        <div>
          <button type="button" className="button" onClick={add}>
            Add to order
          </button>
        </div>
        {lines.length === 0 ? (
          <p className={errors.lines ? "field-error" : "muted"} aria-invalid={errors.lines ? true : undefined}>
            {errors.lines ? `Items: ${errors.lines}.` : "No item yet."}
          </p>
        ) : (
          <ul className="order-draft-lines">
            {lines.map((line, i) => (
              <li key={line.variant_id}>
                <span>
                  {line.quantity} × {line.label}
                </span>
                {errors[`lines.${i}.quantity`] && <span className="field-error"> Quantity {errors[`lines.${i}.quantity`]}</span>}
                <button type="button" className="button small ghost danger" onClick={() => setLines(lines.filter((l) => l.variant_id !== line.variant_id))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card stack" aria-labelledby="manual-buyer">
        <h3 id="manual-buyer">Buyer</h3>
        <Field label="E-mail" type="email" name="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} autoComplete="off" />
        <label className="checkbox">
          <input type="checkbox" checked={ship} onChange={(e) => setShip(e.target.checked)} /> Ship it (enter an address)
        </label>
        {ship && (
          <div className="grid-auto">
            {ADDRESS_FIELDS.map(([key, label]) => (
              <Field
                key={key}
                label={label}
                name={key}
                value={address[key]}
                onChange={(e) => setAddress({ ...address, [key]: e.target.value })}
                error={errors[`shipping_address.${key}`]}
              />
            ))}
          </div>
        )}
        <TextArea label="Note (optional)" name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} />
        <label className="checkbox">
          <input type="checkbox" checked={paid} onChange={(e) => setPaid(e.target.checked)} /> Paid now (cash, card terminal, transfer received)
        </label>
      </section>
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create order"}
        </button>
      </div>
    </form>
  );
}
