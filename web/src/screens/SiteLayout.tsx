import { NavLink, Outlet, useLocation, useNavigate, useOutletContext, useParams } from "react-router";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { builder, keys } from "../api/endpoints";
import type { Site } from "../api/types";
import { useConfirm } from "../components/Confirm";
import { ErrorBanner, Loading, NotFound } from "../components/States";
import { TabStrip } from "../components/TabStrip";
import { ApiProblem } from "../lib/problem";
import { useTitle } from "../lib/title";

/** The site whose screens are shown, for the screens under it. */
export function useSite(): Site {
  return useOutletContext<Site>();
}

const TABS = [
  ["overview", "Overview"],
  ["orders", "Orders"],
  ["products", "Products"],
  ["customers", "Customers"],
  ["categories", "Categories"],
  ["promotions", "Promotions"],
  ["experiments", "Experiments"],
  ["settings", "Settings"],
] as const;

/** A site's frame: its name, storefront link, sections, and deletion. */
export function SiteLayout() {
  const { siteId = "" } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const confirm = useConfirm();
  const queries = useQueryClient();
  const site = useQuery({ queryKey: keys.site(siteId), queryFn: () => builder.site(siteId) });
  const remove = useMutation({
    mutationFn: () => builder.deleteSite(siteId),
    onSuccess: () => {
      queries.removeQueries({ queryKey: keys.site(siteId) });
      void queries.invalidateQueries({ queryKey: keys.sites });
      navigate("/", { replace: true });
    },
  });

  const section = TABS.find(([path]) => location.pathname.includes(`/${path}`))?.[1];
  useTitle(section, site.data?.name);

  if (site.isPending) return <Loading label="Loading the site…" />;
  if (site.isError) {
    if (site.error instanceof ApiProblem && site.error.status === 404) return <NotFound what="site" />;
    return <ErrorBanner error={site.error} onRetry={() => site.refetch()} />;
  }

  async function askDelete() {
    const yes = await confirm({
      title: `Delete “${site.data!.name}”?`,
      body: <p>Its storefront goes offline at once, with its whole catalog. This cannot be undone.</p>,
      action: "Delete site",
    });
    if (yes) remove.mutate();
  }

  return (
    <div className="page">
      <div className="page-head site-head">
        <div>
          <nav aria-label="Breadcrumb" className="crumbs">
            <NavLink to="/">My sites</NavLink> <span aria-hidden="true">/</span>
          </nav>
          <h1>{site.data.name}</h1>
          <a className="site-url" href={site.data.url} target="_blank" rel="noreferrer">
            {site.data.url.replace(/^https?:\/\//, "")}
          </a>
        </div>
        <div className="actions">
          <a className="button" href={site.data.url} target="_blank" rel="noreferrer">
            Open storefront
          </a>
          <button type="button" className="button danger ghost" onClick={askDelete} disabled={remove.isPending}>
            Delete site
          </button>
        </div>
      </div>
      <ErrorBanner error={remove.error} />
      <TabStrip label="Site sections">
        {TABS.map(([path, label]) => (
          <NavLink key={path} to={path} className={({ isActive }) => (isActive ? "tab active" : "tab")}>
            {label}
          </NavLink>
        ))}
      </TabStrip>
      <Outlet context={site.data} />
    </div>
  );
}
