//! The customer service's domain types: parse, don't validate.

use secrecy::SecretString;
use vitrine_common::validate::Fields;
use vitrine_models::customer::Address;

/// An e-mail address, trimmed, as the shopper typed it (case kept: the
/// database compares without regard to case).
///
/// The check is deliberately structural (one `@`, a local part, a dotted
/// domain, no spaces or control characters): only sending a message proves
/// an address, and a stricter grammar would refuse real addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// The longest address (RFC 5321's path limit).
    pub const MAX: usize = 254;

    /// A plausible e-mail address.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let value = value.trim();
        if value.is_empty() {
            return Err("is required");
        }
        if value.chars().count() > Self::MAX {
            return Err("must be at most 254 characters");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces");
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return Err("must be an e-mail address, like name@example.com");
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || local.chars().count() > 64 || local.contains('@') || !domain_ok {
            return Err("must be an e-mail address, like name@example.com");
        }
        Ok(Self(value.to_owned()))
    }

    /// The address as typed (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8 to 128 characters, not only spaces, not one of the most
/// common passwords (NIST SP 800-63B). Never logged, never echoed.
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
            Err("must be 8 to 128 characters")
        } else if value.trim().is_empty() {
            Err("must not be blank")
        } else if vitrine_password::common::is_common(value) {
            Err("is one of the most common passwords, which attackers try first: choose another")
        } else {
            Ok(Self(SecretString::from(value.to_owned())))
        }
    }

    /// The secret, for hashing.
    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

/// Checks a trimmed text of `min..=max` characters without control characters.
fn text(value: &str, min: usize, max: usize) -> Result<String, String> {
    let value = value.trim();
    let count = value.chars().count();
    if count < min {
        return Err(if min == 1 {
            "must not be empty".to_owned()
        } else {
            format!("must be at least {min} characters")
        });
    }
    if count > max {
        return Err(format!("must be at most {max} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err("must not contain control characters".to_owned());
    }
    Ok(value.to_owned())
}

/// A customer's name: 1 to 100 characters after trimming.
pub fn parse_name(value: &str) -> Result<String, String> {
    text(value, 1, 100)
}

/// Checks an address field by field (errors named `<prefix>.<field>`), trimming each.
pub fn check_address(fields: &mut Fields, prefix: &str, address: &Address) -> Option<Address> {
    let mut field = |name: &str, result: Result<String, String>| fields.check(&format!("{prefix}.{name}"), result);
    let name = field("name", text(&address.name, 1, 100));
    let line1 = field("line1", text(&address.line1, 1, 200));
    let line2 = match address.line2.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(line2) => field("line2", text(line2, 1, 200)).map(Some),
    };
    let city = field("city", text(&address.city, 1, 100));
    let postal_code = field("postal_code", text(&address.postal_code, 1, 20));
    let country = field("country", parse_country(&address.country).map(str::to_owned));
    Some(Address {
        name: name?,
        line1: line1?,
        line2: line2?,
        city: city?,
        postal_code: postal_code?,
        country: country?,
    })
}

/// An ISO 3166-1 alpha-2 country code, in upper case.
pub fn parse_country(value: &str) -> Result<&'static str, String> {
    COUNTRIES
        .iter()
        .find(|code| **code == value)
        .copied()
        .ok_or_else(|| "must be an ISO 3166-1 alpha-2 code in upper case, like FR or GB".to_owned())
}

/// The officially assigned ISO 3166-1 alpha-2 codes.
const COUNTRIES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD",
    "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA",
    "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE",
    "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA",
    "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK",
    "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP",
    "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT",
    "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS",
    "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
    "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
    "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST",
    "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW",
    "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA",
    "ZM", "ZW",
];

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;

    #[test]
    fn emails_are_trimmed_and_keep_their_case() {
        assert_eq!(Email::parse("  Ada@Example.COM \n").unwrap().as_str(), "Ada@Example.COM");
        assert_eq!(Email::parse("a+tag@sub.example.co.uk").unwrap().as_str(), "a+tag@sub.example.co.uk");
        assert_eq!(Email::parse("josé@café.fr").unwrap().as_str(), "josé@café.fr");
    }

    #[test]
    fn implausible_emails_are_refused() {
        let long = format!("{}@example.com", "a".repeat(250));
        let long_local = format!("{}@example.com", "a".repeat(65));
        for bad in
            ["", "   ", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", "ada@@example.com", "ada@.com"]
        {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert!(Email::parse("ada@exa..mple.com").is_err());
        assert!(Email::parse("ada@-example.com").is_err());
        assert!(Email::parse(&long).is_err());
        assert!(Email::parse(&long_local).is_err());
        assert!(Email::parse("ada@exam\u{0}ple.com").is_err());
    }

    #[test]
    fn passwords_are_8_to_128_characters_and_not_blank() {
        assert!(Password::parse("x7#kq9!vb").is_ok());
        assert!(Password::parse(&"p".repeat(128)).is_ok());
        assert!(Password::parse("1234567").is_err());
        assert!(Password::parse(&"p".repeat(129)).is_err());
        assert_eq!(Password::parse("        ").unwrap_err(), "must not be blank");
        assert_eq!(Password::parse("\t\t\t\t\n\n\n\n").unwrap_err(), "must not be blank");
        assert_eq!(Password::parse(" spaced out ").unwrap().into_secret().expose_secret(), " spaced out ");
        assert_eq!(Password::parse("éééééééé").unwrap().into_secret().expose_secret(), "éééééééé");
        for common in ["password", "Password1", "12345678", "iloveyou"] {
            assert!(Password::parse(common).unwrap_err().contains("most common passwords"), "{common}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("  Ada ").unwrap(), "Ada");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert!(parse_name("a\u{7}b").is_err());
    }

    fn address(country: &str) -> Address {
        Address {
            name: " Ada ".to_owned(),
            line1: "12 St James's Square".to_owned(),
            line2: Some("  ".to_owned()),
            city: "London".to_owned(),
            postal_code: "SW1Y 4JH".to_owned(),
            country: country.to_owned(),
        }
    }

    #[test]
    fn addresses_are_trimmed_and_blank_second_lines_dropped() {
        let mut fields = Fields::default();
        let checked = check_address(&mut fields, "default_address", &address("GB")).unwrap();
        assert!(fields.is_ok());
        assert_eq!(checked.name, "Ada");
        assert_eq!(checked.line2, None);
    }

    #[test]
    fn countries_are_assigned_alpha_2_codes_in_upper_case() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|pair| pair[0] < pair[1]), "sorted, no duplicates");
        for good in ["FR", "GB", "US", "JP", "ZW"] {
            assert!(parse_country(good).is_ok(), "{good}");
        }
        for bad in ["fr", "UK", "XX", "FRA", "", "F"] {
            assert!(parse_country(bad).is_err(), "{bad}");
        }
        let mut fields = Fields::default();
        assert!(check_address(&mut fields, "default_address", &address("UK")).is_none());
        assert!(!fields.is_ok());
    }
}
