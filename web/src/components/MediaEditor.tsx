import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, media } from "../api/endpoints";
import type { Media, UpdateMedia } from "../api/types";
import { Field } from "./Field";
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
  const [editing, setEditing] = useState<string | null>(null);
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
              {editing === item.id ? (
                <MediaItemEditor
                  siteId={siteId}
                  productId={productId}
                  item={item}
                  onDone={() => {
                    setEditing(null);
                    refresh();
                  }}
                />
              ) : (
                <div className="media-meta">
                  <a href={item.url} target="_blank" rel="noreferrer" className="small break">
                    {item.url}
                  </a>
                  <span className="muted small">{item.alt || "No description"}</span>
                </div>
              )}
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
                {editing !== item.id && (
                  <button type="button" className="button small ghost" onClick={() => setEditing(item.id)} aria-label={`Edit image ${index + 1}`}>
                    Edit
                  </button>
                )}
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

/** An image's URL and alt text, edited in place (inside the product form: Enter saves this, not the product). */
function MediaItemEditor({ siteId, productId, item, onDone }: { siteId: string; productId: string; item: Media; onDone: () => void }) {
  const [url, setUrl] = useState(item.url);
  const [alt, setAlt] = useState(item.alt ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      const body: UpdateMedia = {};
      if (url.trim() !== item.url) body.url = url.trim();
      if (alt.trim() !== (item.alt ?? "")) body.alt = alt.trim() || null;
      return Object.keys(body).length === 0 ? Promise.resolve(item) : media.update(siteId, productId, item.id, body);
    },
    onSuccess: onDone,
    onError: (error) => setErrors(errorsOf(error)),
  });
  function submit() {
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim())) found.url = "must be an http(s) URL";
    setErrors(found);
    if (Object.keys(found).length === 0) save.mutate();
  }
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      submit();
    } else if (e.key === "Escape") onDone();
  };
  return (
    <div className="media-meta media-edit" role="group" aria-label="Edit image">
      <Field label="Image URL" type="url" value={url} onChange={(e) => setUrl(e.target.value)} onKeyDown={onKeyDown} error={errors.url} autoFocus />
      <Field label="Description (alt text)" value={alt} onChange={(e) => setAlt(e.target.value)} onKeyDown={onKeyDown} error={errors.alt} />
      {save.isError && Object.keys(errorsOf(save.error)).length === 0 && <ErrorBanner error={save.error} />}
      <div className="actions">
        <button type="button" className="button small primary" onClick={submit} disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save image"}
        </button>
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}
