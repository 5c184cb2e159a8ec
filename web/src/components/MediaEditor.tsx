import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, media } from "../api/endpoints";
import type { Media } from "../api/types";
import { useConfirm } from "./Confirm";
import { ErrorBanner, Loading } from "./States";
import { describeError, errorsOf } from "../lib/problem";

/**
 * A product's images: URLs in display order. Changes apply at once (they do
 * not wait for the product's Save). Not a <form>: it lives inside the product's.
 */
export function MediaEditor({ siteId, productId }: { siteId: string; productId: string }) {
  const queries = useQueryClient();
  const confirm = useConfirm();
  const key = keys.media(siteId, productId);
  const list = useQuery({ queryKey: key, queryFn: () => media.list(siteId, productId) });
  const [url, setUrl] = useState("");
  const [alt, setAlt] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refresh = () => queries.invalidateQueries({ queryKey: key });

  const add = useMutation({
    mutationFn: () => {
      const last = list.data?.[list.data.length - 1];
      return media.create(siteId, productId, { url: url.trim(), alt: alt.trim() || null, sort_order: last ? last.sort_order + 1 : 0 });
    },
    onSuccess: () => {
      setUrl("");
      setAlt("");
      setErrors({});
      void refresh();
    },
    onError: (error) => setErrors(errorsOf(error)),
  });
  const reorder = useMutation({
    // Swap the two images' positions (sort_order values may have gaps).
    mutationFn: async ([a, b]: [Media, Media]) => {
      const [orderA, orderB] = a.sort_order === b.sort_order ? [b.sort_order + 1, a.sort_order] : [b.sort_order, a.sort_order];
      await media.update(siteId, productId, a.id, { sort_order: orderA });
      await media.update(siteId, productId, b.id, { sort_order: orderB });
    },
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: (id: string) => media.delete(siteId, productId, id), onSettled: refresh });

  function submit() {
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) found.url = "must be an http(s) URL";
    setErrors(found);
    if (Object.keys(found).length === 0) add.mutate();
  }

  const items = list.data ?? [];
  return (
    <section className="card" aria-labelledby="media-title">
      <div className="section-head">
        <h3 id="media-title">Images</h3>
        <span className="muted small">The first image is the one shoppers see first.</span>
      </div>
      {list.isPending ? (
        <Loading label="Loading images…" />
      ) : list.isError ? (
        <ErrorBanner error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">No image yet.</p>
      ) : (
        <ol className="media-list">
          {items.map((item, index) => (
            <li key={item.id} className="media-item">
              <img src={item.url} alt={item.alt ?? ""} loading="lazy" referrerPolicy="no-referrer" />
              <div className="media-meta">
                <a href={item.url} target="_blank" rel="noreferrer" className="small break">
                  {item.url}
                </a>
                <span className="muted small">{item.alt || "No description"}</span>
              </div>
              <div className="actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move image ${index + 1} up`}
                  disabled={index === 0 || reorder.isPending}
                  onClick={() => reorder.mutate([item, items[index - 1]!])}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move image ${index + 1} down`}
                  disabled={index === items.length - 1 || reorder.isPending}
                  onClick={() => reorder.mutate([item, items[index + 1]!])}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button small ghost danger"
                  onClick={async () => {
                    const yes = await confirm({ title: "Remove this image?", body: <p className="break">{item.url}</p>, action: "Remove image" });
                    if (yes) remove.mutate(item.id);
                  }}
                >
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      {(reorder.error || remove.error) && <ErrorBanner error={reorder.error ?? remove.error} />}
      <div className="media-add" role="group" aria-labelledby="media-add-title">
        <h4 id="media-add-title" className="visually-hidden">
          Add an image
        </h4>
        <div className="field grow">
          <label htmlFor="media-url">Image URL</label>
          <input
            id="media-url"
            type="url"
            placeholder="https://…/photo.jpg"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                submit();
              }
            }}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? "media-url-error" : undefined}
          />
          {errors.url && (
            <span className="field-error" id="media-url-error">
              {errors.url}
            </span>
          )}
        </div>
        <div className="field grow">
          <label htmlFor="media-alt">Description (alt text)</label>
          <input id="media-alt" value={alt} onChange={(e) => setAlt(e.target.value)} placeholder="Blue linen shirt, front" />
          {errors.alt && <span className="field-error">{errors.alt}</span>}
        </div>
        <button type="button" className="button" onClick={submit} disabled={add.isPending}>
          {add.isPending ? "Adding…" : "Add image"}
        </button>
      </div>
      {add.isError && Object.keys(errorsOf(add.error)).length === 0 && <p className="field-error">{describeError(add.error)}</p>}
    </section>
  );
}
