//! SIGTERM while a steady load runs, against the real all-in-one binary:
//! in-flight requests complete, no client sees a reset or a truncated answer,
//! and the process exits within its drain time.
//!
//! As in a deployment, where the ingress stops routing to a pod (its preStop
//! pause) as it is told to stop, clients open no new connection once SIGTERM
//! is sent; every request in flight at that moment must be answered in full.

#![allow(clippy::unwrap_used)] // test support: a failed unwrap is a failed test

use std::io::{ErrorKind, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// One request on its own connection. `Ok(None)`: refused (the server stopped listening).
fn request(addr: SocketAddr, path: &str) -> std::io::Result<Option<String>> {
    let mut stream = match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
        Ok(stream) => stream,
        Err(err) if err.kind() == ErrorKind::ConnectionRefused => return Ok(None),
        Err(err) => return Err(err),
    };
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes())?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(Some(answer))
}

/// A complete answer: status line, headers, and exactly Content-Length bytes of body.
fn is_complete(answer: &str) -> bool {
    let Some((head, body)) = answer.split_once("\r\n\r\n") else { return false };
    let length = head
        .lines()
        .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        .and_then(|v| v.parse::<usize>().ok());
    head.starts_with("HTTP/1.1 ") && length == Some(body.len())
}

#[test]
fn sigterm_under_load_drains_in_flight_requests_and_exits_in_time() {
    let data = std::env::temp_dir().join(format!("vitrine-shutdown-{}", std::process::id()));
    let port = free_port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .env_remove("DATABASE_URL")
        .env("BIND_ADDR", addr.to_string())
        .env("VITRINE_DATA_DIR", &data)
        .env("SHUTDOWN_TIMEOUT_SECS", "5")
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "warn")
        // No dashboard build (npm) in the background of a timing test.
        .env("VITRINE_WEB_BUILD", "never")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting vitrine");
    let started = Instant::now();
    while !request(addr, "/readyz").ok().flatten().is_some_and(|a| a.starts_with("HTTP/1.1 200")) {
        assert!(started.elapsed() < Duration::from_secs(60), "vitrine did not become ready");
        std::thread::sleep(Duration::from_millis(50));
    }

    let stop = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (stop, answered) = (Arc::clone(&stop), Arc::clone(&answered));
            std::thread::spawn(move || -> Result<(), String> {
                while !stop.load(Ordering::Relaxed) {
                    match request(addr, "/api/builder/public/sites/no-such-site") {
                        Ok(Some(answer)) if is_complete(&answer) && answer.starts_with("HTTP/1.1 404") => {
                            answered.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(Some(answer)) => return Err(format!("incomplete or wrong answer: {answer:?}")),
                        Ok(None) => return Ok(()), // refused: the server has stopped listening
                        Err(err) => return Err(format!("client saw {err}")),
                    }
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let before = answered.load(Ordering::Relaxed);

    stop.store(true, Ordering::Relaxed);
    let terminated = Instant::now();
    assert!(Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap().success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(terminated.elapsed() < Duration::from_secs(15), "vitrine did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    let exit_time = terminated.elapsed();
    for client in clients {
        client.join().unwrap().unwrap();
    }
    let _ = std::fs::remove_dir_all(&data);

    assert!(status.success(), "exit status {status}");
    assert!(before > 20, "the load was not steady: {before} answers");
    assert!(exit_time < Duration::from_secs(6), "exited after {exit_time:?}, drain time is 5 s");
}
