/**
 * A shop's settings as the dashboard offers them: the languages the
 * storefront can write in (the server's list: crates/storefront/src/format.rs)
 * and checks of the settings before they are sent, worded for people.
 */
import { currencyError } from "./money";
import { isTimeZone } from "./dates";

/** The storefront's languages: tag → what the merchant reads. */
export const LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ["en", "English"],
  ["en-US", "English (United States)"],
  ["en-GB", "English (United Kingdom)"],
  ["en-IE", "English (Ireland)"],
  ["fr", "Français"],
  ["fr-FR", "Français (France)"],
  ["fr-BE", "Français (Belgique)"],
  ["de", "Deutsch"],
  ["de-DE", "Deutsch (Deutschland)"],
  ["es", "Español"],
  ["es-ES", "Español (España)"],
  ["it", "Italiano"],
  ["it-IT", "Italiano (Italia)"],
  ["ja", "日本語"],
  ["ja-JP", "日本語 (日本)"],
];

export interface ShopSettings {
  name: string;
  currency: string;
  language: string;
  timezone: string;
}

/** Why each setting cannot be saved, by field; empty when all can. */
export function shopSettingsErrors(settings: ShopSettings): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = settings.name.trim();
  if (name === "") errors.name = "is required";
  else if ([...name].length > 100) errors.name = "must be at most 100 characters";
  const currency = currencyError(settings.currency.trim());
  if (currency) errors.currency = currency;
  if (!LANGUAGES.some(([tag]) => tag === settings.language)) errors.language = "must be one of the languages offered";
  if (!isTimeZone(settings.timezone.trim())) errors.timezone = "must be a time zone such as Europe/Paris or America/New_York";
  return errors;
}

/** Only what changed, ready for PATCH; `null` when nothing did. */
export function changedSettings(before: ShopSettings, after: ShopSettings): Partial<ShopSettings> | null {
  const patch: Partial<ShopSettings> = {};
  const next = { ...after, name: after.name.trim(), currency: after.currency.trim().toUpperCase(), timezone: after.timezone.trim() };
  for (const key of ["name", "currency", "language", "timezone"] as const) {
    if (next[key] !== before[key]) patch[key] = next[key];
  }
  return Object.keys(patch).length === 0 ? null : patch;
}
