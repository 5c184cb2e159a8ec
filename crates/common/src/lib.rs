//! What every Vitrine service shares, and nothing more.
//!
//! - [`error`]: the problem+json error answer and its helpers (DB errors, constraints);
//! - [`extract`]: `Json`, `Path` and `Query` extractors whose rejections are problems;
//! - [`validate`]: collecting field errors into one 422;
//! - [`auth`]: bearer-token verification and the `AuthUser` extractor;
//! - [`shopper`]: shopper tokens (the customer service's) and the `Shopper` extractors;
//! - [`sites`]: site scoping through `builder.site_directory` (`OwnedSite`, `PublicSite`);
//! - [`pagination`]: `?limit=&cursor=` and opaque keyset cursors;
//! - [`resource`]: the shape site-scoped CRUD services share (state, 404s, 201s, constraints);
//! - [`slug`], [`money`]: domain newtypes several services use;
//! - [`config`]: the environment settings every service has;
//! - [`db`]: connecting a service to its own schema with its own role;
//! - [`telemetry`], [`health`], [`openapi`], [`server`]: logs, metrics, probes,
//!   Swagger, and the HTTP stack with graceful shutdown.
//!
//! Every binary that links this crate (each service, the all-in-one, the
//! tests) allocates with mimalloc: ADR 0033.

/// The memory allocator of every Vitrine process (ADR 0033): glibc's malloc
/// took a quarter of the site service's CPU on an uncached listing.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod extract;
pub mod health;
pub mod money;
pub mod openapi;
pub mod pagination;
pub mod resource;
pub mod server;
pub mod service;
pub mod shopper;
pub mod shutdown;
pub mod sites;
pub mod slug;
pub mod sweep;
pub mod telemetry;
pub mod validate;

pub use error::ApiError;
pub use extract::{Json, Path, Query};
