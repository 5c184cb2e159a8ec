//! URL- and DNS-safe slugs, for sites and products.
//!
//! The seed's rule is "the name in lower case with spaces replaced by `-`".
//! Vitrine extends it so every slug is also a valid DNS label and needs no
//! escaping in a URL: Latin accents are folded (`Café` → `cafe`), any other
//! character is dropped, runs of `-` collapse, the ends are trimmed, and the
//! result is at most 63 characters.

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
    /// (a name made only of symbols, or of a non-Latin script).
    pub fn derive(name: &str) -> Option<Self> {
        let mut out = String::with_capacity(name.len());
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if c.is_whitespace() || c == '-' {
                out.push('-');
            } else if is_latin_letter(c) {
                // Fold the accent away: é → e, ß → ss, Æ → ae.
                let folded = deunicode::deunicode_char(c).unwrap_or("");
                out.extend(folded.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()));
            }
            // Anything else (punctuation, emoji, other scripts) is dropped.
        }
        let collapsed = collapse_dashes(&out);
        let slug = truncate(&collapsed, MAX_LEN);
        (!slug.is_empty()).then(|| Self(slug.to_owned()))
    }

    /// An explicit slug, as a client sent it: accepted only if already valid.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let valid = !value.is_empty()
            && value.len() <= MAX_LEN
            && value
                .split('-')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        if valid { Ok(Self(value.to_owned())) } else { Err("must be 1 to 63 of a-z, 0-9 and single '-' between them") }
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

/// Latin-1 Supplement, Latin Extended-A/B and Latin Extended Additional letters.
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(u32::from(c), 0x00C0..=0x024F | 0x1E00..=0x1EFF)
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
    fn names_with_nothing_usable_have_no_slug() {
        assert_eq!(derive(""), None);
        assert_eq!(derive("   "), None);
        assert_eq!(derive("!!! ???"), None);
        assert_eq!(derive("日本"), None);
        assert_eq!(derive("---"), None);
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
