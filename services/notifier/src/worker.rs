//! The worker inside the notifier's process (and inside the all-in-one
//! binary): the feed follower and the delivery loop, as two tasks.

use std::sync::Arc;
use std::time::Duration;

use sqlx::PgPool;
use time::OffsetDateTime;
use tokio::sync::{Notify, Semaphore, watch};
use tokio::task::{JoinHandle, JoinSet};

use crate::config::DeliveryConfig;
use crate::delivery::Sender;

/// Wakes the delivery loop: new deliveries exist, or a slot came free.
#[derive(Debug, Clone, Default)]
pub struct Wake(Arc<Notify>);

impl Wake {
    /// Wakes the loop now (or as soon as it next waits).
    pub fn notify(&self) {
        self.0.notify_one();
    }

    async fn notified(&self) {
        self.0.notified().await;
    }
}

/// The running worker. Dropping it stops it (tests run several and stop
/// them); a service [`detach`](Self::detach)es it for the process's life,
/// and it [`drain`](Self::drain)s when the process stops.
#[derive(Debug)]
pub struct Worker {
    tasks: Vec<JoinHandle<()>>,
    stopping: watch::Sender<bool>,
}

impl Worker {
    /// Starts following the feed and delivering, on the current runtime.
    /// Outside a runtime (an OpenAPI dump) there is nothing to run and nothing starts.
    pub fn start(pool: &PgPool, config: &DeliveryConfig, wake: &Wake) -> anyhow::Result<Self> {
        let sender = Sender::new(pool.clone(), config)?;
        let (stopping, stop) = watch::channel(false);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return Ok(Self { tasks: Vec::new(), stopping });
        };
        let follower = runtime.spawn(crate::feed::follow(pool.clone(), config.poll_interval(), wake.clone()));
        let deliverer =
            runtime.spawn(deliver(sender, usize::from(config.concurrency), config.poll_interval(), wake.clone(), stop));
        Ok(Self { tasks: vec![follower, deliverer], stopping })
    }

    /// Lets the worker run for as long as the process does; when it stops
    /// (SIGTERM), the worker [`drain`](Self::drain)s within the shutdown timeout.
    pub fn detach(self) {
        vitrine_common::shutdown::on_shutdown(self.drain());
    }

    /// Stops as a rolling deploy wants: no new events are read and no new
    /// attempt starts, but the attempts in flight finish and record their
    /// outcome, so no receiver gets a delivery again because its lease ran out.
    pub async fn drain(mut self) {
        let _ = self.stopping.send(true);
        let mut tasks = std::mem::take(&mut self.tasks).into_iter();
        if let Some(follower) = tasks.next() {
            // A round of the follower is one transaction: stopping it anywhere loses nothing.
            follower.abort();
            let _ = follower.await;
        }
        for task in tasks {
            let _ = task.await;
        }
    }

    /// Stops the worker as a killed process would: attempts in flight are
    /// abandoned (their leases end, and another worker retries them).
    pub async fn stop(mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
            let _ = task.await;
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Claims due deliveries while slots are free, each attempt in its own task.
async fn deliver(sender: Sender, concurrency: usize, poll: Duration, wake: Wake, mut stop: watch::Receiver<bool>) {
    let slots = Arc::new(Semaphore::new(concurrency));
    // Attempts in flight belong to this task: when it is stopped they stop
    // too, as in a killed process (their leases end; another worker retries).
    let mut attempts = JoinSet::new();
    let mut failures: u32 = 0;
    loop {
        while attempts.try_join_next().is_some() {}
        if *stop.borrow() {
            break;
        }
        let free = slots.available_permits();
        if free > 0 {
            match sender.claim(free).await {
                Ok(claimed) => {
                    failures = 0;
                    for delivery in claimed {
                        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return };
                        let sender = sender.clone();
                        let wake = wake.clone();
                        attempts.spawn(async move {
                            sender.attempt(delivery).await;
                            drop(slot);
                            wake.notify();
                        });
                    }
                }
                Err(err) => {
                    failures = failures.saturating_add(1);
                    if failures == 1 {
                        tracing::warn!(error = %err, "claiming deliveries failed; retrying");
                    }
                }
            }
        }
        let wait = match sender.backlog().await {
            Ok((pending, next)) => {
                #[allow(clippy::cast_precision_loss)] // a count of rows, far below 2^52
                metrics::gauge!("vitrine_webhook_deliveries_pending").set(pending as f64);
                next.map_or(poll, |next| until(next).min(poll))
            }
            Err(_) => poll,
        };
        tokio::select! {
            () = wake.notified() => {}
            () = tokio::time::sleep(wait.max(Duration::from_millis(5))) => {}
            _ = stop.changed() => {}
        }
    }
    // Draining: the attempts already started run to their end (each is bounded
    // by the delivery timeout) and record their outcome.
    let in_flight = attempts.len();
    if in_flight > 0 {
        tracing::info!(in_flight, "finishing webhook attempts before stopping");
    }
    while attempts.join_next().await.is_some() {}
}

/// The time from now until `at` (zero if past).
fn until(at: OffsetDateTime) -> Duration {
    Duration::try_from(at - OffsetDateTime::now_utc()).unwrap_or(Duration::ZERO)
}
