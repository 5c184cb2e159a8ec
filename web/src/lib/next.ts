/**
 * Where to go after logging in (`/login?next=…`). Only a place on this very
 * origin: the value is resolved as a URL against the dashboard's origin and
 * kept only if the origins are equal. Prefix checks ("starts with one /") are
 * not enough: browsers read `/\evil.example/` as `//evil.example/`.
 */
export function safeNext(raw: string | null | undefined, origin: string): string {
  if (!raw) return "/";
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return "/";
  }
  if (url.origin !== origin) return "/";
  const target = url.pathname + url.search + url.hash;
  // Back to the login page itself would loop.
  if (url.pathname === "/login" || url.pathname === "/register") return "/";
  return target;
}
