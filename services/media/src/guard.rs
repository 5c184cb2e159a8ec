//! The SSRF guard of the broken-URL checker, the same as the notifier's
//! webhook guard (services do not share crates beyond `crates/`; this copy
//! should move to `vitrine-common` with the notifier's): image URLs are
//! fetched only on public addresses, unless the deployment allows loopback
//! and private targets (`MEDIA_CHECK_ALLOW_PRIVATE_TARGETS`, tests and
//! development).
//!
//! A URL is checked when it is registered (a 422 tells the merchant at once)
//! and again on every attempt, after DNS resolution: the HTTP client resolves
//! names through [`GuardedResolver`], which refuses a name if any of its
//! addresses is not public, so a name that later rebinds to 127.0.0.1 or
//! 169.254.169.254 reaches nothing. Redirects are never followed, and an IP
//! literal (which the client connects to without resolving) is checked here.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// What the deployment allows.
#[derive(Debug, Clone, Copy, Default)]
pub struct Guard {
    /// `http://` as well as `https://`.
    pub allow_insecure: bool,
    /// Loopback, private, link-local… addresses as well as public ones.
    pub allow_private: bool,
}

/// Why a URL is refused (the message is the merchant's 422 or the delivery's error).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl Guard {
    /// The URL, if its form is acceptable (before any resolution).
    pub fn parse(&self, raw: &str) -> Result<Url, Refused> {
        if raw.len() > 2048 {
            return Err(Refused("must be at most 2048 characters".to_owned()));
        }
        let url = Url::parse(raw).map_err(|_| Refused("must be an absolute http(s) URL".to_owned()))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure => {}
            "http" => return Err(Refused("must use https://".to_owned())),
            _ if self.allow_insecure => return Err(Refused("must use https:// or http://".to_owned())),
            _ => return Err(Refused("must use https://".to_owned())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refused("must not carry credentials".to_owned()));
        }
        if url.fragment().is_some() {
            return Err(Refused("must not have a #fragment".to_owned()));
        }
        match host_of(&url) {
            None => Err(Refused("must name a host".to_owned())),
            Some(Host::Ip(ip)) => self.check_ip(ip).map(|()| url),
            Some(Host::Name(_)) => Ok(url),
        }
    }

    /// The URL, if its form is acceptable and its host resolves only to
    /// allowed addresses now.
    pub async fn check(&self, raw: &str) -> Result<Url, Refused> {
        let url = self.parse(raw)?;
        if let Some(Host::Name(host)) = host_of(&url) {
            let port = url.port_or_known_default().unwrap_or(443);
            let addrs = resolve(*self, &host, port).await?;
            if addrs.is_empty() {
                return Err(Refused(format!("host `{host}` has no address")));
            }
        }
        Ok(url)
    }

    fn check_ip(&self, ip: IpAddr) -> Result<(), Refused> {
        if self.allow_private || is_public(ip) {
            Ok(())
        } else {
            Err(Refused(format!("must reach a public address, not {ip}")))
        }
    }
}

/// A URL's host: an IP literal (connected to without resolution) or a name.
enum Host {
    Ip(IpAddr),
    Name(String),
}

fn host_of(url: &Url) -> Option<Host> {
    let host = url.host_str().filter(|h| !h.is_empty())?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    Some(match bare.parse::<IpAddr>() {
        Ok(ip) => Host::Ip(ip),
        Err(_) => Host::Name(host.to_owned()),
    })
}

/// Resolves `host`, refusing it whole if any address is not allowed.
async fn resolve(guard: Guard, host: &str, port: u16) -> Result<Vec<SocketAddr>, Refused> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| Refused(format!("host `{host}` does not resolve")))?
        .collect();
    // The address itself is not told: it would map the deployment's internal
    // names for whoever registers URLs.
    if addrs.iter().any(|addr| guard.check_ip(addr.ip()).is_err()) {
        return Err(Refused(format!("host `{host}` resolves to an address that is not public")));
    }
    Ok(addrs)
}

/// The HTTP client's resolver: the system's, with the guard applied to every answer.
#[derive(Debug, Clone)]
pub struct GuardedResolver(pub Guard);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = self.0;
        Box::pin(async move {
            // The port is replaced by the URL's; 0 only satisfies the lookup.
            let addrs = resolve(guard, name.as_str(), 0).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

impl GuardedResolver {
    /// As the client builder wants it.
    pub fn shared(guard: Guard) -> Arc<Self> {
        Arc::new(Self(guard))
    }
}

/// Whether `ip` is a public unicast address: not loopback, private,
/// shared (CGNAT), link-local (169.254.0.0/16, where cloud metadata lives),
/// unique-local, multicast, documentation, benchmarking or reserved; IPv6
/// forms that embed an IPv4 address are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                   // "this network"
        || a == 10                             // private
        || a == 127                            // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254)              // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)      // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)      // documentation
        || (a == 192 && b == 88 && c == 99)    // 6to4 relay anycast
        || (a == 192 && b == 168)              // private
        || (a == 198 && (b == 18 || b == 19))  // benchmarking
        || (a == 198 && b == 51 && c == 100)   // documentation
        || (a == 203 && b == 0 && c == 113)    // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match segments {
        // IPv4-compatible (deprecated), unspecified and loopback; Teredo
        // (2001::/32) hides its target; documentation (2001:db8::/32).
        [0, 0, 0, 0, 0, 0, _, _] | [0x2001, 0 | 0xdb8, ..] => false,
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16): the IPv4 address they reach.
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] | [0x2002, hi, lo, ..] => is_public_v4(embedded_v4(hi, lo)),
        [first, ..] => {
            first & 0xfe00 != 0xfc00 // unique-local fc00::/7
                && first & 0xffc0 != 0xfe80 // link-local fe80::/10
                && first & 0xffc0 != 0xfec0 // site-local (deprecated) fec0::/10
                && first & 0xff00 != 0xff00 // multicast ff00::/8
                && first & 0xe000 == 0x2000 // global unicast is 2000::/3 only
        }
    }
}
