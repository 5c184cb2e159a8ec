//! The builder's domain types: the only ways in for untrusted input.

use secrecy::SecretString;
use vitrine_common::slug::Slug;

/// A username: 3 to 32 of `A-Z a-z 0-9 _ . -`, unique without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Checks a username as sent, without the spaces around it (a copy-paste
    /// or a phone keyboard adds them; they are never part of a username).
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let value = value.trim();
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

/// A new password: 8 to 128 characters, not blank, not one of the most common
/// passwords (NIST SP 800-63B §5.1.1.2: a block list, no composition rules).
/// Never logged, never echoed.
#[derive(Debug)]
pub struct Password(SecretString);

impl Password {
    /// The shortest password accepted.
    pub const MIN: usize = 8;
    /// The longest password accepted (hashing cost is bounded by it).
    pub const MAX: usize = 128;

    /// Checks a new password (kept exactly as typed: spaces may be part of it).
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        if !(Self::MIN..=Self::MAX).contains(&value.chars().count()) {
            return Err("must be 8 to 128 characters");
        }
        if let Some(weakness) = vitrine_password::common::weakness(value) {
            return Err(weakness);
        }
        Ok(Self(SecretString::from(value.to_owned())))
    }

    /// Checks a new password for the account `username`: the username itself
    /// is the first guess anyone makes.
    pub fn parse_for(value: &str, username: &str) -> Result<Self, &'static str> {
        if value.trim().eq_ignore_ascii_case(username.trim()) {
            return Err("must not be your username");
        }
        Self::parse(value)
    }

    /// The secret, for hashing.
    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

/// A shop's currency: an active ISO 4217 code.
pub fn parse_currency(value: &str) -> Result<String, &'static str> {
    vitrine_common::money::CurrencyCode::parse(value.trim()).map(|code| code.as_str().to_owned())
}

/// A shop's language: one of the tags the storefront can write in, canonically spelled.
pub fn parse_language(value: &str) -> Result<String, String> {
    vitrine_storefront::Locale::parse(value).map(|locale| locale.tag().to_owned())
}

/// A shop's time zone: an IANA name, canonically spelled.
pub fn parse_timezone(value: &str) -> Result<String, &'static str> {
    vitrine_storefront::format::timezone(value)
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
    fn usernames_are_trimmed() {
        assert_eq!(Username::parse("  alice \t").unwrap().as_str(), "alice");
    }

    #[test]
    fn blank_common_and_username_passwords_are_refused() {
        assert_eq!(Password::parse("        ").unwrap_err(), "must not be only spaces");
        assert!(Password::parse("password").unwrap_err().contains("most common"));
        assert!(Password::parse("Football1").unwrap_err().contains("most common"));
        assert_eq!(Password::parse_for("Alice_2026", "alice_2026").unwrap_err(), "must not be your username");
        assert!(Password::parse_for("correct horse", "alice").is_ok());
    }

    #[test]
    fn shop_settings_are_checked_and_spelled_canonically() {
        assert_eq!(parse_currency("JPY").unwrap(), "JPY");
        assert!(parse_currency("jpy").is_err() && parse_currency("EURO").is_err());
        assert_eq!(parse_language("fr-fr").unwrap(), "fr-FR");
        assert!(parse_language("klingon").is_err());
        assert_eq!(parse_timezone("europe/paris").unwrap(), "Europe/Paris");
        assert!(parse_timezone("Europe/Atlantis").is_err());
    }

    #[test]
    fn passwords_are_8_to_128_characters() {
        assert!(Password::parse("x7#kq9!vb").is_ok());
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
