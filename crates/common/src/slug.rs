//! URL- and DNS-safe slugs, for sites and products.
//!
//! The seed's rule is "the name in lower case with spaces replaced by `-`".
//! Vitrine extends it so every slug is also a valid DNS label and needs no
//! escaping in a URL, whatever the script of the name: every letter and digit
//! is transliterated to ASCII (`Café` → `cafe`, `Магазин` → `magazin`,
//! `日本` → `ri-ben`, with `deunicode`), any other character (punctuation,
//! emoji) is dropped, runs of `-` collapse, the ends are trimmed, and the
//! result is at most 63 characters. A name that leaves nothing usable (only
//! emoji or punctuation) gets a short generated slug ([`Slug::generated`])
//! rather than a refusal.

use std::fmt;

use serde::Serialize;

/// The longest slug: a DNS label's limit.
pub const MAX_LEN: usize = 63;

/// A valid slug: `^[a-z0-9]+(-[a-z0-9]+)*$`, at most 63 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// The slug derived from a name or title; `None` when nothing usable remains
    /// (a name made only of symbols or emoji): then see [`Slug::generated`].
    pub fn derive(name: &str) -> Option<Self> {
        let mut out = String::with_capacity(name.len());
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_whitespace() || c == '-' {
                out.push('-');
            } else if c.is_alphanumeric() {
                // Any script: é → e, ß → ss, Ж → zh, 日 → "ri " (a syllable and a space).
                for t in deunicode::deunicode_char(c).unwrap_or("").chars() {
                    if t.is_ascii_alphanumeric() {
                        out.push(t.to_ascii_lowercase());
                    } else if t == ' ' {
                        out.push('-');
                    }
                }
            }
            // Anything else (punctuation, symbols, emoji) is dropped.
        }
        let collapsed = collapse_dashes(&out);
        let slug = truncate(&collapsed, MAX_LEN);
        (!slug.is_empty()).then(|| Self(slug.to_owned()))
    }

    /// A short slug for a name that gives none: `prefix-` and 8 random
    /// characters of `a-z0-9` (41 bits: a collision is left to the caller's
    /// uniqueness check, which answers it like any taken slug).
    /// `prefix` must itself be a valid slug (`shop`, `product`).
    pub fn generated(prefix: &str) -> Self {
        debug_assert!(Self::parse(prefix).is_ok(), "{prefix}");
        const ALPHABET: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let mut bits: u64 = rand::random();
        let mut out = String::with_capacity(prefix.len() + 9);
        out.push_str(prefix);
        out.push('-');
        for _ in 0..8 {
            out.push(char::from(ALPHABET[(bits % 36) as usize]));
            bits /= 36;
        }
        Self(out)
    }

    /// The slug derived from `name`, or a [`generated`](Slug::generated) one
    /// starting with `prefix` when the name gives none.
    pub fn derive_or_generate(name: &str, prefix: &str) -> Self {
        Self::derive(name).unwrap_or_else(|| Self::generated(prefix))
    }

    /// An explicit slug, as a client sent it: accepted only if already valid.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let valid = !value.is_empty()
            && value.len() <= MAX_LEN
            && value
                .split('-')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(
                "must be 1 to 63 of a-z, 0-9 and single '-' between them (like my-shop-2); leave it out to have one made from the name",
            )
        }
    }

    /// This slug with `-n` appended, cut so the result still fits 63 characters.
    pub fn with_suffix(&self, n: u32) -> Self {
        let suffix = format!("-{n}");
        let base = truncate(&self.0, MAX_LEN - suffix.len());
        Self(format!("{base}{suffix}"))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The slug as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Slug {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

fn collapse_dashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_owned()
}

/// At most `max` bytes (the slug is ASCII), never ending in `-`.
fn truncate(s: &str, max: usize) -> &str {
    let cut = if s.len() > max { &s[..max] } else { s };
    cut.trim_end_matches('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derive(name: &str) -> Option<String> {
        Slug::derive(name).map(Slug::into_string)
    }

    #[test]
    fn follows_the_seed_rule() {
        assert_eq!(derive("Ma Super Boutique").as_deref(), Some("ma-super-boutique"));
    }

    #[test]
    fn folds_accents() {
        assert_eq!(derive("Café Crème").as_deref(), Some("cafe-creme"));
        assert_eq!(derive("Straße Ærø").as_deref(), Some("strasse-aero"));
    }

    #[test]
    fn drops_symbols_and_collapses_dashes() {
        assert_eq!(derive("  Tom & Jerry's -- shop!  ").as_deref(), Some("tom-jerrys-shop"));
        assert_eq!(derive("a_b.c/d").as_deref(), Some("abcd"));
        assert_eq!(derive("🎉 Party 🎉").as_deref(), Some("party"));
    }

    #[test]
    fn transliterates_every_script() {
        assert_eq!(derive("Café").as_deref(), Some("cafe"));
        assert_eq!(derive("Магазин").as_deref(), Some("magazin"));
        assert_eq!(derive("日本").as_deref(), Some("ri-ben"));
        assert_eq!(derive("日本の店").as_deref(), Some("ri-ben-nodian"));
        assert_eq!(derive("Ελληνικά 2").as_deref(), Some("ellenika-2"));
        assert_eq!(derive("مقهى").as_deref(), Some("mqh"));
        assert_eq!(derive("Кафе «Уют»").as_deref(), Some("kafe-uiut"));
        assert_eq!(derive("서울 커피").as_deref(), Some("seoul-keopi"));
    }

    #[test]
    fn names_with_nothing_usable_have_no_slug() {
        assert_eq!(derive(""), None);
        assert_eq!(derive("   "), None);
        assert_eq!(derive("!!! ???"), None);
        assert_eq!(derive("🎉🛍️"), None);
        assert_eq!(derive("---"), None);
    }

    #[test]
    fn generated_slugs_are_valid_short_and_differ() {
        let one = Slug::generated("shop");
        let two = Slug::generated("shop");
        assert!(Slug::parse(one.as_str()).is_ok(), "{one}");
        assert!(one.as_str().starts_with("shop-") && one.as_str().len() == "shop-".len() + 8, "{one}");
        assert_ne!(one, two);
        assert!(Slug::derive_or_generate("🎉", "product").as_str().starts_with("product-"));
        assert_eq!(Slug::derive_or_generate("Blue Mug", "product").as_str(), "blue-mug");
    }

    #[test]
    fn cuts_at_63_characters_without_a_trailing_dash() {
        let long = "a".repeat(62) + " b c";
        let slug = derive(&long).unwrap();
        assert_eq!(slug, "a".repeat(62));
        let slug = derive(&"word ".repeat(40)).unwrap();
        assert!(slug.len() <= 63 && !slug.ends_with('-'), "{slug}");
    }

    #[test]
    fn suffixes_keep_within_63_characters() {
        let slug = Slug::derive(&"x".repeat(80)).unwrap();
        let next = slug.with_suffix(2);
        assert_eq!(next.as_str().len(), 63);
        assert!(next.as_str().ends_with("-2"));
        assert_eq!(Slug::derive("shop").unwrap().with_suffix(12).as_str(), "shop-12");
    }

    #[test]
    fn explicit_slugs_must_already_be_valid() {
        assert!(Slug::parse("my-shop-2").is_ok());
        for bad in ["", "My-Shop", "-shop", "shop-", "a--b", "café", &"a".repeat(64)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
