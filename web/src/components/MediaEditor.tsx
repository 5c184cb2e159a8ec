import { useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { keys, media } from "../api/endpoints";
import type { Media, UpdateMedia } from "../api/types";
import { Field } from "./Field";
import { useConfirm } from "./Confirm";
import { ErrorBanner, Loading } from "./States";
import { describeError, errorsOf } from "../lib/problem";
import { uploadMedia } from "../api/upload";
import { ACCEPTED_TYPES, brokenReason, imageFileProblem } from "../lib/imageFile";

/**
 * A product's images in display order: uploaded files (drag and drop or the
 * file picker, with progress) or URLs, each URL flagged when the media
 * service's checker finds it broken. Changes apply at once (they do
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
                  {item.source === "upload" ? (
                    <span className="small">
                      Uploaded image{item.width && item.height ? ` · ${item.width} × ${item.height}` : ""}
                      {item.versions.length > 0 && ` · web sizes ${item.versions.map((v) => v.width).join(", ")} px`}
                    </span>
                  ) : (
                    <a href={item.url} target="_blank" rel="noreferrer" className="small break">
                      {item.url}
                    </a>
                  )}
                  <span className="muted small">{item.alt || "No description"}</span>
                  {brokenReason(item.check) && (
                    <span className="media-broken small" role="status">
                      ⚠ {brokenReason(item.check)} Shoppers do not see this image; fix the URL or remove it.
                    </span>
                  )}
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
      <ImageUpload siteId={siteId} productId={productId} nextOrder={items.length ? items[items.length - 1]!.sort_order + 1 : 0} onUploaded={refresh} />
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

/** Drag and drop or pick image files; each is uploaded in turn, with its progress and any error in words. */
function ImageUpload({ siteId, productId, nextOrder, onUploaded }: { siteId: string; productId: string; nextOrder: number; onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  async function upload(files: File[]) {
    const found: string[] = [];
    let order = nextOrder;
    for (const file of files) {
      const problem = imageFileProblem(file);
      if (problem) {
        found.push(problem);
        continue;
      }
      setProgress({ name: file.name, fraction: 0 });
      try {
        await uploadMedia(siteId, productId, file, { sortOrder: order, onProgress: (fraction) => setProgress({ name: file.name, fraction }) });
        order += 1;
        onUploaded();
      } catch (error) {
        const fields = errorsOf(error);
        found.push(`“${file.name}”: ${fields.file ?? describeError(error)}`);
      }
    }
    setProgress(null);
    setProblems(found);
    if (input.current) input.current.value = "";
  }

  return (
    <div
      className={dragging ? "media-drop dragging" : "media-drop"}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void upload(Array.from(e.dataTransfer.files));
      }}
    >
      <p className="small">
        Drop JPEG, PNG, GIF or WebP images here (up to 10 MB each), or{" "}
        <label htmlFor="media-file" className="link-like">
          choose files
        </label>
        . Web sizes are made for you.
      </p>
      <input
        id="media-file"
        ref={input}
        type="file"
        className="visually-hidden"
        accept={ACCEPTED_TYPES.join(",")}
        multiple
        disabled={progress !== null}
        onChange={(e) => void upload(Array.from(e.target.files ?? []))}
      />
      {progress && (
        <div className="media-progress">
          <label htmlFor="media-progress-bar" className="small">
            Uploading {progress.name}…
          </label>
          <progress id="media-progress-bar" max={1} value={progress.fraction} />
        </div>
      )}
      {problems.length > 0 && (
        <ul className="field-error media-upload-errors" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
