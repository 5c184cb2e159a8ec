//! The media service's domain types: parse, don't validate.

/// The longest URL: what browsers and CDNs reliably accept.
pub const MAX_URL_LEN: usize = 2048;
/// The longest text alternative.
pub const MAX_ALT_LEN: usize = 500;

/// An image URL: absolute `http://` or `https://` (scheme in any case) with a
/// host, no whitespace or control characters, at most 2048 characters. Other
/// schemes (`javascript:`, `data:`, `file:`) are refused: storefront pages put
/// this URL in an `src` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUrl(String);

impl MediaUrl {
    /// A valid URL.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        if value.chars().count() > MAX_URL_LEN {
            return Err("must be at most 2048 characters");
        }
        let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") {
            &value[8..]
        } else if lower.starts_with("http://") {
            &value[7..]
        } else {
            return Err("must be an absolute http:// or https:// URL");
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() {
            return Err("must name a host, e.g. https://cdn.example.com/image.jpg");
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must not contain spaces or control characters (percent-encode them)");
        }
        Ok(Self(value.to_owned()))
    }

    /// The URL as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text alternative: at most 500 characters.
pub fn parse_alt(value: &str) -> Result<&str, &'static str> {
    if value.chars().count() <= MAX_ALT_LEN { Ok(value) } else { Err("must be at most 500 characters") }
}

/// A position: ≥ 0.
pub fn parse_sort_order(value: i32) -> Result<i32, &'static str> {
    if value >= 0 { Ok(value) } else { Err("must be 0 or more") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_http_urls_with_a_host() {
        for good in ["https://cdn.example.com/a.jpg", "http://x.io", "HTTPS://CDN.example.com/a.jpg?w=200#top"] {
            assert!(MediaUrl::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "cdn.example.com/a.jpg",
            "ftp://x.io/a.jpg",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://",
            "https:///a.jpg",
            "https://x.io/a b.jpg",
            "//x.io/a.jpg",
        ] {
            assert!(MediaUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_are_at_most_2048_characters() {
        let base = "https://x.io/";
        assert!(MediaUrl::parse(&format!("{base}{}", "a".repeat(MAX_URL_LEN - base.len()))).is_ok());
        assert!(MediaUrl::parse(&format!("{base}{}", "a".repeat(MAX_URL_LEN - base.len() + 1))).is_err());
    }

    #[test]
    fn alts_and_positions_have_bounds() {
        assert!(parse_alt(&"é".repeat(500)).is_ok() && parse_alt(&"a".repeat(501)).is_err());
        assert!(parse_sort_order(0).is_ok() && parse_sort_order(-1).is_err());
    }
}
