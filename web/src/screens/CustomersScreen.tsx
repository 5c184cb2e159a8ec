import { useEffect, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { customers, keys, orders } from "../api/endpoints";
import { Pager, usePaging } from "../components/Pager";
import { Empty, ErrorBanner, Loading, NotFound } from "../components/States";
import { ApiProblem } from "../lib/problem";
import { formatMoney } from "../lib/money";
import { formatWhen } from "../lib/dates";
import { STATUS_LABEL } from "../lib/orders";
import { useSite } from "./SiteLayout";

/** The shop's shopper accounts: search by e-mail or name, page through. */
export function CustomersScreen() {
  const site = useSite();
  const [params] = useSearchParams();
  const paging = usePaging();
  const { restart } = paging;
  const q = params.get("q") ?? "";
  const [search, setSearch] = useState(q);
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
  const query = { q: q || undefined, cursor: paging.cursor };
  const list = useQuery({ queryKey: keys.customers(site.id, query), queryFn: () => customers.list(site.id, query), placeholderData: keepPreviousData });

  return (
    <section aria-labelledby="customers-title" className="stack">
      <h2 id="customers-title" className="visually-hidden">
        Customers
      </h2>
      <div className="toolbar">
        <div className="field search">
          <label htmlFor="customer-search" className="visually-hidden">
            Search customers
          </label>
          <input id="customer-search" type="search" placeholder="E-mail or name…" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
      </div>
      {list.isPending ? (
        <Loading label="Loading customers…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty title={q ? "No customer matches" : "No customer account yet"}>
          <p>{q ? "Try another e-mail or name." : "Shoppers who sign up on your storefront appear here. Guests who only check out appear in Orders."}</p>
        </Empty>
      ) : (
        <>
          <div className="card table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((customer) => (
                  <tr key={customer.id}>
                    <th scope="row" data-label="E-mail" className="break">
                      <Link to={customer.id}>{customer.email}</Link>
                    </th>
                    <td data-label="Name">{customer.name ?? <span className="muted">—</span>}</td>
                    <td data-label="Since" className="small">
                      {formatWhen(customer.created_at, site.timezone)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager paging={paging} nextCursor={list.data.next_cursor} label="Customer pages" />
        </>
      )}
    </section>
  );
}

/**
 * One customer and their orders. The checkout API has no filter by customer
 * account, so the orders shown are those placed with the account's e-mail
 * (its `q` search), which also finds that person's guest orders.
 */
export function CustomerDetail() {
  const site = useSite();
  const { customerId = "" } = useParams();
  const customer = useQuery({ queryKey: keys.customer(site.id, customerId), queryFn: () => customers.get(site.id, customerId) });
  const email = customer.data?.email;
  const theirOrders = useQuery({
    queryKey: keys.ordersPage(site.id, { q: email }),
    queryFn: () => orders.list(site.id, { q: email }),
    enabled: Boolean(email),
  });
  if (customer.isPending) return <Loading label="Loading the customer…" />;
  if (customer.isError) {
    if (customer.error instanceof ApiProblem && customer.error.status === 404) return <NotFound what="customer" />;
    return <ErrorBanner error={customer.error} onRetry={() => customer.refetch()} />;
  }
  const c = customer.data;
  const address = c.default_address;
  // The e-mail search matches parts of addresses too: keep exact matches only.
  const mine = (theirOrders.data?.items ?? []).filter((o) => o.email.toLowerCase() === c.email.toLowerCase());
  return (
    <article className="stack" aria-labelledby="customer-title">
      <div className="editor-head">
        <Link to={`/sites/${site.id}/customers`} className="muted small">
          ← All customers
        </Link>
        <h2 id="customer-title" className="break">
          {c.name || c.email}
        </h2>
        <p className="muted small">
          <span className="break">{c.email}</span> · account since {formatWhen(c.created_at, site.timezone)}
        </p>
      </div>
      <section className="card" aria-labelledby="customer-address">
        <h3 id="customer-address">Default address</h3>
        {address ? (
          <address>
            {address.name}
            <br />
            {address.line1}
            {address.line2 ? <>, {address.line2}</> : null}
            <br />
            {address.postal_code} {address.city}, {address.country}
          </address>
        ) : (
          <p className="muted">None saved.</p>
        )}
      </section>
      <section className="card" aria-labelledby="customer-orders">
        <h3 id="customer-orders">Orders with this e-mail</h3>
        {theirOrders.isPending ? (
          <Loading label="Loading orders…" />
        ) : theirOrders.isError ? (
          <ErrorBanner error={theirOrders.error} onRetry={() => theirOrders.refetch()} />
        ) : mine.length === 0 ? (
          <p className="muted">No order yet.</p>
        ) : (
          <ul className="plain-list">
            {mine.map((o) => (
              <li key={o.id}>
                <Link to={`/sites/${site.id}/orders/${o.id}`}>#{o.number}</Link> — {formatWhen(o.created_at, site.timezone)} — {STATUS_LABEL[o.status]} —{" "}
                {formatMoney(o.total, o.currency)}
                {o.customer_id !== c.id && <span className="muted small"> (as a guest)</span>}
              </li>
            ))}
          </ul>
        )}
        {theirOrders.data?.next_cursor && (
          <p className="small">
            <Link to={`/sites/${site.id}/orders?q=${encodeURIComponent(c.email)}`}>All orders with this e-mail</Link>
          </p>
        )}
      </section>
    </article>
  );
}
