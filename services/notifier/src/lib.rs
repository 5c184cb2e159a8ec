//! The notifier service: order events to the console and to merchants' webhooks.
//!
//! It owns the `notifier` schema. It follows checkout's transactional outbox
//! through the published view `checkout.event_feed` (decision 13: no broker),
//! writes one log line per event, and delivers each event to every enabled
//! webhook of the event's site that subscribed to its type: POSTed with the
//! Standard Webhooks headers and signature, retried on a schedule, at least
//! once, never lost. Merchants manage their sites' webhooks through the API
//! (sites come from the builder's `builder.site_directory`). The worker runs
//! inside the service's process; replicas share the work through the database.

use axum::Router;
use axum::extract::FromRef;
use sqlx::PgPool;
use sqlx::migrate::Migrator;
use utoipa_axum::router::OpenApiRouter;
use vitrine_common::auth::TokenVerifier;
use vitrine_common::db::ServiceDb;
use vitrine_common::openapi::ApiInfo;

pub mod config;
pub mod delivery;
pub mod domain;
mod error;
pub mod feed;
pub mod guard;
pub mod webhooks;
pub mod worker;

pub use config::{Config, DeliveryConfig, RetrySchedule};
pub use error::Error;
pub use worker::{Wake, Worker};

/// The notifier service's migrations (`migrations/notifier/`).
pub static MIGRATOR: Migrator = sqlx::migrate!("../../migrations/notifier");

/// The notifier service's schema and role.
pub const DB: ServiceDb = ServiceDb::new("notifier", "vitrine_notifier");

/// Everything a notifier handler needs.
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    /// The pool, acting as the notifier's role.
    pub pool: PgPool,
    /// Checks merchants' tokens.
    pub verifier: TokenVerifier,
    /// Which webhook URLs are allowed.
    pub guard: guard::Guard,
    /// Wakes this process's delivery loop (a test ping, a manual retry).
    pub wake: Wake,
}

/// The head of the notifier service's OpenAPI document.
pub const API: ApiInfo = ApiInfo {
    service: "notifier",
    title: "Vitrine notifier API",
    description: "A site's webhooks: endpoints that receive its order events, signed as Standard Webhooks \
                  (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of \
                  \"{id}.{timestamp}.{body}\">`), and the deliveries made to them.",
    tags: &[("webhooks", "A site's webhook endpoints and their deliveries")],
};

fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().merge(webhooks::routes())
}

/// The notifier app: its routes, its Swagger page, its state.
pub fn app(state: AppState) -> Router {
    API.app(routes(), state)
}

/// The notifier service's OpenAPI document.
pub fn openapi() -> utoipa::openapi::OpenApi {
    API.openapi(routes())
}

/// The app and its running worker (tests start several and stop them).
pub fn start(config: &Config, pool: PgPool) -> anyhow::Result<(Router, Worker)> {
    let delivery = &config.delivery;
    let state = AppState {
        verifier: config.tokens.verifier()?,
        guard: guard::Guard {
            allow_insecure: delivery.allow_insecure_urls,
            allow_private: delivery.allow_private_targets,
        },
        wake: Wake::default(),
        pool,
    };
    let worker = Worker::start(&state.pool, delivery, &state.wake)?;
    vitrine_common::sweep::spawn_sweeper(
        "notifier",
        vitrine_common::sweep::DEFAULT_INTERVAL,
        state.pool.clone(),
        |pool| async move { webhooks::sweep(&pool).await },
    );
    if delivery.allow_insecure_urls || delivery.allow_private_targets {
        tracing::warn!(
            insecure = delivery.allow_insecure_urls,
            private = delivery.allow_private_targets,
            "webhook URL checks relaxed (NOTIFIER_ALLOW_*): for development and tests only"
        );
    }
    Ok((app(state), worker))
}

/// The notifier service as its binary runs it.
#[derive(Debug)]
pub struct Notifier;

impl vitrine_common::service::Service for Notifier {
    const NAME: &'static str = "notifier";
    const DB: ServiceDb = DB;
    type Config = Config;

    fn migrator() -> &'static Migrator {
        &MIGRATOR
    }

    fn app(config: &Config, pool: PgPool) -> anyhow::Result<Router> {
        let (app, worker) = start(config, pool)?;
        worker.detach();
        Ok(app)
    }
}
