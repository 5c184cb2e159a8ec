/**
 * The slug a name gets, as the server derives it (crates/common/src/slug.rs):
 * lower case, Latin accents folded (é → e, ß → ss, æ → ae), whitespace and
 * '-' become '-', every other character dropped, runs of '-' collapsed, ends
 * trimmed, at most 63 characters. Used for the live preview only: the server
 * stays the authority (and answers 409 with a free slug when it is taken).
 */
export const MAX_SLUG_LENGTH = 63;

/** Latin letters whose folding is not "drop the accent" (what deunicode gives). */
const SPECIAL: Record<string, string> = {
  ß: "ss", ẞ: "ss", æ: "ae", Æ: "ae", œ: "oe", Œ: "oe", ø: "o", Ø: "o",
  đ: "d", Đ: "d", ð: "d", Ð: "d", þ: "th", Þ: "th", ł: "l", Ł: "l",
  ħ: "h", Ħ: "h", ŧ: "t", Ŧ: "t", ı: "i", ŋ: "ng", Ŋ: "ng", ĸ: "q", ſ: "s",
};

function isLatinLetter(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return /\p{L}/u.test(c) && ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff));
}

function fold(c: string): string {
  const special = SPECIAL[c];
  const plain = special ?? c.normalize("NFKD").replace(/\p{M}/gu, "");
  return plain.toLowerCase().replace(/[^a-z0-9]/g, "");
}

function trimDashesEnd(s: string): string {
  return s.replace(/-+$/, "");
}

/** The slug of `name`, or `null` when nothing usable remains. */
export function slugify(name: string): string | null {
  let out = "";
  for (const c of name) {
    if (/^[A-Za-z0-9]$/.test(c)) out += c.toLowerCase();
    else if (/^\s$/u.test(c) || c === "-") out += "-";
    else if (isLatinLetter(c)) out += fold(c);
    // Anything else (punctuation, emoji, other scripts) is dropped.
  }
  const collapsed = trimDashesEnd(out.replace(/-+/g, "-").replace(/^-/, ""));
  const slug = trimDashesEnd(collapsed.slice(0, MAX_SLUG_LENGTH));
  return slug === "" ? null : slug;
}

/** Whether `value` is a slug the server accepts as given. */
export function isValidSlug(value: string): boolean {
  return value.length > 0 && value.length <= MAX_SLUG_LENGTH && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}

/**
 * Where storefronts live, from a site the server described (`url` = PUBLIC_URL/site/slug):
 * PUBLIC_URL may differ from the dashboard's origin. `null` if the URL is not of that form.
 */
export function publicBase(url: string, slug: string): string | null {
  const suffix = `/site/${slug}`;
  return url.endsWith(suffix) ? url.slice(0, -suffix.length) : null;
}

/** The storefront URL a slug will have under `origin` (PUBLIC_URL, or this page's origin). */
export function storefrontUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, "")}/site/${slug}`;
}
