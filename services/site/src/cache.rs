//! The storefront read cache (ADR 0028): public catalog answers — the
//! storefront API's categories, listings and products, and the catalog and
//! product pages — served from memory, with exact invalidation.
//!
//! - **Key**: the site (its id, from the slug), the request target (path and
//!   query) and, for pages, what the page shows of the visitor: their cart's
//!   item count and whether they are signed in. Nothing else in a request
//!   changes these answers (no `Accept` or `HX-*` negotiation, no experiment
//!   arm), and pages set no cookie. Two sites never share a key.
//! - **Invalidation**: every write that changes a site's public answers bumps
//!   `site.catalog_versions` in its transaction and NOTIFYs
//!   `vitrine_site_catalog` with the site id at commit (migrations site 0007,
//!   builder 0006, media 0003, promotion 0004). A listener task drops that
//!   site's answers on every instance within milliseconds; the instance that
//!   made a merchant write drops them as soon as the write answers, before its
//!   NOTIFY arrives. An answer is dropped by stamps, not by scanning: each
//!   answer records the cache's clock when its rendering started, each site
//!   the clock of its last invalidation, and an answer older than its site's
//!   invalidation is never served — even one whose rendering was under way
//!   when the invalidation came.
//! - **Lost notifications**: when the listening connection drops, everything
//!   is dropped, then again once it listens anew (whatever was written in
//!   between was never heard). While it is down, the TTL bounds staleness.
//! - **Bounded**: by bytes ([`CacheConfig::site_cache_max_bytes`]), with
//!   moka's TinyLFU admission, so a crawl of one-off URLs does not push out
//!   the pages everyone reads. Hits, misses and evictions are Prometheus
//!   counters (`vitrine_site_cache_*`), with the bytes held as a gauge.
//! - **HTTP**: each cached answer has a strong `ETag` (a hash of its body, the
//!   same on every replica) and is answered 304 to a matching
//!   `If-None-Match`; public answers say `Cache-Control: public, max-age=…,
//!   stale-while-revalidate=…` so a CDN in front can keep them too. Pages
//!   showing a visitor's cart stay `private`.
//!
//! A hit never waits on the database, the site's slug included; a page
//! request carrying a cart cookie reads that cart's item count first (one
//! primary-key look-up: it is the visitor's, not the catalog's).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::time::Duration;

use axum::body::HttpBody as _;
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, RawPathParams, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use moka::notification::RemovalCause;
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use uuid::Uuid;

use crate::config::CacheConfig;

/// The channel the catalog triggers NOTIFY (payload: the site id).
pub const CHANNEL: &str = "vitrine_site_catalog";

/// The largest body kept: a storefront answer is far smaller (250 products at most).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Past this many remembered site invalidations, the cache starts afresh
/// rather than grow (the map holds one small entry per changed site).
const MAX_SITE_STAMPS: usize = 100_000;

/// The longest wait between two attempts to listen again.
const MAX_RECONNECT_DELAY: Duration = Duration::from_secs(2);

/// What a cached route is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// The storefront JSON API: the same for everyone.
    Api,
    /// A storefront page: its header shows the visitor's cart and session.
    Page,
}

/// The route templates whose answers are cached.
fn cached_route(template: &str) -> Option<Route> {
    match template {
        "/api/site/public/{site_slug}/categories"
        | "/api/site/public/{site_slug}/products"
        | "/api/site/public/{site_slug}/products/{product_slug}" => Some(Route::Api),
        "/site/{site_slug}" | "/site/{site_slug}/products/{product_slug}" => Some(Route::Page),
        _ => None,
    }
}

/// Merchant routes: a successful write through them changes the site of their `{site_id}`.
fn merchant_route(template: &str) -> bool {
    template.starts_with("/api/site/sites/{site_id}")
}

/// What a page shows of its visitor, part of its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Persona {
    /// No cart, no session: the page everyone without cookies gets.
    Anyone,
    /// A visitor with a cart cookie or a session cookie.
    Visitor { cart_items: i64, signed_in: bool },
}

/// The item count of the visitor's cart, read once by the cache and handed
/// to the page handler (a request extension), so that the page and its key agree.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CartItems(pub i64);

#[derive(Debug, PartialEq, Eq, Hash)]
struct Key {
    site: Uuid,
    /// Path and query, as sent.
    target: Box<str>,
    persona: Persona,
}

/// A cached 200 answer.
#[derive(Debug)]
struct Answer {
    /// The clock when its rendering started.
    stamp: u64,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
}

/// A slug's site.
#[derive(Debug)]
struct SiteEntry {
    id: Uuid,
    stamp: u64,
}

/// Counts since the cache started (also exported as Prometheus counters).
#[derive(Debug, Default)]
struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    invalidations: AtomicU64,
    reconnects: AtomicU64,
}

/// The cache's counts and size, for tests and operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers served from memory.
    pub hits: u64,
    /// Answers that had to be rendered.
    pub misses: u64,
    /// Answers dropped (or refused) to stay within the memory bound.
    pub evictions: u64,
    /// Site invalidations heard or made.
    pub invalidations: u64,
    /// Times the change listener had to listen anew.
    pub reconnects: u64,
    /// Answers held.
    pub entries: u64,
    /// Their weight, in bytes.
    pub bytes: u64,
}

/// The storefront read cache of one instance; cheap to clone (shared).
#[derive(Clone)]
pub struct StorefrontCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for StorefrontCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorefrontCache").field("enabled", &self.inner.enabled).finish_non_exhaustive()
    }
}

struct Inner {
    enabled: bool,
    pool: PgPool,
    answers: moka::sync::Cache<Key, Arc<Answer>>,
    sites: moka::sync::Cache<Box<str>, Arc<SiteEntry>>,
    /// Ticks at every invalidation.
    clock: AtomicU64,
    /// The clock of the last "drop everything".
    cleared_at: AtomicU64,
    /// The clock of each site's last invalidation.
    site_stamps: RwLock<HashMap<Uuid, u64>>,
    listening: AtomicBool,
    counters: Arc<Counters>,
    /// `public, max-age=…, stale-while-revalidate=…`.
    public_cache_control: HeaderValue,
    /// Dropped with the cache: ends the listener task.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl StorefrontCache {
    /// A cache as `config` describes, reading through `pool`, with its change
    /// listener started (it holds one of the pool's connections). Needs a
    /// Tokio runtime.
    pub fn start(config: &CacheConfig, pool: PgPool) -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| anyhow::anyhow!("the storefront cache must be started inside a Tokio runtime"))?;
        let counters = Arc::new(Counters::default());
        let evicted = Arc::clone(&counters);
        let weigh = |key: &Key, answer: &Arc<Answer>| {
            let headers: usize =
                answer.headers.iter().map(|(name, value)| name.as_str().len() + value.len() + 32).sum();
            u32::try_from(answer.body.len() + headers + key.target.len() + 160).unwrap_or(u32::MAX)
        };
        let ttl = Duration::from_secs(config.site_cache_ttl_secs);
        let answers = moka::sync::Cache::builder()
            .max_capacity(config.site_cache_max_bytes)
            .weigher(weigh)
            .time_to_live(ttl)
            .eviction_listener(move |_key, _value, cause| {
                if cause == RemovalCause::Size {
                    evicted.evictions.fetch_add(1, Ordering::Relaxed);
                    metrics::counter!("vitrine_site_cache_evictions_total").increment(1);
                }
            })
            .build();
        // Slugs are few and small: bounded by count.
        let sites = moka::sync::Cache::builder().max_capacity(100_000).time_to_live(ttl).build();
        let public_cache_control = HeaderValue::from_str(&format!(
            "public, max-age={}, stale-while-revalidate={}",
            config.site_cache_max_age_secs, config.site_cache_stale_while_revalidate_secs
        ))?;
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let inner = Arc::new(Inner {
            enabled: config.site_cache_enabled,
            pool,
            answers,
            sites,
            clock: AtomicU64::new(1),
            cleared_at: AtomicU64::new(0),
            site_stamps: RwLock::new(HashMap::new()),
            listening: AtomicBool::new(false),
            counters,
            public_cache_control,
            _stop: stop,
        });
        if inner.enabled {
            // One of the pool's connections, held while it listens: the
            // process stays within DATABASE_MAX_CONNECTIONS (the deployment's
            // connection budget counts on it).
            runtime.spawn(listen(Arc::downgrade(&inner), inner.pool.clone(), stopped));
        }
        Ok(Self { inner })
    }

    /// Whether the change listener is connected and listening now.
    pub fn is_listening(&self) -> bool {
        self.inner.listening.load(Ordering::SeqCst)
    }

    /// Counts and size, after moka's pending housekeeping (evictions included).
    pub fn stats(&self) -> CacheStats {
        let inner = &self.inner;
        inner.answers.run_pending_tasks();
        let c = &inner.counters;
        CacheStats {
            hits: c.hits.load(Ordering::Relaxed),
            misses: c.misses.load(Ordering::Relaxed),
            evictions: c.evictions.load(Ordering::Relaxed),
            invalidations: c.invalidations.load(Ordering::Relaxed),
            reconnects: c.reconnects.load(Ordering::Relaxed),
            entries: inner.answers.entry_count(),
            bytes: inner.answers.weighted_size(),
        }
    }

    /// Drops every answer of site `site` (and its slug), including any being rendered now.
    pub fn invalidate(&self, site: Uuid) {
        self.inner.invalidate(site);
    }

    /// Drops everything.
    pub fn clear(&self) {
        self.inner.clear();
    }

    /// The site id of `slug`, from memory when known (None: no such live site).
    async fn site(&self, slug: &str) -> Result<Option<Uuid>, sqlx::Error> {
        let inner = &self.inner;
        if let Some(entry) = inner.sites.get(slug)
            && inner.fresh(entry.id, entry.stamp)
        {
            return Ok(Some(entry.id));
        }
        let stamp = inner.now();
        let site = vitrine_common::sites::find_by_slug(&inner.pool, slug).await?;
        // No negative entries: a site created with this slug must show at once.
        if let Some(site) = &site {
            inner.sites.insert(slug.into(), Arc::new(SiteEntry { id: site.id, stamp }));
        }
        Ok(site.map(|site| site.id))
    }

    /// What a page of site `site` shows of the visitor sending `headers`.
    async fn persona(&self, site: Uuid, headers: &HeaderMap) -> Result<Persona, sqlx::Error> {
        let cart = vitrine_storefront::read_cookie(headers, vitrine_storefront::CART_COOKIE);
        let signed_in = vitrine_storefront::read_cookie(headers, vitrine_storefront::SHOPPER_COOKIE).is_some();
        if cart.is_none() && !signed_in {
            return Ok(Persona::Anyone);
        }
        let cart_items = match cart {
            Some(token) => crate::storefront::cart_items(&self.inner.pool, site, token).await?,
            None => 0,
        };
        Ok(Persona::Visitor { cart_items, signed_in })
    }

    /// Serves a cacheable request from memory, or renders it through `next` and keeps it.
    async fn serve(&self, route: Route, request: Request, next: Next) -> Response {
        let (mut parts, body) = request.into_parts();
        let Some(slug) = path_param(&mut parts, "site_slug").await else {
            return next.run(Request::from_parts(parts, body)).await;
        };
        // Outside the slug syntax no site exists, and the database refuses some bytes: the handler answers.
        if vitrine_common::slug::Slug::parse(&slug).is_err() {
            return next.run(Request::from_parts(parts, body)).await;
        }
        // An unknown site's 404, or a database error: the handler answers it as it always does.
        let Ok(Some(site)) = self.site(&slug).await else {
            return next.run(Request::from_parts(parts, body)).await;
        };
        let persona = match route {
            Route::Api => Persona::Anyone,
            Route::Page => match self.persona(site, &parts.headers).await {
                Ok(persona) => persona,
                Err(_) => return next.run(Request::from_parts(parts, body)).await,
            },
        };
        let target: Box<str> = parts.uri.path_and_query().map_or_else(|| parts.uri.path(), |pq| pq.as_str()).into();
        let key = Key { site, target, persona };
        let head = parts.method == Method::HEAD;
        let inner = &self.inner;
        if let Some(answer) = inner.answers.get(&key)
            && inner.fresh(site, answer.stamp)
        {
            inner.counters.hits.fetch_add(1, Ordering::Relaxed);
            metrics::counter!("vitrine_site_cache_hits_total").increment(1);
            return answer.respond(&parts.headers, head);
        }
        inner.counters.misses.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("vitrine_site_cache_misses_total").increment(1);
        if head {
            // Rendered by the GET handler, without its body: nothing to keep.
            return next.run(Request::from_parts(parts, body)).await;
        }
        let stamp = inner.now();
        // The handler renders the full answer; the condition is answered here.
        let conditional = parts.headers.remove(header::IF_NONE_MATCH);
        if let Persona::Visitor { cart_items, .. } = persona {
            parts.extensions.insert(CartItems(cart_items));
        }
        let response = next.run(Request::from_parts(parts, body)).await;
        let cacheable = response.status() == StatusCode::OK
            && !response.headers().contains_key(header::SET_COOKIE)
            && response.body().size_hint().upper().is_some_and(|n| n <= MAX_BODY as u64);
        if !cacheable {
            return response;
        }
        let (mut head_parts, body) = response.into_parts();
        let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
            tracing::error!("reading a storefront answer to cache it failed");
            return vitrine_common::ApiError::unavailable("The answer could not be read; retry shortly.")
                .into_response();
        };
        let headers = &mut head_parts.headers;
        headers.remove(header::CONTENT_LENGTH);
        let etag = match headers.get(header::ETAG) {
            Some(etag) => etag.clone(),
            None => {
                let etag = HeaderValue::from_str(&format!("\"{:016x}\"", crate::storefront::fnv1a(&body)))
                    .unwrap_or(HeaderValue::from_static("\"0\""));
                headers.insert(header::ETAG, etag.clone());
                etag
            }
        };
        let private = headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("private") || v.contains("no-store"));
        if !private && persona == Persona::Anyone {
            headers.insert(header::CACHE_CONTROL, inner.public_cache_control.clone());
        }
        let answer = Arc::new(Answer { stamp, headers: head_parts.headers, body, etag });
        inner.answers.insert(key, Arc::clone(&answer));
        #[allow(clippy::cast_precision_loss, reason = "a gauge: bytes well below 2^52")]
        metrics::gauge!("vitrine_site_cache_bytes").set(inner.answers.weighted_size() as f64);
        let mut request_headers = HeaderMap::new();
        if let Some(conditional) = conditional {
            request_headers.insert(header::IF_NONE_MATCH, conditional);
        }
        answer.respond(&request_headers, false)
    }
}

impl Inner {
    fn now(&self) -> u64 {
        self.clock.load(Ordering::SeqCst)
    }

    fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Whether an answer (or slug) of `site` whose rendering started at `stamp` may be served.
    fn fresh(&self, site: Uuid, stamp: u64) -> bool {
        if stamp < self.cleared_at.load(Ordering::SeqCst) {
            return false;
        }
        let stamps = self.site_stamps.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        stamps.get(&site).is_none_or(|&invalidated| stamp >= invalidated)
    }

    fn invalidate(&self, site: Uuid) {
        self.counters.invalidations.fetch_add(1, Ordering::Relaxed);
        metrics::counter!("vitrine_site_cache_invalidations_total").increment(1);
        let tick = self.tick();
        let mut stamps = self.site_stamps.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if stamps.len() >= MAX_SITE_STAMPS {
            drop(stamps);
            self.clear();
            return;
        }
        stamps.entry(site).and_modify(|t| *t = (*t).max(tick)).or_insert(tick);
    }

    fn clear(&self) {
        let tick = self.tick();
        self.cleared_at.store(tick, Ordering::SeqCst);
        // Every stamp is older than the clear now: forget them.
        self.site_stamps.write().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|_, &mut t| t > tick);
        self.answers.invalidate_all();
        self.sites.invalidate_all();
    }
}

impl Answer {
    /// This answer to a request with `request` headers: 304 when it names our ETag.
    fn respond(&self, request: &HeaderMap, head: bool) -> Response {
        let mut headers = self.headers.clone();
        if crate::storefront::matches_etag(request, self.etag.to_str().unwrap_or_default()) {
            headers.remove(header::CONTENT_TYPE);
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        let body = if head { Body::empty() } else { Body::from(self.body.clone()) };
        let mut response = (StatusCode::OK, headers, body).into_response();
        if head {
            let length = HeaderValue::from(self.body.len());
            response.headers_mut().insert(header::CONTENT_LENGTH, length);
        }
        response
    }
}

/// A path parameter of the matched route.
async fn path_param(parts: &mut Parts, name: &str) -> Option<String> {
    use axum::extract::FromRequestParts as _;
    let params = RawPathParams::from_request_parts(parts, &()).await.ok()?;
    params.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_owned())
}

/// Middleware (a route layer of the site app): serves the cached routes from
/// memory, and drops a site's answers once a merchant write to it succeeds.
pub async fn middleware(State(cache): State<StorefrontCache>, request: Request, next: Next) -> Response {
    let Some(template) = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned()) else {
        return next.run(request).await;
    };
    let method = request.method().clone();
    if merchant_route(&template) && !method.is_safe() {
        let (mut parts, body) = request.into_parts();
        let site = path_param(&mut parts, "site_id").await.and_then(|raw| Uuid::parse_str(&raw).ok());
        let response = next.run(Request::from_parts(parts, body)).await;
        // Committed before it answered: this instance's next read shows it,
        // without waiting for the NOTIFY (which other instances get).
        if let Some(site) = site
            && response.status().is_success()
        {
            cache.invalidate(site);
        }
        return response;
    }
    match cached_route(&template) {
        Some(route) if cache.inner.enabled && (method == Method::GET || method == Method::HEAD) => {
            cache.serve(route, request, next).await
        }
        _ => next.run(request).await,
    }
}

/// The listener task: drops a site's answers when its NOTIFY arrives, and
/// everything whenever notifications may have been lost. Ends with the cache.
async fn listen(cache: Weak<Inner>, pool: PgPool, mut stop: tokio::sync::oneshot::Receiver<()>) {
    let mut delay = Duration::from_millis(50);
    let mut first = true;
    loop {
        let connected = tokio::select! {
            _ = &mut stop => return,
            connected = connect(&pool) => connected,
        };
        let mut listener = match connected {
            Ok(listener) => listener,
            Err(sqlx::Error::PoolClosed) => return,
            Err(err) => {
                tracing::warn!(error = %err, "the storefront cache cannot listen for catalog changes; retrying");
                tokio::select! {
                    _ = &mut stop => return,
                    () = tokio::time::sleep(delay) => {}
                }
                delay = (delay * 2).min(MAX_RECONNECT_DELAY);
                continue;
            }
        };
        delay = Duration::from_millis(50);
        {
            let Some(inner) = cache.upgrade() else { return };
            // Whatever was written before we listened was never heard.
            inner.clear();
            inner.listening.store(true, Ordering::SeqCst);
            metrics::gauge!("vitrine_site_cache_listening").set(1.0);
            if !first {
                inner.counters.reconnects.fetch_add(1, Ordering::Relaxed);
                metrics::counter!("vitrine_site_cache_reconnects_total").increment(1);
                tracing::info!("the storefront cache listens for catalog changes again");
            }
        }
        first = false;
        loop {
            let received = tokio::select! {
                _ = &mut stop => return,
                received = listener.try_recv() => received,
            };
            let Some(inner) = cache.upgrade() else { return };
            match received {
                Ok(Some(notification)) => match Uuid::parse_str(notification.payload()) {
                    Ok(site) => inner.invalidate(site),
                    Err(_) => {
                        tracing::warn!(payload = notification.payload(), "unexpected catalog notification");
                        inner.clear();
                    }
                },
                Ok(None) | Err(_) => {
                    // Lost: notifications sent meanwhile are gone. Serve
                    // nothing older than now; the TTL bounds what is cached
                    // until we listen again (and drop everything once more).
                    inner.listening.store(false, Ordering::SeqCst);
                    metrics::gauge!("vitrine_site_cache_listening").set(0.0);
                    inner.clear();
                    tracing::warn!("the storefront cache lost its catalog change feed; reconnecting");
                    break;
                }
            }
        }
    }
}

async fn connect(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    // A lost connection is reported (Ok(None)) at once, not silently re-made:
    // the cache must know notifications were lost.
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_public_catalog_reads_are_cached() {
        assert_eq!(cached_route("/api/site/public/{site_slug}/products"), Some(Route::Api));
        assert_eq!(cached_route("/site/{site_slug}/products/{product_slug}"), Some(Route::Page));
        assert_eq!(cached_route("/api/site/sites/{site_id}/products"), None);
        assert_eq!(cached_route("/site/{site_slug}/cart"), None);
        assert!(merchant_route("/api/site/sites/{site_id}/products/{id}"));
        assert!(!merchant_route("/api/site/public/{site_slug}/products"));
    }
}
