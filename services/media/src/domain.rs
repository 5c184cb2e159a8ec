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

/// Which image URLs a deployment accepts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// An https deployment (its PUBLIC_URL is https): images over https only
    /// (an http image makes the page mixed content), and never at an IP
    /// literal of a private, loopback or link-local network (an address only
    /// the shop's own network reaches, or a cloud's metadata service).
    pub https_only: bool,
}

impl MediaUrl {
    /// A valid URL under `policy`.
    pub fn parse_with(value: &str, policy: UrlPolicy) -> Result<Self, &'static str> {
        let url = Self::parse(value)?;
        if !policy.https_only {
            return Ok(url);
        }
        if !value.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://")) {
            return Err("must be an https:// URL");
        }
        let authority = value[8..].split(['/', '?', '#']).next().unwrap_or("");
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        let host = if let Some(bracketed) = host.strip_prefix('[') {
            bracketed.split(']').next().unwrap_or("")
        } else {
            host.rsplit_once(':').map_or(host, |(name, _port)| name)
        };
        if host.parse::<std::net::IpAddr>().is_ok_and(|ip| !is_public(ip)) {
            return Err("must not point at a private, loopback or link-local address");
        }
        Ok(url)
    }

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

/// Whether `ip` is reachable on the public internet (not private, loopback,
/// link-local, unspecified, shared, documentation or multicast).
fn is_public(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b)))
        }
        std::net::IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(std::net::IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
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
    fn https_deployments_take_https_urls_of_public_hosts_only() {
        let https = UrlPolicy { https_only: true };
        for good in ["https://cdn.example.com/a.jpg", "HTTPS://8.8.8.8/a.jpg", "https://[2606:4700::1]:443/a.jpg"] {
            assert!(MediaUrl::parse_with(good, https).is_ok(), "{good}");
        }
        for bad in [
            "http://cdn.example.com/a.jpg",
            "https://10.0.0.5/a.jpg",
            "https://192.168.1.1:8443/a.jpg",
            "https://127.0.0.1/a.jpg",
            "https://169.254.169.254/latest/meta-data",
            "https://user@172.16.0.1/a.jpg",
            "https://[::1]/a.jpg",
            "https://[fe80::1]/a.jpg",
            "https://[fd00::1]/a.jpg",
            "https://[::ffff:10.0.0.1]/a.jpg",
            "https://0.0.0.0/a.jpg",
            "https://100.64.0.1/a.jpg",
        ] {
            assert!(MediaUrl::parse_with(bad, https).is_err(), "{bad}");
        }
        // Plain-http deployments (development) keep accepting both schemes.
        assert!(MediaUrl::parse_with("http://127.0.0.1:8080/a.jpg", UrlPolicy::default()).is_ok());
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
