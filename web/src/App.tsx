import { lazy, Suspense, useEffect } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { useSession } from "./lib/session";
import { Shell } from "./components/Shell";
import { AuthScreen } from "./screens/AuthScreen";
import { SitesScreen } from "./screens/SitesScreen";
import { SiteLayout } from "./screens/SiteLayout";
import { ProductsScreen } from "./screens/ProductsScreen";
import { ProductEditor } from "./screens/ProductEditor";
import { CategoriesScreen } from "./screens/CategoriesScreen";
import { PromotionsScreen } from "./screens/PromotionsScreen";
import { ExperimentsScreen } from "./screens/ExperimentsScreen";
import { NotFound } from "./components/States";
import { Loading } from "./components/States";

// The chart library is most of the overview's weight: loaded with that screen only.
const OverviewScreen = lazy(() => import("./screens/OverviewScreen").then((m) => ({ default: m.OverviewScreen })));
import { OrdersScreen } from "./screens/OrdersScreen";
import { OrderDetail } from "./screens/OrderDetail";
import { ManualOrder } from "./screens/ManualOrder";
import { CustomerDetail, CustomersScreen } from "./screens/CustomersScreen";
import { SettingsScreen } from "./screens/SettingsScreen";
import { AccountScreen } from "./screens/AccountScreen";

/** Screens that need a session: without one, back to login, then back here. */
function RequireSession({ children }: { children: React.ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

export function App() {
  const { session } = useSession();
  const queries = useQueryClient();
  // Nothing of one merchant's data may outlive their session.
  useEffect(() => {
    if (!session) queries.clear();
  }, [session, queries]);

  return (
    <Routes>
      <Route path="/login" element={<AuthScreen mode="login" />} />
      <Route path="/register" element={<AuthScreen mode="register" />} />
      <Route
        element={
          <RequireSession>
            <Shell />
          </RequireSession>
        }
      >
        <Route index element={<SitesScreen />} />
        <Route path="account" element={<AccountScreen />} />
        <Route path="sites/:siteId" element={<SiteLayout />}>
          <Route index element={<Navigate to="overview" replace />} />
          <Route
            path="overview"
            element={
              <Suspense fallback={<Loading label="Loading the overview…" />}>
                <OverviewScreen />
              </Suspense>
            }
          />
          <Route path="orders" element={<OrdersScreen />} />
          <Route path="orders/new" element={<ManualOrder />} />
          <Route path="orders/:orderId" element={<OrderDetail />} />
          <Route path="customers" element={<CustomersScreen />} />
          <Route path="customers/:customerId" element={<CustomerDetail />} />
          <Route path="settings" element={<SettingsScreen />} />
          <Route path="products" element={<ProductsScreen />} />
          <Route path="products/new" element={<ProductEditor />} />
          <Route path="products/:productId" element={<ProductEditor />} />
          <Route path="categories" element={<CategoriesScreen />} />
          <Route path="promotions" element={<PromotionsScreen />} />
          <Route path="experiments" element={<ExperimentsScreen />} />
        </Route>
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
