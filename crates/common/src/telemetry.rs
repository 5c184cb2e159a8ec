//! Logs and metrics.
//!
//! Logs are JSON lines (or pretty for people) carrying the request id: kept
//! from the caller's `x-request-id` or made here, and echoed back. Metrics are
//! Prometheus: request counts and latency histograms by route and status.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, Method};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::config::LogConfig;

/// The request id header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Installs the log subscriber for the process.
///
/// A `RUST_LOG` of targets and levels only (`info`, `sqlx=warn,info`: every
/// deployment's) is applied as a static [`Targets`] filter; one with span or
/// field directives (`[...]`, `{...}`) needs an [`EnvFilter`], which also
/// looks up every span on each enter and exit of it: a request's span is
/// entered at every poll of its future, which cost ~5% of the site service's
/// CPU on an uncached listing.
pub fn init_logs(config: &LogConfig) -> anyhow::Result<()> {
    let invalid = |err: &dyn std::fmt::Display| anyhow::anyhow!("RUST_LOG: not a valid log filter: {err}");
    if config.log_filter.contains(['[', '{']) {
        let filter = EnvFilter::try_new(&config.log_filter).map_err(|err| invalid(&err))?;
        install(filter, &config.log_format)
    } else {
        let filter: Targets = config.log_filter.parse().map_err(|err| invalid(&err))?;
        install(filter, &config.log_format)
    }
}

fn install<F>(filter: F, format: &str) -> anyhow::Result<()>
where
    F: tracing_subscriber::Layer<tracing_subscriber::Registry> + Send + Sync + 'static,
{
    let registry = tracing_subscriber::registry().with(filter);
    let result = if format == "pretty" {
        registry.with(tracing_subscriber::fmt::layer()).try_init()
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()
    };
    result.map_err(|err| anyhow::anyhow!("installing the log subscriber: {err}"))
}

/// The process's Prometheus recorder. Metrics are process-wide by nature
/// (a recorder is global), so it is installed once, on first use.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".to_owned()),
                    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
                )
                // Commit → delivery: milliseconds when receivers answer, hours while they retry.
                .and_then(|builder| {
                    builder.set_buckets_for_metric(
                        Matcher::Full("vitrine_webhook_delivery_delay_seconds".to_owned()),
                        &[
                            0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 30.0, 120.0, 600.0, 3600.0, 21_600.0,
                            86_400.0,
                        ],
                    )
                })
                .map(PrometheusBuilder::build_recorder);
            match recorder {
                Ok(recorder) => {
                    let handle = recorder.handle();
                    // Fails only if another recorder is installed; then ours just stays empty.
                    let _ = metrics::set_global_recorder(recorder);
                    handle
                }
                Err(err) => {
                    tracing::error!(error = %err, "cannot build the metrics recorder");
                    PrometheusBuilder::new().build_recorder().handle()
                }
            }
        })
        .clone()
}

/// The `method` label of a request: one of the methods an API uses, or
/// `other`. Never the raw method: HTTP allows any token there, and every new
/// label value is a new series kept for the life of the process, so a client
/// inventing methods would grow memory (and `/metrics`) without bound.
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Middleware: counts requests and records their latency by route template
/// (`/api/site/sites/{site_id}/products`, never raw paths) and by
/// [`method_label`], so the number of series stays bounded whatever clients send.
pub async fn track_metrics(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(request.method());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method.to_owned()), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(start.elapsed().as_secs_f64());
    response
}
