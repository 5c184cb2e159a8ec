import { useEffect, useRef, useState } from "react";
import type { AttributeRow } from "../lib/attributes";
import { COMMON_CURRENCIES } from "../lib/money";
import { emptyRow, generateRows, isBlankRow, type OptionInput, type VariantRow } from "../lib/variants";

interface Props {
  rows: VariantRow[];
  errors: Record<string, Record<string, string>>;
  onChange: (rows: VariantRow[]) => void;
  /** The shop's currency: a new variant's, until another is typed. */
  defaultCurrency?: string;
}

/**
 * The variants of a product as an editable table: SKU, attributes (key/value
 * pairs), price, currency, stock. Every input has a label (visually hidden
 * in the table, shown when the table turns into cards on a phone).
 * An empty SKU is made by the server; a stock of 0 shows "Sold out", as the
 * storefront will. Removing a row moves the focus to the row that takes its
 * place, else to "+ Add a variant".
 */
export function VariantTable({ rows, errors, onChange, defaultCurrency = "EUR" }: Props) {
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // The index of a row just removed: focus goes there once React has re-rendered.
  const [removed, setRemoved] = useState<number | null>(null);
  useEffect(() => {
    if (removed === null) return;
    const successor = tableRef.current?.querySelectorAll<HTMLElement>("tr")[removed]?.querySelector<HTMLElement>("input");
    (successor ?? addRef.current)?.focus();
    setRemoved(null);
  }, [removed]);
  const removeRow = (index: number) => {
    onChange(rows.filter((_, i) => i !== index));
    setRemoved(index);
  };
  const update = (key: string, change: Partial<VariantRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const setAttribute = (row: VariantRow, index: number, change: Partial<AttributeRow>) =>
    update(row.key, { attributes: row.attributes.map((a, i) => (i === index ? { ...a, ...change } : a)) });

  return (
    <section className="card" aria-labelledby="variants-title">
      <div className="section-head">
        <h3 id="variants-title">Variants</h3>
        <span className="muted small">Each size, colour… with its own SKU, price and stock.</span>
      </div>
      <OptionGenerator
        currency={rows[rows.length - 1]?.currency ?? defaultCurrency}
        onGenerate={(made) => onChange([...rows.filter((row) => !isBlankRow(row)), ...made])}
      />
      <datalist id="currencies">
        {COMMON_CURRENCIES.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {rows.length === 0 ? (
        <p className="muted">No variant: shoppers cannot buy this product yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="variants">
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Attributes</th>
                <th scope="col">Price</th>
                <th scope="col">Currency</th>
                <th scope="col">Stock</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {rows.map((row, index) => {
                const e = errors[row.key] ?? {};
                const n = index + 1;
                const cell = (field: string, label: string, input: React.ReactNode, after?: React.ReactNode) => (
                  <td data-label={label}>
                    {input}
                    {after}
                    {e[field] && (
                      <span className="field-error" id={`${row.key}-${field}-error`}>
                        {e[field]}
                      </span>
                    )}
                  </td>
                );
                const invalid = (field: string) => ({
                  "aria-invalid": e[field] ? true : undefined,
                  "aria-describedby": e[field] ? `${row.key}-${field}-error` : undefined,
                });
                return (
                  <tr key={row.key} className={Object.keys(e).length > 0 ? "has-error" : undefined}>
                    {cell(
                      "sku",
                      "SKU",
                      <input
                        aria-label={`SKU of variant ${n}`}
                        name={`variants.${index}.sku`}
                        placeholder={row.id ? undefined : "Made for you"}
                        value={row.sku}
                        onChange={(ev) => update(row.key, { sku: ev.target.value })}
                        {...invalid("sku")}
                      />,
                    )}
                    {cell(
                      "attributes",
                      "Attributes",
                      <div className="attributes">
                        {row.attributes.map((attribute, i) => (
                          <div className="attribute" key={i}>
                            <input
                              aria-label={`Attribute ${i + 1} name of variant ${n}`}
                              placeholder="size"
                              value={attribute.key}
                              onChange={(ev) => setAttribute(row, i, { key: ev.target.value })}
                              {...invalid("attributes")}
                            />
                            <input
                              aria-label={`Attribute ${i + 1} value of variant ${n}`}
                              placeholder="M"
                              value={attribute.value}
                              onChange={(ev) => setAttribute(row, i, { value: ev.target.value })}
                              {...invalid("attributes")}
                            />
                            <button
                              type="button"
                              className="icon-button"
                              aria-label={`Remove attribute ${i + 1} of variant ${n}`}
                              onClick={() => update(row.key, { attributes: row.attributes.filter((_, j) => j !== i) })}
                            >
                              ×
                            </button>
                          </div>
                        ))}
                        <button
                          type="button"
                          className="link-button small"
                          onClick={() => update(row.key, { attributes: [...row.attributes, { key: "", value: "" }] })}
                        >
                          + attribute
                        </button>
                      </div>,
                    )}
                    {cell(
                      "price",
                      "Price",
                      <input
                        aria-label={`Price of variant ${n}`}
                        inputMode="decimal"
                        placeholder="19.99"
                        className="num"
                        value={row.price}
                        onChange={(ev) => update(row.key, { price: ev.target.value.replace(",", ".") })}
                        {...invalid("price")}
                      />,
                    )}
                    {cell(
                      "currency",
                      "Currency",
                      <input
                        aria-label={`Currency of variant ${n}`}
                        list="currencies"
                        maxLength={3}
                        className="currency"
                        value={row.currency}
                        onChange={(ev) => update(row.key, { currency: ev.target.value.toUpperCase() })}
                        {...invalid("currency")}
                      />,
                    )}
                    {cell(
                      "stock_qty",
                      "Stock",
                      <input
                        aria-label={`Stock of variant ${n}`}
                        inputMode="numeric"
                        className="num"
                        value={row.stock}
                        onChange={(ev) => update(row.key, { stock: ev.target.value })}
                        {...invalid("stock_qty")}
                      />,
                      row.stock.trim() === "0" && (
                        <span className="badge sold-out" id={`${row.key}-sold-out`}>
                          Sold out
                        </span>
                      ),
                    )}
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button small ghost danger"
                        aria-label={`Remove variant ${n}`}
                        onClick={() => removeRow(index)}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <button
        type="button"
        className="button small"
        ref={addRef}
        onClick={() => onChange([...rows, emptyRow(rows[rows.length - 1]?.currency ?? defaultCurrency)])}
      >
        + Add a variant
      </button>
      <p className="muted small">
        Stock starts at 0: a variant with no stock shows as <strong>Sold out</strong> on the storefront and cannot be
        bought. An empty SKU is made from the product&apos;s address and the attribute values (e.g. LINEN-SHIRT-M-BLUE).
        Removed variants are deleted when you save.
      </p>
    </section>
  );
}

/**
 * Options like Size: S, M, L × Colour: Red, Blue make the variant rows
 * (editable before saving); untouched empty rows are replaced, rows being
 * typed in are kept.
 */
function OptionGenerator({ currency, onGenerate }: { currency: string; onGenerate: (rows: VariantRow[]) => void }) {
  const [options, setOptions] = useState<OptionInput[]>([
    { name: "", values: "" },
    { name: "", values: "" },
  ]);
  const [price, setPrice] = useState("");
  const [stock, setStock] = useState("0");
  const [message, setMessage] = useState<string | null>(null);
  const set = (index: number, change: Partial<OptionInput>) =>
    setOptions(options.map((option, i) => (i === index ? { ...option, ...change } : option)));
  const generate = () => {
    const made = generateRows(options, { price: price.trim().replace(",", "."), currency, stock: stock.trim() || "0" });
    if ("error" in made) {
      setMessage(made.error);
      return;
    }
    setMessage(`${made.rows.length} variants added below: check them, then save.`);
    onGenerate(made.rows);
  };
  return (
    <details className="option-generator">
      <summary>Generate variants from options (sizes × colours…)</summary>
      <div className="generator-options">
        {options.map((option, i) => (
          <div className="generator-option" key={i}>
            <label>
              <span>Option {i + 1}</span>
              <input placeholder={i === 0 ? "Size" : "Colour"} value={option.name} onChange={(e) => set(i, { name: e.target.value })} />
            </label>
            <label className="grow">
              <span>Values of option {i + 1} (comma-separated)</span>
              <input
                placeholder={i === 0 ? "S, M, L" : "Red, Blue"}
                value={option.values}
                onChange={(e) => set(i, { values: e.target.value })}
              />
            </label>
          </div>
        ))}
        <button type="button" className="link-button small" onClick={() => setOptions([...options, { name: "", values: "" }])}>
          + option
        </button>
        <div className="generator-option">
          <label>
            <span>Price of each</span>
            <input inputMode="decimal" placeholder="19.99" className="num" value={price} onChange={(e) => setPrice(e.target.value)} />
          </label>
          <label>
            <span>Stock of each (0 = sold out)</span>
            <input inputMode="numeric" className="num" value={stock} onChange={(e) => setStock(e.target.value)} />
          </label>
        </div>
        <button type="button" className="button small" onClick={generate}>
          Generate variants
        </button>
        {message && (
          <p className="small" role="status">
            {message}
          </p>
        )}
      </div>
    </details>
  );
}
