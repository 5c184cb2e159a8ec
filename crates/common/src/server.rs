//! The HTTP stack every service runs behind, and server start/stop.
//!
//! [`stack`] wraps a service's routes with: request ids, access logs, metrics,
//! a per-request time limit, a body size limit, panic recovery, and
//! problem+json answers for unknown routes and wrong methods. [`serve`] runs
//! it until SIGTERM/Ctrl-C, then stops accepting, lets in-flight requests
//! finish for the drain time, and returns.

use std::any::Any;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::ApiError;
use crate::telemetry::{REQUEST_ID, track_metrics};

/// The largest request body any route accepts (1 MiB; catalog writes are small).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// Wraps `routes` with the shared middleware. Call once, on the whole app.
pub fn stack(routes: Router, request_timeout: Duration) -> Router {
    routes
        .route_layer(middleware::from_fn(track_metrics))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(move |request: Request, next: Next| time_limit(request, next, request_timeout)))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(limit_uri_length))
        .layer(CatchPanicLayer::custom(panic_answer))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let request_id = request.headers().get(&REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(tower_http::LatencyUnit::Micros)),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
}

async fn not_found() -> ApiError {
    ApiError::status(StatusCode::NOT_FOUND).detail("There is nothing at this path.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::status(StatusCode::METHOD_NOT_ALLOWED).detail("This path does not accept this method.")
}

async fn time_limit(request: Request, next: Next, limit: Duration) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(?limit, "request timed out");
            ApiError::unavailable("The request took too long; retry shortly.").into_response()
        }
    }
}

/// The longest request target (path and query) accepted.
pub const MAX_URI_LEN: usize = 8 * 1024;

/// Refuses absurdly long paths and query strings before any routing or parsing.
async fn limit_uri_length(request: Request, next: Next) -> Response {
    let length = request.uri().path_and_query().map_or(0, |target| target.as_str().len());
    if length > MAX_URI_LEN {
        return ApiError::new(StatusCode::URI_TOO_LONG, "uri-too-long", "URI too long")
            .detail(format!("Request targets are limited to {MAX_URI_LEN} bytes."))
            .into_response();
    }
    next.run(request).await
}

/// Headers a browser should get from every answer, whatever sits in front.
async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    headers.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    response
}

#[allow(clippy::needless_pass_by_value)] // the signature CatchPanicLayer requires
fn panic_answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "handler panicked");
    ApiError::internal().into_response()
}

/// Binds `addr`, naming BIND_ADDR if that fails.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|err| anyhow::anyhow!("BIND_ADDR: cannot listen on {addr}: {err}"))
}

/// How the server treats connections.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// After shutdown starts, how long in-flight requests get to finish.
    pub drain: Duration,
    /// How long a client may take to send a request's headers: a slow or
    /// stalled client cannot hold a connection (and its memory) forever.
    pub header_read_timeout: Duration,
}

impl ServeOptions {
    /// The defaults, with `drain` as the drain time.
    pub fn with_drain(drain: Duration) -> Self {
        Self { drain, header_read_timeout: Duration::from_secs(10) }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves (use [`shutdown_signal`]),
/// then drains in-flight requests for at most `drain`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    drain: Duration,
) -> anyhow::Result<()> {
    serve_with(listener, app, shutdown, ServeOptions::with_drain(drain)).await
}

/// [`serve`] with explicit options.
///
/// This is hyper's own accept loop rather than `axum::serve`, which sets no
/// header-read timeout (a client sending one byte a minute would keep its
/// connection forever). On shutdown the listener is closed at once (new
/// connections are refused), keep-alive connections are closed after their
/// current request, and in-flight requests finish within the drain time.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    options: ServeOptions,
) -> anyhow::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt as _;

    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(options.header_read_timeout).keep_alive(true);
    let graceful = GracefulShutdown::new();
    let serve_connection = |stream: tokio::net::TcpStream| {
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(
            app.clone()
                .map_request(|request: axum::http::Request<hyper::body::Incoming>| request.map(axum::body::Body::new)),
        );
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        });
    };
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => serve_connection(stream),
                Err(err) => {
                    // Out of file descriptors and the like: back off instead of spinning.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    // Connections whose handshake the kernel already completed wait in the
    // backlog; closing the listener would reset them. Serve those first, for a
    // bounded time: clients that keep connecting cannot hold shutdown open
    // (in a deployment, the preStop pause has already stopped new traffic).
    let backlog_deadline = tokio::time::Instant::now() + Duration::from_millis(250);
    while tokio::time::Instant::now() < backlog_deadline {
        match tokio::time::timeout(Duration::from_millis(5), listener.accept()).await {
            Ok(Ok((stream, _peer))) => serve_connection(stream),
            _ => break,
        }
    }
    drop(listener);
    tracing::info!(drain_secs = options.drain.as_secs(), "shutting down: no new connections, draining");
    // A connection accepted a moment ago may hold a request hyper has not read
    // yet; closing it as "idle" now would drop that request. Let those be read
    // (and answered) first; new connections are already refused.
    tokio::time::sleep(Duration::from_millis(100).min(options.drain)).await;
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("drained"),
        () = tokio::time::sleep(options.drain) => tracing::warn!("drain time over; closing the remaining connections"),
    }
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGTERM (Kubernetes, docker stop) or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// The `healthcheck` sub-command of every binary: `GET /healthz` on the
/// local port, exit 0 if it answers 200. Container images without a shell
/// (and so without curl) use it as their `HEALTHCHECK`.
pub fn probe(addr: SocketAddr) -> std::process::ExitCode {
    use std::io::{Read as _, Write as _};
    let target = if addr.ip().is_unspecified() { SocketAddr::from(([127, 0, 0, 1], addr.port())) } else { addr };
    let timeout = Duration::from_secs(3);
    let result = (|| -> std::io::Result<bool> {
        let mut stream = std::net::TcpStream::connect_timeout(&target, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        stream.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head)?;
        Ok(head.starts_with(b"HTTP/1.") && &head[9..12] == b"200")
    })();
    match result {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("unhealthy: /healthz did not answer 200");
            std::process::ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("unhealthy: {target}: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
