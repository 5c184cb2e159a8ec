//! The notifier service's own settings (beyond the shared HTTP, database and log ones).

use std::time::Duration;

use vitrine_common::config::TokenConfig;

/// Notifier settings, from the environment.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    #[command(flatten)]
    pub tokens: TokenConfig,
    #[command(flatten)]
    pub delivery: DeliveryConfig,
}

/// How events are delivered: the worker's settings (the all-in-one binary reads them too).
#[derive(Debug, Clone, clap::Args)]
pub struct DeliveryConfig {
    /// Delays before each retry of a failed delivery, comma-separated (`500ms`, `5s`, `2m`, `1h`);
    /// after the last one fails the delivery is `failed`.
    #[arg(long, env = "NOTIFIER_RETRY_SCHEDULE", default_value = "5s,30s,2m,10m,1h,6h,12h", value_parser = parse_schedule)]
    pub retry_schedule: RetrySchedule,
    /// Allow `http://` webhook URLs (development and tests only).
    #[arg(long, env = "NOTIFIER_ALLOW_INSECURE_URLS", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_insecure_urls: bool,
    /// Allow webhooks to loopback, private and link-local addresses (development and tests only).
    #[arg(long, env = "NOTIFIER_ALLOW_PRIVATE_TARGETS", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_private_targets: bool,
    /// How often the worker looks at the event feed and due deliveries without being woken (ms).
    #[arg(long, env = "NOTIFIER_POLL_INTERVAL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(10..=60_000))]
    pub poll_interval_ms: u64,
    /// How long a receiver has to answer, in seconds.
    #[arg(long, env = "NOTIFIER_DELIVERY_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=60))]
    pub delivery_timeout_secs: u64,
    /// Deliveries in flight at once, per process.
    #[arg(long, env = "NOTIFIER_CONCURRENCY", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

impl Default for DeliveryConfig {
    /// The defaults of the environment settings (what `cargo run` uses when none is set).
    fn default() -> Self {
        Self {
            retry_schedule: RetrySchedule::default(),
            allow_insecure_urls: false,
            allow_private_targets: false,
            poll_interval_ms: 1000,
            delivery_timeout_secs: 10,
            concurrency: 8,
        }
    }
}

impl DeliveryConfig {
    /// The polling interval.
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    /// The receivers' time limit.
    pub fn delivery_timeout(&self) -> Duration {
        Duration::from_secs(self.delivery_timeout_secs)
    }
}

/// The delays between attempts: attempt 1 at once, attempt `n + 1` after `delays[n - 1]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrySchedule(Vec<Duration>);

impl Default for RetrySchedule {
    fn default() -> Self {
        parse_schedule("5s,30s,2m,10m,1h,6h,12h").expect("the default schedule parses")
    }
}

impl RetrySchedule {
    /// A schedule of these delays.
    pub fn new(delays: Vec<Duration>) -> Self {
        Self(delays)
    }

    /// How many attempts a delivery gets in all.
    pub fn max_attempts(&self) -> usize {
        self.0.len() + 1
    }

    /// The delay before the next attempt after `attempts` failed ones, or
    /// `None` when that was the last.
    pub fn after(&self, attempts: usize) -> Option<Duration> {
        attempts.checked_sub(1).and_then(|index| self.0.get(index)).copied()
    }
}

/// Parses `5s,30s,2m` (units `ms`, `s`, `m`, `h`, `d`; at most 20 steps of at most 7 days).
pub fn parse_schedule(text: &str) -> Result<RetrySchedule, String> {
    let mut delays = Vec::new();
    for step in text.split(',').map(str::trim) {
        if step.is_empty() {
            return Err("a step is empty: write delays like 5s,30s,2m".to_owned());
        }
        let split = step.find(|c: char| !c.is_ascii_digit()).unwrap_or(step.len());
        let (number, unit) = step.split_at(split);
        let value: u64 = number.parse().map_err(|_| format!("`{step}`: expected a number then a unit"))?;
        let millis = match unit {
            "ms" => Some(value),
            "s" => value.checked_mul(1_000),
            "m" => value.checked_mul(60_000),
            "h" => value.checked_mul(3_600_000),
            "d" => value.checked_mul(86_400_000),
            _ => return Err(format!("`{step}`: the unit must be ms, s, m, h or d")),
        };
        let delay = millis.map(Duration::from_millis).filter(|d| *d <= Duration::from_secs(7 * 86_400));
        delays.push(delay.ok_or_else(|| format!("`{step}`: at most 7 days"))?);
    }
    if delays.len() > 20 {
        return Err("at most 20 retries".to_owned());
    }
    Ok(RetrySchedule(delays))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_gives_eight_attempts() {
        let schedule = RetrySchedule::default();
        assert_eq!(schedule.max_attempts(), 8);
        assert_eq!(schedule.after(1), Some(Duration::from_secs(5)));
        assert_eq!(schedule.after(2), Some(Duration::from_secs(30)));
        assert_eq!(schedule.after(7), Some(Duration::from_secs(12 * 3600)));
        assert_eq!(schedule.after(8), None);
    }

    #[test]
    fn schedules_read_every_unit_and_refuse_nonsense() {
        let schedule = parse_schedule("250ms, 2s,1m,1h,1d").unwrap();
        assert_eq!(
            schedule,
            RetrySchedule::new(vec![
                Duration::from_millis(250),
                Duration::from_secs(2),
                Duration::from_secs(60),
                Duration::from_secs(3600),
                Duration::from_secs(86_400)
            ])
        );
        for bad in ["", "5", "5x", "s", "5s,,5s", "8d", "-1s", "99999999999999999999s"] {
            assert!(parse_schedule(bad).is_err(), "{bad}");
        }
    }
}
