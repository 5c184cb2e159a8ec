import type { AttributeRow } from "../lib/attributes";
import { COMMON_CURRENCIES } from "../lib/money";
import { emptyRow, type VariantRow } from "../lib/variants";

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
 */
export function VariantTable({ rows, errors, onChange, defaultCurrency = "EUR" }: Props) {
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
            <tbody>
              {rows.map((row, index) => {
                const e = errors[row.key] ?? {};
                const n = index + 1;
                const cell = (field: string, label: string, input: React.ReactNode) => (
                  <td data-label={label}>
                    {input}
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
                    )}
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button small ghost danger"
                        aria-label={`Remove variant ${n}`}
                        onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
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
        onClick={() => onChange([...rows, emptyRow(rows[rows.length - 1]?.currency ?? defaultCurrency)])}
      >
        + Add a variant
      </button>
      <p className="muted small">Removed variants are deleted when you save.</p>
    </section>
  );
}
