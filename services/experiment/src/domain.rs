//! The experiment service's domain: parse, don't validate. (The draw of a
//! visitor's arm is one SQL function, `experiment.draw_arm`, shared with
//! checkout's `experiment.assign_visitor`.)

use std::collections::BTreeMap;

use time::OffsetDateTime;
use vitrine_models::experiment::ExperimentStatus;

/// An experiment's name: 1 to 100 characters after trimming.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// The trimmed name, if it has 1 to 100 characters.
    pub fn parse(value: &str) -> Result<Self, &'static str> {
        let trimmed = value.trim();
        match trimmed.chars().count() {
            0 => Err("must not be empty"),
            1..=100 => Ok(Self(trimmed.to_owned())),
            _ => Err("must be at most 100 characters"),
        }
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How traffic is split: at least two arms with names of 1 to 64
/// `A-Z a-z 0-9 _ -`, integer weights ≥ 0 that sum to 100.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficSplit(BTreeMap<String, i64>);

/// The most arms an experiment has: more would leave each too little traffic to mean anything.
const MAX_ARMS: usize = 20;

impl TrafficSplit {
    /// A valid split, or every reason it is not one.
    pub fn parse(arms: &BTreeMap<String, i64>) -> Result<Self, String> {
        if arms.len() < 2 {
            return Err("must have at least two arms".to_owned());
        }
        if arms.len() > MAX_ARMS {
            return Err(format!("must have at most {MAX_ARMS} arms"));
        }
        let mut problems = Vec::new();
        for (arm, weight) in arms {
            if !is_arm_name(arm) {
                problems.push(format!("arm name {arm:?} must be 1 to 64 of A-Z a-z 0-9 _ -"));
            }
            if *weight < 0 {
                problems.push(format!("the weight of {arm:?} must be ≥ 0"));
            }
        }
        let total = arms.values().fold(0_i64, |sum, weight| sum.saturating_add(*weight));
        if problems.is_empty() && total != 100 {
            problems.push(format!("weights must sum to 100 (they sum to {total})"));
        }
        if problems.is_empty() { Ok(Self(arms.clone())) } else { Err(problems.join("; ")) }
    }

    /// Arm → weight.
    pub fn arms(&self) -> &BTreeMap<String, i64> {
        &self.0
    }
}

fn is_arm_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A visitor's key: 1 to 128 characters.
pub fn parse_user_key(value: &str) -> Result<&str, &'static str> {
    if (1..=128).contains(&value.chars().count()) { Ok(value) } else { Err("must be 1 to 128 characters") }
}

/// A metric's name: 1 to 64 of `A-Z a-z 0-9 _ . -`.
pub fn parse_metric_name(value: &str) -> Result<&str, &'static str> {
    let valid = (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if valid { Ok(value) } else { Err("must be 1 to 64 of A-Z a-z 0-9 _ . -") }
}

/// The metrics checkout records for a paid order (`experiment.record_conversion`):
/// the results' conversions and revenue are made of them, so no one else may post them.
pub const CHECKOUT_METRICS: [&str; 2] = ["conversion", "revenue"];

/// A metric name a storefront may post: a valid name, not one of [`CHECKOUT_METRICS`] in any case.
pub fn parse_storefront_metric_name(value: &str) -> Result<&str, &'static str> {
    let name = parse_metric_name(value)?;
    if CHECKOUT_METRICS.iter().any(|reserved| name.eq_ignore_ascii_case(reserved)) {
        return Err("conversion and revenue are recorded by checkout, not posted by a storefront");
    }
    Ok(name)
}

/// The largest magnitude of a storefront's metric value: room for any count,
/// duration or score, and too little for anyone to swamp an arm's sums.
pub const MAX_STOREFRONT_METRIC_VALUE: f64 = 1e9;

/// How many metrics a storefront may post per visitor and experiment.
pub const STOREFRONT_METRICS_PER_VISITOR: i32 = 100;

/// A storefront's metric value: finite, at most [`MAX_STOREFRONT_METRIC_VALUE`] in magnitude.
pub fn parse_metric_value(value: f64) -> Result<f64, &'static str> {
    if value.is_finite() && value.abs() <= MAX_STOREFRONT_METRIC_VALUE {
        Ok(value)
    } else {
        Err("must be a finite number from -1000000000 to 1000000000")
    }
}

/// Whether `start_at`..`end_at` is a window (`end_at` after `start_at`, when both are set).
pub fn window_is_valid(start_at: Option<OffsetDateTime>, end_at: Option<OffsetDateTime>) -> bool {
    match (start_at, end_at) {
        (Some(start), Some(end)) => end > start,
        _ => true,
    }
}

/// Whether `now` is inside the window (start included, end excluded).
pub fn in_window(start_at: Option<OffsetDateTime>, end_at: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    start_at.is_none_or(|start| now >= start) && end_at.is_none_or(|end| now < end)
}

/// Whether an experiment may go from `from` to `to` (staying put is always allowed).
pub fn can_move(from: ExperimentStatus, to: ExperimentStatus) -> bool {
    use ExperimentStatus::{Completed, Draft, Paused, Running};
    from == to
        || matches!(
            (from, to),
            (Draft, Running | Completed) | (Running, Paused | Completed) | (Paused, Running | Completed)
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(arms: &[(&str, i64)]) -> Result<TrafficSplit, String> {
        TrafficSplit::parse(&arms.iter().map(|(a, w)| ((*a).to_owned(), *w)).collect())
    }

    #[test]
    fn a_split_has_two_arms_or_more_with_weights_summing_to_100() {
        assert!(split(&[("control", 50), ("green", 50)]).is_ok());
        assert!(split(&[("a", 100), ("b", 0)]).is_ok(), "a zero weight is allowed");
        assert!(split(&[("a", 34), ("b", 33), ("c", 33)]).is_ok());
        assert!(split(&[("only", 100)]).is_err());
        assert!(split(&[]).is_err());
        assert!(split(&[("a", 50), ("b", 49)]).is_err());
        assert!(split(&[("a", 150), ("b", -50)]).is_err(), "negative weights are refused, not netted");
        assert!(split(&[("a", 150), ("b", 0)]).is_err());
        assert!(split(&[("a", i64::MAX), ("b", i64::MAX)]).is_err());
        assert!(split(&[("a b", 50), ("b", 50)]).is_err());
        assert!(split(&[("", 50), ("b", 50)]).is_err());
    }

    #[test]
    fn status_moves_forward_and_between_running_and_paused_only() {
        use ExperimentStatus::{Completed, Draft, Paused, Running};
        assert!(can_move(Draft, Running) && can_move(Running, Paused) && can_move(Paused, Running));
        assert!(can_move(Running, Completed) && can_move(Draft, Completed) && can_move(Paused, Completed));
        assert!(can_move(Completed, Completed));
        for (from, to) in [(Completed, Running), (Completed, Draft), (Running, Draft), (Paused, Draft), (Draft, Paused)]
        {
            assert!(!can_move(from, to), "{from:?} -> {to:?}");
        }
    }

    #[test]
    fn names_keys_and_metric_names_have_bounds() {
        assert_eq!(Name::parse("  Green button ").unwrap().as_str(), "Green button");
        assert!(Name::parse("   ").is_err() && Name::parse(&"x".repeat(101)).is_err());
        assert!(parse_user_key("").is_err() && parse_user_key(&"k".repeat(129)).is_err());
        assert!(parse_metric_name("checkout.total").is_ok());
        assert!(parse_metric_name("has space").is_err() && parse_metric_name("").is_err());
    }

    #[test]
    fn storefronts_post_bounded_values_and_never_checkouts_metrics() {
        assert!(parse_storefront_metric_name("add_to_cart").is_ok());
        assert!(parse_storefront_metric_name("revenue.eur").is_ok(), "only the exact names are reserved");
        for reserved in ["conversion", "revenue", "Revenue", "CONVERSION"] {
            assert!(parse_storefront_metric_name(reserved).is_err(), "{reserved}");
        }
        assert_eq!(parse_metric_value(-1e9), Ok(-1e9));
        assert_eq!(parse_metric_value(0.5), Ok(0.5));
        for bad in [1e308, -1.000_000_001e9, f64::INFINITY, f64::NAN] {
            assert!(parse_metric_value(bad).is_err(), "{bad}");
        }
    }
}
