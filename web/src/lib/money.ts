/**
 * Money on the wire is an exact decimal string ("19.99") and an ISO 4217
 * currency; never a float. A price may have at most as many decimals as its
 * currency (EUR 2, JPY 0, KWD 3).
 */

/** The currencies offered first in pickers; any ISO 4217 code is accepted. */
export const COMMON_CURRENCIES = ["EUR", "USD", "GBP", "CHF", "CAD", "JPY", "SEK", "DKK", "PLN", "AUD"];

/** How many decimals `currency` has (2 when the runtime does not know it). */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Why `currency` is not an ISO 4217 code, or `null`. */
export function currencyError(currency: string): string | null {
  return /^[A-Z]{3}$/.test(currency) ? null : "must be a 3-letter ISO 4217 code, e.g. EUR";
}

/** Why `price` is not a valid price in `currency`, or `null`. */
export function priceError(price: string, currency: string): string | null {
  const value = price.trim();
  if (value === "") return "is required";
  if (!/^\d+(\.\d+)?$/.test(value)) return "must be a number like 19.99, 0 or more";
  const decimals = value.split(".")[1]?.length ?? 0;
  const allowed = currencyDecimals(currency);
  if (/^[A-Z]{3}$/.test(currency) && decimals > allowed) {
    return allowed === 0 ? `${currency} has no decimals` : `${currency} has at most ${allowed} decimals`;
  }
  return null;
}

/** "19.99" EUR → "€19.99" in the user's locale, without going through a float for the digits shown. */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  try {
    const decimals = currencyDecimals(currency);
    // Intl accepts decimal strings exactly (no binary rounding) as of ES2023.
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: decimals,
      maximumFractionDigits: Math.max(decimals, amount.split(".")[1]?.length ?? 0),
    }).format(amount as unknown as number);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** The lowest and highest price of a product's variants, for lists; `null` if it has none. */
export function priceRange(variants: { price: string; currency: string }[]): string | null {
  if (variants.length === 0) return null;
  const currencies = new Set(variants.map((v) => v.currency));
  if (currencies.size > 1) return `${variants.length} prices`;
  const sorted = [...variants].sort((a, b) => compareDecimal(a.price, b.price));
  const low = sorted[0]!;
  const high = sorted[sorted.length - 1]!;
  const lowText = formatMoney(low.price, low.currency);
  return compareDecimal(low.price, high.price) === 0 ? lowText : `${lowText} – ${formatMoney(high.price, high.currency)}`;
}

/** Compares two non-negative decimal strings exactly. */
export function compareDecimal(a: string, b: string): number {
  const [ai = "0", af = ""] = a.split(".");
  const [bi = "0", bf = ""] = b.split(".");
  const aInt = ai.replace(/^0+(?=\d)/, "");
  const bInt = bi.replace(/^0+(?=\d)/, "");
  if (aInt.length !== bInt.length) return aInt.length < bInt.length ? -1 : 1;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const aFrac = af.padEnd(width, "0");
  const bFrac = bf.padEnd(width, "0");
  return aFrac === bFrac ? 0 : aFrac < bFrac ? -1 : 1;
}

/**
 * The currency a shop sells in, from its variants' currencies: the most used
 * one (the first seen on a tie), or EUR for a shop without prices yet. Until
 * shops have a currency setting of their own, this is the default of new
 * fixed-amount promotions and manual orders.
 */
export function shopCurrency(currencies: readonly string[], fallback = "EUR"): string {
  const counts = new Map<string, number>();
  for (const currency of currencies) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  let best = fallback;
  let bestCount = 0;
  for (const [currency, count] of counts) {
    if (count > bestCount) {
      best = currency;
      bestCount = count;
    }
  }
  return best;
}

/** Why `value` is not an amount above 0 in `currency` (a discount, a payment), or `null`. */
export function positiveAmountError(value: string, currency: string): string | null {
  const problem = priceError(value, currency);
  if (problem) return problem === "must be a number like 19.99, 0 or more" ? "must be a number above 0, like 5.00" : problem;
  return /^0*(\.0*)?$/.test(value.trim()) ? "must be above 0" : null;
}
