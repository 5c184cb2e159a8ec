//! The storefront's one look, shared by every service that serves shop pages
//! (the site's catalog and product pages, checkout's cart, checkout and
//! receipt pages, customer's account pages): the maud layout with the shop's
//! header (its name, the cart's item count, the shopper's account link) and
//! footer, the stylesheet, the Content-Security-Policy, and what the pages'
//! forms and cookies need (the shop cookies, the same-origin check of posts).
//!
//! maud escapes every interpolated value, so merchant and shopper text is
//! always text; pages carry no JavaScript and work without it.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rand::RngCore as _;

pub mod format;
pub use format::Locale;

/// The one stylesheet, inline in every page: no asset request, no JavaScript.
pub const CSS: &str = include_str!("storefront.css");

/// Scripts are never allowed, styles only inline, forms only to this origin.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; \
                       form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The cookie holding the cart's token.
pub const CART_COOKIE: &str = "vitrine_cart";
/// The cookie holding the visitor key (A/B assignment and conversions).
pub const VISITOR_COOKIE: &str = "vitrine_visitor";
/// The cookie holding the signed-in shopper's token.
pub const SHOPPER_COOKIE: &str = "vitrine_shopper";

/// What the shop header shows.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    /// The shop's name.
    pub name: &'a str,
    /// The shop's slug (links are `/site/{slug}/...`).
    pub slug: &'a str,
    /// The number of items in the visitor's cart (0 without a cart).
    pub cart_items: i64,
    /// Whether a shopper is signed in (the account link says so).
    pub signed_in: bool,
    /// The shop's language: the page's `lang`, and how it writes money and dates.
    pub locale: Locale,
}

/// `/site/{slug}`: the shop's home (its catalog).
pub fn shop_href(slug: &str) -> String {
    format!("/site/{slug}")
}

/// A whole page: `head_extra` goes into `<head>`, `search` (if any) into the
/// header next to the shop's name, `content` between header and footer.
pub fn layout(
    title: &str,
    shop: Option<&Header<'_>>,
    head_extra: &Markup,
    search: &Markup,
    content: &Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(shop.map_or("en", |shop| shop.locale.tag())) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                (head_extra)
                style { (PreEscaped(CSS)) }
            }
            body {
                @if let Some(shop) = shop {
                    header.top {
                        div.wrap {
                            a.brand href=(shop_href(shop.slug)) { (shop.name) }
                            (search)
                            nav.shopper aria-label="Your shop" {
                                a href=(format!("/site/{}/account", shop.slug)) {
                                    @if shop.signed_in { "My account" } @else { "Sign in" }
                                }
                                a.cartlink href=(format!("/site/{}/cart", shop.slug)) {
                                    "Cart" span.count aria-label=(format!("{} items", shop.cart_items)) { (shop.cart_items) }
                                }
                            }
                        }
                    }
                }
                (content)
                footer { div.wrap { "Powered by Vitrine" } }
            }
        }
    }
}

/// A centered notice (404, 400, 503…) with an optional link.
pub fn notice(
    title: &str,
    shop: Option<&Header<'_>>,
    code: &str,
    heading: &str,
    text: &str,
    link: Option<(&str, &str)>,
) -> Markup {
    let content = html! {
        main {
            div.wrap.notice {
                div.code { (code) }
                h1 { (heading) }
                p.lede { (text) }
                @if let Some((href, label)) = link { a.button href=(href) { (label) } }
            }
        }
    };
    layout(title, shop, &html! { meta name="robots" content="noindex"; }, &html! {}, &content)
}

/// The headers every storefront page carries: HTML and the strict CSP.
pub fn page_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers
}

/// A page that depends on the visitor (cart, checkout, account): never stored.
pub fn private_page(status: StatusCode, markup: Markup) -> Response {
    let mut headers = page_headers();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (status, headers, markup.into_string()).into_response()
}

/// `303 See Other` to `location` (after a successful form post).
pub fn see_other(location: &str) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// The value of cookie `name` in the request, if any.
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}

/// How the shop's cookies are set: `HttpOnly; SameSite=Lax`, scoped to the
/// shop's path, `Secure` when the storefront is served over https.
#[derive(Debug, Clone, Copy)]
pub struct Cookies<'a> {
    /// The shop's slug (the cookie's `Path=/site/{slug}`).
    pub slug: &'a str,
    /// Whether PUBLIC_URL is https.
    pub secure: bool,
}

impl<'a> Cookies<'a> {
    /// The cookies of shop `slug` served under `public_url`.
    pub fn new(slug: &'a str, public_url: &str) -> Self {
        Self { slug, secure: public_url.starts_with("https://") }
    }

    /// `Set-Cookie` for `name=value`, kept `max_age_secs` seconds.
    pub fn set(&self, name: &str, value: &str, max_age_secs: u64) -> HeaderValue {
        let secure = if self.secure { "; Secure" } else { "" };
        let text =
            format!("{name}={value}; Path=/site/{}; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}", self.slug);
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
    }

    /// `Set-Cookie` that removes `name`.
    pub fn clear(&self, name: &str) -> HeaderValue {
        self.set(name, "", 0)
    }
}

/// How long the visitor key is kept: a year.
pub const VISITOR_MAX_AGE: u64 = 365 * 24 * 3600;

/// A fresh visitor key: 16 random bytes, base64url.
pub fn new_visitor_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Whether `text` is a visitor key we could have issued (anything else is replaced).
pub fn is_visitor_key(text: &str) -> bool {
    text.len() == 22 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The visitor's key, and the `Set-Cookie` to send when it is new.
pub fn visitor(headers: &HeaderMap, cookies: &Cookies<'_>) -> (String, Option<HeaderValue>) {
    match read_cookie(headers, VISITOR_COOKIE).filter(|key| is_visitor_key(key)) {
        Some(key) => (key.to_owned(), None),
        None => {
            let key = new_visitor_key();
            let cookie = cookies.set(VISITOR_COOKIE, &key, VISITOR_MAX_AGE);
            (key, Some(cookie))
        }
    }
}

/// The `scheme://host[:port]` of a URL.
fn origin_of(url: &str) -> Option<&str> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &url[..scheme.len() + 3 + end];
    (!rest[..end].is_empty()).then_some(origin)
}

/// Whether a form post comes from the storefront itself: its `Origin` (or,
/// without one, its `Referer`) must be PUBLIC_URL's origin or the origin of
/// the `Host` it was sent to. A post naming neither header is let through:
/// browsers send `Origin` with every cross-site post, and the cookies are
/// `SameSite=Lax` besides.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(|origin| origin.trim_end_matches('/').to_owned())
        .or_else(|| headers.get(header::REFERER).and_then(|v| v.to_str().ok()).and_then(origin_of).map(str::to_owned));
    let Some(claimed) = claimed else {
        return true;
    };
    if origin_of(public_url).is_some_and(|own| own.eq_ignore_ascii_case(&claimed)) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    host.is_some_and(|host| {
        claimed
            .split_once("://")
            .is_some_and(|(scheme, rest)| (scheme == "http" || scheme == "https") && rest.eq_ignore_ascii_case(host))
    })
}

/// The 403 page of a form posted from another site.
pub fn forbidden_origin() -> Response {
    private_page(
        StatusCode::FORBIDDEN,
        notice(
            "Refused",
            None,
            "403",
            "This form was sent from another site",
            "For your safety, shop forms are accepted only from the shop's own pages.",
            None,
        ),
    )
}

/// `application/x-www-form-urlencoded` for one query value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(name.clone(), HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn query_values_are_form_encoded() {
        assert_eq!(encode("linen shirt&x=1"), "linen+shirt%26x%3D1");
        assert_eq!(encode("café"), "caf%C3%A9");
    }

    #[test]
    fn cookies_are_http_only_lax_scoped_to_the_shop_and_secure_under_https() {
        let plain = Cookies::new("linen", "http://localhost:8080").set(CART_COOKIE, "abc", 60);
        assert_eq!(plain, "vitrine_cart=abc; Path=/site/linen; Max-Age=60; HttpOnly; SameSite=Lax");
        let secure = Cookies::new("linen", "https://shops.example.com").set(CART_COOKIE, "abc", 60);
        assert_eq!(secure, "vitrine_cart=abc; Path=/site/linen; Max-Age=60; HttpOnly; SameSite=Lax; Secure");
    }

    #[test]
    fn cookies_are_read_by_exact_name() {
        let request = headers(&[(header::COOKIE, "a=1; vitrine_cart_x=2"), (header::COOKIE, "vitrine_cart=3")]);
        assert_eq!(read_cookie(&request, CART_COOKIE), Some("3"));
        assert_eq!(read_cookie(&request, "b"), None);
    }

    #[test]
    fn a_new_visitor_gets_a_key_and_a_known_one_keeps_it() {
        let cookies = Cookies::new("s", "http://x");
        let (key, set) = visitor(&HeaderMap::new(), &cookies);
        assert!(is_visitor_key(&key));
        assert!(set.is_some_and(|c| c.to_str().unwrap().starts_with(&format!("{VISITOR_COOKIE}={key};"))));
        let known = headers(&[(header::COOKIE, "vitrine_visitor=AAAAAAAAAAAAAAAAAAAAAA")]);
        assert_eq!(visitor(&known, &cookies), ("AAAAAAAAAAAAAAAAAAAAAA".to_owned(), None));
    }

    #[test]
    fn posts_from_another_origin_are_refused() {
        let public = "https://shops.example.com";
        assert!(same_origin(&headers(&[(header::ORIGIN, "https://shops.example.com")]), public));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "https://evil.example")]), public));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "null")]), public));
        assert!(same_origin(&headers(&[(header::REFERER, "https://shops.example.com/site/a/cart")]), public));
        assert!(!same_origin(&headers(&[(header::REFERER, "https://evil.example/site/a")]), public));
        let direct = headers(&[(header::ORIGIN, "http://127.0.0.1:18409"), (header::HOST, "127.0.0.1:18409")]);
        assert!(same_origin(&direct, public));
        assert!(same_origin(&HeaderMap::new(), public));
    }

    #[test]
    fn hostile_text_is_escaped_in_the_layout() {
        let shop = Header {
            name: "<script>x</script>",
            slug: "s",
            cart_items: 2,
            signed_in: false,
            locale: Locale::parse("fr").unwrap(),
        };
        let page = layout("<b>", Some(&shop), &html! {}, &html! {}, &html! { p { ("\"><img>") } }).into_string();
        assert!(!page.contains("<script>x"));
        assert!(page.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(page.contains("&quot;&gt;&lt;img&gt;"));
        assert!(page.contains("<span class=\"count\" aria-label=\"2 items\">2</span>"));
        assert!(page.contains("<html lang=\"fr\">"), "the page's language is the shop's");
    }
}
