//! The shared HTTP stack on a real socket: graceful shutdown, slow clients,
//! oversized requests and panics.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use vitrine_common::server::{ServeOptions, serve_with, stack};

async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_millis(600)).await;
    "done"
}

async fn boom() -> &'static str {
    panic!("a bug")
}

fn app() -> Router {
    stack(Router::new().route("/slow", get(slow)).route("/boom", get(boom)), Duration::from_secs(30))
}

/// Starts the app on a loopback port; returns its address, the trigger that
/// starts shutdown, and the server task.
async fn start(
    options: ServeOptions,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_with(
        listener,
        app(),
        async move {
            let _ = stopped.await;
        },
        options,
    ));
    (addr, stop, server)
}

/// One HTTP/1.1 request on its own connection; the whole answer as text.
async fn request(addr: SocketAddr, target: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(format!("GET {target} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes()).await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn shutdown_lets_in_flight_requests_finish_and_refuses_new_ones() {
    let (addr, stop, server) = start(ServeOptions::with_drain(Duration::from_secs(5))).await;
    let in_flight: Vec<_> = (0..10).map(|_| tokio::spawn(request(addr, "/slow"))).collect();
    tokio::time::sleep(Duration::from_millis(150)).await;

    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let late = request(addr, "/slow").await;

    for answer in in_flight {
        let answer = answer.await.unwrap().expect("no reset for an in-flight request");
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("done"), "{answer}");
    }
    assert!(late.is_err() || late.as_deref().is_ok_and(str::is_empty), "a new connection after shutdown: {late:?}");
    server.await.unwrap().unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "drained in {:?}", started.elapsed());
}

#[tokio::test]
async fn the_drain_time_bounds_shutdown() {
    let options = ServeOptions { drain: Duration::from_millis(200), ..ServeOptions::with_drain(Duration::ZERO) };
    let (addr, stop, server) = start(options).await;
    let _stuck = tokio::spawn(request(addr, "/slow"));
    tokio::time::sleep(Duration::from_millis(100)).await;

    let started = Instant::now();
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();

    assert!(started.elapsed() < Duration::from_millis(550), "stopped in {:?}", started.elapsed());
}

#[tokio::test]
async fn a_client_too_slow_to_send_its_headers_is_disconnected() {
    let options =
        ServeOptions { header_read_timeout: Duration::from_millis(300), ..ServeOptions::with_drain(Duration::ZERO) };
    let (addr, _stop, _server) = start(options).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /slow HTTP/1.1\r\nHost: te").await.unwrap();

    let mut buffer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buffer)).await;

    assert!(closed.is_ok(), "the server kept a stalled connection open");
}

#[tokio::test]
async fn overlong_request_targets_are_414_problems() {
    let (addr, _stop, _server) = start(ServeOptions::with_drain(Duration::ZERO)).await;

    let answer = request(addr, &format!("/slow?q={}", "a".repeat(9000))).await.unwrap();

    assert!(answer.starts_with("HTTP/1.1 414"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
}

#[tokio::test]
async fn a_panicking_handler_is_a_500_problem_that_says_nothing_internal() {
    let (addr, _stop, _server) = start(ServeOptions::with_drain(Duration::ZERO)).await;

    let answer = request(addr, "/boom").await.unwrap();

    assert!(answer.starts_with("HTTP/1.1 500"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(!answer.contains("a bug"), "{answer}");
    // The server survives its handler's panic.
    assert!(request(addr, "/slow").await.unwrap().starts_with("HTTP/1.1 200"));
}
