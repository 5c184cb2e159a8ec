//! Background work that finishes what it started when the process stops.
//!
//! The HTTP server drains its requests on SIGTERM (see [`crate::server`]);
//! background workers register here what they must finish the same way (the
//! notifier's webhook attempts in flight, above all: abandoning one makes its
//! receiver get it twice, once now and once when its lease ends). After the
//! server has stopped, the binary calls [`drain`], which runs every registered
//! future, all within the same shutdown timeout.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::Duration;

type Hook = Pin<Box<dyn Future<Output = ()> + Send>>;

static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

/// Registers `work` to run (and be awaited) when the process stops.
pub fn on_shutdown(work: impl Future<Output = ()> + Send + 'static) {
    HOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(Box::pin(work));
}

/// Runs every registered future concurrently, for at most `timeout`; returns
/// whether all of them finished in time.
pub async fn drain(timeout: Duration) -> bool {
    let hooks = std::mem::take(&mut *HOOKS.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    if hooks.is_empty() {
        return true;
    }
    tracing::info!(tasks = hooks.len(), "finishing background work");
    let mut set = tokio::task::JoinSet::new();
    for hook in hooks {
        set.spawn(hook);
    }
    let all = async { while set.join_next().await.is_some() {} };
    if tokio::time::timeout(timeout, all).await.is_ok() {
        tracing::info!("background work finished");
        true
    } else {
        tracing::warn!(?timeout, "background work still running at the shutdown timeout; stopping anyway");
        false
    }
}
