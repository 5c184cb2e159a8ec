import { useMemo } from "react";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { keys, orders } from "../api/endpoints";
import { Empty, ErrorBanner, Loading } from "../components/States";
import { formatMoney } from "../lib/money";
import { fillDays, lastDays, type DayPoint } from "../lib/orders";
import { useSite } from "./SiteLayout";

const DAYS = 30;

/** The shop at a glance: revenue and orders per day over the last 30 days, average order value, top products. */
export function OverviewScreen() {
  const site = useSite();
  const range = useMemo(() => lastDays(DAYS), []);
  // Shoppers' orders arrive outside the dashboard: never show a cached day as today's figures.
  const stats = useQuery({
    queryKey: [...keys.stats(site.id), range],
    queryFn: () => orders.stats(site.id, range.from, range.to),
    staleTime: 0,
  });
  const points = useMemo(() => (stats.data ? fillDays(stats.data.by_day, range.from, range.to) : []), [stats.data, range]);

  if (stats.isPending) return <Loading label="Loading the overview…" />;
  if (stats.isError) return <ErrorBanner error={stats.error} onRetry={() => stats.refetch()} />;
  const data = stats.data;
  const currency = data.currency ?? "EUR";
  const money = (amount: string) => formatMoney(amount, currency);

  return (
    <section aria-labelledby="overview-title" className="stack">
      <h2 id="overview-title" className="visually-hidden">
        Overview
      </h2>
      <div className="kpis">
        <div className="card kpi">
          <span className="muted small">Revenue, last {DAYS} days</span>
          <strong data-testid="kpi-revenue">{money(data.revenue)}</strong>
        </div>
        <div className="card kpi">
          <span className="muted small">Orders</span>
          <strong data-testid="kpi-orders">{data.orders}</strong>
        </div>
        <div className="card kpi">
          <span className="muted small">Average order value</span>
          <strong data-testid="kpi-aov">{money(data.average_order_value)}</strong>
        </div>
      </div>
      {data.orders === 0 ? (
        <Empty title="No paid order in the last 30 days">
          <p>
            Paid and fulfilled orders are counted here. <Link to="../orders">See all orders</Link>.
          </p>
        </Empty>
      ) : (
        <>
          <section className="card" aria-labelledby="chart-title">
            <h3 id="chart-title">Revenue and orders per day</h3>
            <RevenueChart points={points} currency={currency} />
            <details className="small">
              <summary>The same as a table</summary>
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col" className="num">
                      Orders
                    </th>
                    <th scope="col" className="num">
                      Revenue
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {points
                    .filter((p) => p.orders > 0)
                    .map((p) => (
                      <tr key={p.date}>
                        <td>{p.date}</td>
                        <td className="num">{p.orders}</td>
                        <td className="num">{money(p.revenueText)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </details>
          </section>
          <section className="card" aria-labelledby="top-title">
            <h3 id="top-title">Top products</h3>
            <ol className="top-products">
              {data.top_products.map((product) => (
                <li key={product.product_id}>
                  <Link to={`../products/${product.product_id}`}>{product.title}</Link>
                  <span className="muted small">
                    {" "}
                    — {product.quantity} sold, {money(product.revenue)}
                  </span>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </section>
  );
}

function RevenueChart({ points, currency }: { points: DayPoint[]; currency: string }) {
  const total = points.reduce((sum, p) => sum + p.orders, 0);
  return (
    <div className="chart" role="img" aria-label={`Revenue and orders per day over ${points.length} days: ${total} orders.`} data-testid="revenue-chart">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} minTickGap={16} fontSize={12} />
          <YAxis yAxisId="revenue" fontSize={12} width={56} />
          <YAxis yAxisId="orders" orientation="right" allowDecimals={false} fontSize={12} width={32} />
          <Tooltip
            formatter={(value, name, item) =>
              name === "Revenue" ? [formatMoney((item.payload as DayPoint).revenueText, currency), name] : [String(value), name]
            }
          />
          <Bar yAxisId="revenue" dataKey="revenue" name="Revenue" fill="#1f5fa8" isAnimationActive={false} />
          <Line yAxisId="orders" dataKey="orders" name="Orders" stroke="#16794a" dot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
