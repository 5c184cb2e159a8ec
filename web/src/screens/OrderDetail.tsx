import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, orders } from "../api/endpoints";
import type { Order } from "../api/types";
import { Field } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { ErrorBanner, Loading, NotFound } from "../components/States";
import { ApiProblem } from "../lib/problem";
import { formatMoney } from "../lib/money";
import { formatWhen } from "../lib/dates";
import { STATUS_LABEL, orderActions } from "../lib/orders";
import { useTitle } from "../lib/title";
import { useSite } from "./SiteLayout";

function attributesText(attributes: unknown): string {
  if (!attributes || typeof attributes !== "object") return "";
  return Object.entries(attributes as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(", ");
}

/** One order: lines, totals, payment, address, history, and what the merchant can do next. */
export function OrderDetail() {
  const site = useSite();
  const { orderId = "" } = useParams();
  const order = useQuery({ queryKey: keys.order(site.id, orderId), queryFn: () => orders.get(site.id, orderId) });
  useTitle(order.data ? `Order #${order.data.number}` : "Order", site.name);
  if (order.isPending) return <Loading label="Loading the order…" />;
  if (order.isError) {
    if (order.error instanceof ApiProblem && order.error.status === 404) return <NotFound what="order" />;
    return <ErrorBanner error={order.error} onRetry={() => order.refetch()} />;
  }
  return <OrderView siteId={site.id} order={order.data} />;
}

function OrderView({ siteId, order }: { siteId: string; order: Order }) {
  // Dates as the shop's clock tells them.
  const timeZone = useSite().timezone;
  const queries = useQueryClient();
  const navigate = useNavigate();
  const confirm = useConfirm();
  const [tracking, setTracking] = useState(order.tracking_number ?? "");
  const [reason, setReason] = useState("");
  const [askReason, setAskReason] = useState(false);
  const focusTarget = useRef<HTMLHeadingElement>(null);
  const allowed = orderActions(order.status);
  const money = (amount: string) => formatMoney(amount, order.currency);
  const done = (next: Order) => {
    queries.setQueryData(keys.order(siteId, order.id), next);
    void queries.invalidateQueries({ queryKey: keys.orders(siteId) });
    setAskReason(false);
    focusTarget.current?.focus();
  };
  const markPaid = useMutation({ mutationFn: () => orders.markPaid(siteId, order.id), onSuccess: done });
  const fulfill = useMutation({ mutationFn: () => orders.fulfill(siteId, order.id, tracking.trim() || null), onSuccess: done });
  const cancel = useMutation({ mutationFn: () => orders.cancel(siteId, order.id, reason.trim() || null), onSuccess: done });
  const remove = useMutation({
    mutationFn: () => orders.delete(siteId, order.id),
    onSuccess: () => {
      queries.removeQueries({ queryKey: keys.order(siteId, order.id) });
      void queries.invalidateQueries({ queryKey: keys.orders(siteId) });
      navigate(`/sites/${siteId}/orders`, { replace: true });
    },
  });
  const failure = markPaid.error ?? fulfill.error ?? cancel.error ?? remove.error;
  const busy = markPaid.isPending || fulfill.isPending || cancel.isPending || remove.isPending;

  function submitFulfil(event: FormEvent) {
    event.preventDefault();
    fulfill.mutate();
  }
  function submitCancel(event: FormEvent) {
    event.preventDefault();
    cancel.mutate();
  }

  return (
    <article className="stack order-detail" aria-labelledby="order-title">
      <div className="editor-head">
        <Link to={`/sites/${siteId}/orders`} className="muted small">
          ← All orders
        </Link>
        <h2 id="order-title" tabIndex={-1} ref={focusTarget}>
          Order #{order.number} <span className={`pill pill-${order.status}`}>{STATUS_LABEL[order.status]}</span>
        </h2>
        <p className="muted small">
          Placed {formatWhen(order.created_at, timeZone)} by <span className="break">{order.email}</span>
          {order.customer_id ? " (a customer account)" : " (guest)"}
        </p>
      </div>
      <ErrorBanner error={failure} />

      <section className="card" aria-labelledby="order-lines">
        <h3 id="order-lines">Items</h3>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">SKU</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col" className="num">
                  Qty
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.variant_id}>
                  <th scope="row" data-label="Product">
                    {line.product_title}
                    <div className="muted small">{attributesText(line.attributes)}</div>
                  </th>
                  <td data-label="SKU">
                    <code>{line.sku}</code>
                  </td>
                  <td data-label="Price" className="num">
                    {money(line.unit_price)}
                  </td>
                  <td data-label="Qty" className="num">
                    {line.quantity}
                  </td>
                  <td data-label="Total" className="num">
                    {money(line.line_total)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="totals">
          <dt>Subtotal</dt>
          <dd>{money(order.subtotal)}</dd>
          {order.discount && (
            <>
              <dt>
                Discount <code>{order.discount.code}</code>
              </dt>
              <dd>−{money(order.discount_total)}</dd>
            </>
          )}
          <dt>
            <strong>Total</strong>
          </dt>
          <dd>
            <strong>{money(order.total)}</strong>
          </dd>
        </dl>
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="order-payment">
          <h3 id="order-payment">Payment</h3>
          {order.payment ? (
            <p>
              {order.payment.method === "card" ? `Card ${order.payment.brand ?? ""} •••• ${order.payment.last4 ?? "????"}` : "Manual payment"}
              {" — "}
              {order.payment.status === "captured" ? "captured" : order.payment.status === "refunded" ? "refunded" : "pending"},{" "}
              {money(order.payment.amount)}
            </p>
          ) : (
            <p className="muted">No payment yet.</p>
          )}
          {order.paid_at && <p className="small muted">Paid {formatWhen(order.paid_at, timeZone)}</p>}
          {order.tracking_number && (
            <p>
              Tracking number: <code>{order.tracking_number}</code>
            </p>
          )}
          {order.cancel_reason && <p>Cancel reason: {order.cancel_reason}</p>}
          {order.note && <p>Note: {order.note}</p>}
        </section>
        <section className="card" aria-labelledby="order-address">
          <h3 id="order-address">Shipping address</h3>
          {order.shipping_address ? (
            <address>
              {order.shipping_address.name}
              <br />
              {order.shipping_address.line1}
              {order.shipping_address.line2 && (
                <>
                  <br />
                  {order.shipping_address.line2}
                </>
              )}
              <br />
              {order.shipping_address.postal_code} {order.shipping_address.city}
              <br />
              {order.shipping_address.country}
            </address>
          ) : (
            <p className="muted">No shipping address (a counter sale).</p>
          )}
        </section>
      </div>

      <section className="card stack" aria-labelledby="order-actions">
        <h3 id="order-actions">Next steps</h3>
        {!allowed.markPaid && !allowed.fulfill && !allowed.cancel && !allowed.delete && (
          <p className="muted">Nothing left to do: this order is {STATUS_LABEL[order.status].toLowerCase()}.</p>
        )}
        {allowed.markPaid && (
          <div>
            <button type="button" className="button" disabled={busy} onClick={() => markPaid.mutate()}>
              Mark as paid
            </button>
            <span className="muted small"> Records a manual payment (cash, bank transfer).</span>
          </div>
        )}
        {allowed.fulfill && (
          <form className="inline-form" onSubmit={submitFulfil} aria-label="Fulfil the order">
            <Field label="Tracking number (optional)" name="tracking_number" value={tracking} onChange={(e) => setTracking(e.target.value)} />
            <button type="submit" className="button primary" disabled={busy}>
              {fulfill.isPending ? "Fulfilling…" : "Mark as fulfilled"}
            </button>
          </form>
        )}
        {allowed.cancel &&
          (askReason ? (
            <form className="inline-form" onSubmit={submitCancel} aria-label="Cancel the order">
              <Field label="Reason (optional)" name="reason" value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
              <button type="submit" className="button danger" disabled={busy}>
                {cancel.isPending ? "Canceling…" : "Cancel order"}
              </button>
              <button type="button" className="button" onClick={() => setAskReason(false)}>
                Keep it
              </button>
              <p className="muted small">The stock goes back, a card payment is refunded, a discount use is given back.</p>
            </form>
          ) : (
            <div>
              <button type="button" className="button danger ghost" disabled={busy} onClick={() => setAskReason(true)}>
                Cancel order…
              </button>
            </div>
          ))}
        {allowed.delete && (
          <div>
            <button
              type="button"
              className="button danger ghost"
              disabled={busy}
              onClick={async () => {
                const yes = await confirm({
                  title: `Delete order #${order.number}?`,
                  body: <p>It disappears from your orders and statistics. This cannot be undone.</p>,
                  action: "Delete order",
                });
                if (yes) remove.mutate();
              }}
            >
              Delete order
            </button>
          </div>
        )}
        {(order.status === "paid" || order.status === "fulfilled") && (
          <p className="muted small">A paid or fulfilled order cannot be deleted{order.status === "paid" ? ": cancel it first" : ""}.</p>
        )}
      </section>

      {order.history && order.history.length > 0 && (
        <section className="card" aria-labelledby="order-history">
          <h3 id="order-history">History</h3>
          <ol className="history">
            {order.history.map((entry, i) => (
              <li key={i}>
                <span className="small muted">{formatWhen(entry.at, timeZone)}</span> — {STATUS_LABEL[entry.status]}
                {entry.note ? `: ${entry.note}` : ""}
              </li>
            ))}
          </ol>
        </section>
      )}
    </article>
  );
}
