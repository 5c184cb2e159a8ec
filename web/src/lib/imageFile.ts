/**
 * What the dashboard checks before uploading an image (the server checks
 * again, by the file's bytes): the kind and the size, in words a merchant
 * understands.
 */
export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
/** The server's default limit (MEDIA_MAX_UPLOAD_BYTES). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Why `file` cannot be uploaded, or null. */
export function imageFileProblem(file: { name: string; type: string; size: number }, maxBytes = MAX_UPLOAD_BYTES): string | null {
  const known = (ACCEPTED_TYPES as readonly string[]).includes(file.type);
  const byName = /\.(jpe?g|png|gif|webp)$/i.test(file.name);
  if (!known && !(file.type === "" && byName)) {
    return `“${file.name}” is not a JPEG, PNG, GIF or WebP image.`;
  }
  if (file.size === 0) return `“${file.name}” is empty.`;
  if (file.size > maxBytes) {
    return `“${file.name}” is ${formatBytes(file.size)}; images can be at most ${formatBytes(maxBytes)}.`;
  }
  return null;
}

/** "512 KB", "3.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** The checker's verdict on an image URL, in words; null when there is nothing to say. */
export function brokenReason(check: { status: string; http_status?: number | null; error?: string | null } | undefined): string | null {
  if (!check || check.status !== "broken") return null;
  if (check.error) return `Broken link: ${check.error}.`;
  if (check.http_status) return `Broken link: answered HTTP ${check.http_status}.`;
  return "Broken link: the image could not be fetched.";
}
