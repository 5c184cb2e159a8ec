//! The builder's domain types: the only ways in for untrusted input.

use secrecy::SecretString;
use vitrine_common::slug::Slug;

/// A username: 3 to 32 of `A-Z a-z 0-9 _ . -`, unique without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Checks a username as sent.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let length_ok = (3..=32).contains(&value.chars().count());
        let charset_ok = value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        match (length_ok, charset_ok) {
            (false, _) => Err("must be 3 to 32 characters"),
            (true, false) => Err("may only contain letters, digits, '_', '.' and '-'"),
            (true, true) => Ok(Self(value.to_owned())),
        }
    }

    /// The username as chosen.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8 to 128 characters. Never logged, never echoed.
#[derive(Debug)]
pub struct Password(SecretString);

impl Password {
    /// The shortest password accepted.
    pub const MIN: usize = 8;
    /// The longest password accepted (hashing cost is bounded by it).
    pub const MAX: usize = 128;

    /// Checks a new password.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        if (Self::MIN..=Self::MAX).contains(&value.chars().count()) {
            Ok(Self(SecretString::from(value.to_owned())))
        } else {
            Err("must be 8 to 128 characters")
        }
    }

    /// The secret, for hashing.
    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

/// A site's name: 1 to 100 characters after trimming, in any script, and its slug.
#[derive(Debug, Clone)]
pub struct SiteName {
    name: String,
    slug: Slug,
}

impl SiteName {
    /// Checks a site's name and derives its slug (transliterated from any
    /// script; generated, `shop-…`, when the name gives none, e.g. only emoji).
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let name = value.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err("must be 1 to 100 characters (spaces at the ends do not count)");
        }
        if name.chars().any(char::is_control) {
            return Err("must not contain control characters (tabs, line breaks): write it on one line");
        }
        let slug = Slug::derive_or_generate(name, "shop");
        Ok(Self { name: name.to_owned(), slug })
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The slug derived from it.
    pub fn slug(&self) -> &Slug {
        &self.slug
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;

    #[test]
    fn usernames_are_3_to_32_safe_characters() {
        for good in ["bob", "Alice_01", "a.b-c", &"x".repeat(32)] {
            assert!(Username::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "ab", &"x".repeat(33), "with space", "émile", "a/b", "a@b"] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_8_to_128_characters() {
        assert!(Password::parse("12345678").is_ok());
        assert!(Password::parse(&"p".repeat(128)).is_ok());
        assert!(Password::parse("1234567").is_err());
        assert!(Password::parse(&"p".repeat(129)).is_err());
        // Characters, not bytes: eight accented letters are eight characters.
        assert_eq!(Password::parse("éééééééé").unwrap().into_secret().expose_secret(), "éééééééé");
    }

    #[test]
    fn site_names_are_trimmed_and_give_their_slug() {
        let name = SiteName::parse("  Ma Super Boutique ").unwrap();
        assert_eq!(name.as_str(), "Ma Super Boutique");
        assert_eq!(name.slug().as_str(), "ma-super-boutique");
    }

    #[test]
    fn site_names_in_any_script_give_their_slug() {
        assert_eq!(SiteName::parse("Магазин").unwrap().slug().as_str(), "magazin");
        assert_eq!(SiteName::parse("日本の店").unwrap().slug().as_str(), "ri-ben-nodian");
        assert_eq!(SiteName::parse("Café Crème").unwrap().slug().as_str(), "cafe-creme");
    }

    #[test]
    fn site_names_with_nothing_to_make_an_address_from_get_a_generated_one() {
        for name in ["🎉🛍️", "!!!"] {
            let site = SiteName::parse(name).unwrap();
            assert_eq!(site.as_str(), name);
            assert!(site.slug().as_str().starts_with("shop-"), "{}", site.slug());
            assert!(Slug::parse(site.slug().as_str()).is_ok());
        }
    }

    #[test]
    fn site_names_must_fit_100_characters_on_one_line() {
        assert!(SiteName::parse("   ").is_err());
        assert!(SiteName::parse(&"n".repeat(101)).is_err());
        assert!(SiteName::parse(&"n".repeat(100)).is_ok());
        assert!(SiteName::parse("tab\there").is_err());
    }
}
