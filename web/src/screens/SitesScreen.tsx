import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { builder, keys } from "../api/endpoints";
import type { Site } from "../api/types";
import { Field } from "../components/Field";
import { useConfirm } from "../components/Confirm";
import { Empty, ErrorBanner, Loading, OtherErrors } from "../components/States";
import { ApiProblem, errorsOf, unplacedErrors } from "../lib/problem";
import { isValidSlug, publicBase, slugify, storefrontUrl } from "../lib/slug";
import { useTitle } from "../lib/title";

/** My sites: create one (with a live preview of its address), open, delete. */
export function SitesScreen() {
  useTitle("My sites");
  const sites = useInfiniteQuery({
    queryKey: keys.sites,
    queryFn: ({ pageParam }) => builder.sites(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const items = sites.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="page">
      <div className="page-head">
        <h1>My sites</h1>
      </div>
      <CreateSite base={items[0] ? publicBase(items[0].url, items[0].slug) : null} />
      <section aria-labelledby="sites-title">
        <h2 id="sites-title" className="section-title">
          Your shops
        </h2>
        {sites.isPending ? (
          <Loading label="Loading your sites…" />
        ) : sites.isError ? (
          <ErrorBanner error={sites.error} onRetry={() => sites.refetch()} />
        ) : items.length === 0 ? (
          <Empty title="No site yet">
            <p>Name your first shop above: it is live at once, and you can fill its catalog next.</p>
          </Empty>
        ) : (
          <ul className="site-grid">
            {items.map((site) => (
              <SiteCard key={site.id} site={site} />
            ))}
          </ul>
        )}
        {sites.hasNextPage && (
          <button type="button" className="button" onClick={() => sites.fetchNextPage()} disabled={sites.isFetchingNextPage}>
            {sites.isFetchingNextPage ? "Loading…" : "Show more sites"}
          </button>
        )}
      </section>
    </div>
  );
}

/** The debounced value of `value`: changes once typing pauses. */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function CreateSite({ base }: { base: string | null }) {
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [customSlug, setCustomSlug] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [suggested, setSuggested] = useState<string | null>(null);
  const [created, setCreated] = useState<Site | null>(null);
  const derived = slugify(name);
  const slug = customSlug ?? derived;
  // Is the address free? Asked of the public look-up once typing pauses; the server decides on submit.
  const settled = useSettled(slug && isValidSlug(slug) ? slug : null);
  const owner = useQuery({
    queryKey: ["slug-owner", settled],
    queryFn: () => builder.slugOwner(settled!),
    enabled: settled !== null,
    staleTime: 5_000,
  });
  const availability =
    settled === null || settled !== slug || owner.isPending || owner.isError ? null : owner.data ? "taken" : "free";
  const create = useMutation({
    mutationFn: builder.createSite,
    onSuccess: (site) => {
      setCreated(site);
      setName("");
      setCustomSlug(null);
      setSuggested(null);
      setErrors({});
      void queries.invalidateQueries({ queryKey: keys.sites });
      void queries.invalidateQueries({ queryKey: ["slug-owner"] });
    },
    onError: (error) => {
      const fields = errorsOf(error);
      if (error instanceof ApiProblem && error.status === 409) {
        const free = error.extension<string>("suggested_slug") ?? null;
        setSuggested(free);
        fields.slug = `“${slug}” is already taken${free ? `; “${free}” is free` : ""}.`;
        delete fields.name;
      }
      setErrors(fields);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const found: Record<string, string> = {};
    if (name.trim() === "") found.name = "is required";
    else if ([...name.trim()].length > 100) found.name = "must be at most 100 characters";
    else if (!slug) found.name = "needs at least one Latin letter or digit, to make its address";
    if (customSlug !== null && !isValidSlug(customSlug)) found.slug = "must be 1 to 63 of a-z, 0-9 and single '-' between them";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate({ name: name.trim(), slug: customSlug ?? undefined });
  }

  const origin = base ?? window.location.origin;
  return (
    <section className="card create-site" aria-labelledby="create-site-title">
      <h2 id="create-site-title">Create a site</h2>
      <form onSubmit={submit} noValidate className="create-site-form">
        <Field
          label="Shop name"
          name="name"
          placeholder="Ma Super Boutique"
          value={name}
          maxLength={100}
          onChange={(e) => {
            setName(e.target.value);
            setErrors({});
            setSuggested(null);
          }}
          error={errors.name}
        />
        {customSlug !== null ? (
          <Field
            label="Address"
            name="slug"
            value={customSlug}
            onChange={(e) => setCustomSlug(e.target.value.toLowerCase())}
            error={errors.slug}
            hint={<>Lower-case letters, digits and single dashes.</>}
          />
        ) : null}
        <div className="slug-preview" aria-live="polite">
          <span className="muted">Your storefront will be at</span>{" "}
          {slug ? (
            <>
              <code data-testid="url-preview">{storefrontUrl(origin, slug)}</code>
              {availability === "free" && <span className="available">✓ available</span>}
              {availability === "taken" && !errors.slug && <span className="taken">already taken: the server will suggest another</span>}
            </>
          ) : (
            <span className="muted">…type a name</span>
          )}
          {customSlug === null && errors.slug && <span className="field-error">{errors.slug}</span>}
        </div>
        <div className="actions">
          {suggested && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setCustomSlug(suggested);
                setErrors({});
                setSuggested(null);
              }}
            >
              Use “{suggested}”
            </button>
          )}
          {customSlug === null ? (
            <button type="button" className="button ghost" onClick={() => setCustomSlug(derived ?? "")}>
              Choose the address
            </button>
          ) : (
            <button type="button" className="button ghost" onClick={() => setCustomSlug(null)}>
              Derive it from the name
            </button>
          )}
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create site"}
          </button>
        </div>
        <OtherErrors messages={unplacedErrors(errors, ["name", "slug"])} />
        {create.isError && Object.keys(errorsOf(create.error)).length === 0 && !(create.error instanceof ApiProblem && create.error.status === 409) && (
          <ErrorBanner error={create.error} />
        )}
        {created && (
          <div className="banner banner-success" role="status">
            <span>
              <strong>{created.name}</strong> is live at{" "}
              <a href={created.url} target="_blank" rel="noreferrer">
                {created.url}
              </a>
            </span>
            <Link className="button small" to={`/sites/${created.id}/products`}>
              Add products
            </Link>
          </div>
        )}
      </form>
    </section>
  );
}

function SiteCard({ site }: { site: Site }) {
  const confirm = useConfirm();
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: () => builder.deleteSite(site.id),
    onSuccess: () => {
      queries.removeQueries({ queryKey: keys.site(site.id) });
      void queries.invalidateQueries({ queryKey: keys.sites });
    },
  });

  async function askDelete() {
    const yes = await confirm({
      title: `Delete “${site.name}”?`,
      body: (
        <p>
          Its storefront <code>{site.url}</code> goes offline at once, with its whole catalog, promotions and experiments. This
          cannot be undone.
        </p>
      ),
      action: "Delete site",
    });
    if (yes) remove.mutate();
  }

  return (
    <li className="card site-card">
      <div className="site-card-main">
        <h3>
          <Link to={`/sites/${site.id}`}>{site.name}</Link>
        </h3>
        <a className="site-url" href={site.url} target="_blank" rel="noreferrer">
          {site.url.replace(/^https?:\/\//, "")}
        </a>
        <span className="muted small">Created {new Date(site.created_at).toLocaleDateString()}</span>
      </div>
      <div className="actions">
        <Link className="button small primary" to={`/sites/${site.id}`}>
          Manage
        </Link>
        <a className="button small" href={site.url} target="_blank" rel="noreferrer">
          Open storefront
        </a>
        <button type="button" className="button small danger ghost" onClick={askDelete} disabled={remove.isPending}>
          {remove.isPending ? "Deleting…" : "Delete"}
        </button>
      </div>
      {remove.isError && <ErrorBanner error={remove.error} />}
    </li>
  );
}
