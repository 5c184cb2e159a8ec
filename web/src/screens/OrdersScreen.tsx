import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { keys, orders, type OrderQuery } from "../api/endpoints";
import type { OrderStatus } from "../api/types";
import { Pager, usePaging } from "../components/Pager";
import { Empty, ErrorBanner, Loading } from "../components/States";
import { formatMoney } from "../lib/money";
import { formatWhen } from "../lib/dates";
import { ORDER_STATUSES, STATUS_LABEL, orderSearch } from "../lib/orders";
import { useSite } from "./SiteLayout";

/** A site's orders, newest first: filter by status, search by number or e-mail, page through. */
export function OrdersScreen() {
  const site = useSite();
  const [params] = useSearchParams();
  const paging = usePaging();
  const { restart } = paging;
  const status = (params.get("status") ?? "") as OrderStatus | "";
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);

  useEffect(() => {
    const timer = setTimeout(() => {
      const wanted = orderSearch(search) ?? "";
      if (wanted === q) return;
      restart((next) => {
        if (wanted) next.set("q", wanted);
        else next.delete("q");
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [search, q, restart]);

  const query: OrderQuery = { status: status || undefined, q: q || undefined, cursor: paging.cursor };
  const list = useQuery({
    queryKey: keys.ordersPage(site.id, query),
    queryFn: () => orders.list(site.id, query),
    placeholderData: keepPreviousData,
  });

  return (
    <section aria-labelledby="orders-title" className="stack">
      <h2 id="orders-title" className="visually-hidden">
        Orders
      </h2>
      <div className="toolbar">
        <div className="field search">
          <label htmlFor="order-search" className="visually-hidden">
            Search orders by number or e-mail
          </label>
          <input id="order-search" type="search" placeholder="Order number or e-mail…" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="order-status" className="visually-hidden">
            Status
          </label>
          <select
            id="order-status"
            value={status}
            onChange={(e) => {
              const value = e.target.value;
              restart((next) => {
                if (value) next.set("status", value);
                else next.delete("status");
              });
            }}
          >
            <option value="">All statuses</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
        <Link className="button primary" to="new">
          New order
        </Link>
      </div>
      {list.isPending ? (
        <Loading label="Loading orders…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        q || status ? (
          <Empty title="No order matches">
            <p>Try another number, e-mail or status.</p>
          </Empty>
        ) : (
          <Empty title="No order yet">
            <p>Orders from your storefront appear here. A sale at the counter or by phone can be entered with “New order”.</p>
          </Empty>
        )
      ) : (
        <>
          <div className={`card table-wrap ${list.isPlaceholderData ? "stale" : ""}`}>
            <table className="data orders">
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Date</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((order) => (
                  <tr key={order.id}>
                    <th scope="row" data-label="Order">
                      <Link to={order.id}>#{order.number}</Link>
                    </th>
                    <td data-label="Date" className="small">
                      {formatWhen(order.created_at, site.timezone)}
                    </td>
                    <td data-label="Customer" className="break">
                      {order.email}
                    </td>
                    <td data-label="Status">
                      <span className={`pill pill-${order.status}`}>{STATUS_LABEL[order.status]}</span>
                    </td>
                    <td data-label="Total" className="num">
                      {formatMoney(order.total, order.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} nextCursor={list.data.next_cursor} label="Order pages" />
        </>
      )}
    </section>
  );
}
