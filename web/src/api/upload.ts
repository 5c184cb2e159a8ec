/**
 * Image upload: multipart to the media service, through XMLHttpRequest
 * because fetch cannot report upload progress. Failures are `ApiProblem`s
 * like every other call; a 401 ends the session as in `http.ts`.
 */
import { ApiProblem, type ProblemBody } from "../lib/problem";
import { sessions } from "../lib/session";
import type { Media } from "./types";

export interface UploadOptions {
  alt?: string | null;
  sortOrder?: number;
  /** Called with the fraction sent (0–1). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export function uploadMedia(siteId: string, productId: string, file: File, options: UploadOptions = {}): Promise<Media> {
  const path = `/api/media/sites/${encodeURIComponent(siteId)}/products/${encodeURIComponent(productId)}/media/upload`;
  const form = new FormData();
  form.append("file", file, file.name);
  if (options.alt) form.append("alt", options.alt);
  if (options.sortOrder !== undefined) form.append("sort_order", String(options.sortOrder));
  const session = sessions.current;
  return new Promise<Media>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    if (session) xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && options.onProgress) options.onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiProblem(0, { title: "Network error" }));
    xhr.onabort = () => reject(new DOMException("Upload canceled", "AbortError"));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as Media);
        return;
      }
      let body: ProblemBody = { title: xhr.statusText, status: xhr.status };
      try {
        body = JSON.parse(xhr.responseText) as ProblemBody;
      } catch {
        // Keep the status line (a proxy's HTML page, say).
      }
      if (xhr.status === 401 && session) sessions.end("expired");
      reject(new ApiProblem(xhr.status, body));
    };
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(form);
  });
}
