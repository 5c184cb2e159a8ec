//! Wire types of the experiment service: A/B experiments, the arm each
//! visitor is assigned to, the metrics recorded for them, and the results.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// Where an experiment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExperimentStatus {
    /// Being set up: the only status in which `traffic_split` may change.
    Draft,
    /// Visitors are assigned to arms and metrics are recorded.
    Running,
    /// No new assignments; metrics of assigned visitors are still recorded.
    Paused,
    /// Over: results are final.
    Completed,
}

impl ExperimentStatus {
    /// The wire (and database) name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Running => "running",
            Self::Paused => "paused",
            Self::Completed => "completed",
        }
    }
}

/// An A/B experiment of a site.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Experiment {
    pub id: Uuid,
    #[schema(example = "Green checkout button")]
    pub name: String,
    pub status: ExperimentStatus,
    /// Arm name → integer weight: at least two arms, weights ≥ 0 summing to 100.
    #[schema(example = json!({"control": 50, "green": 50}))]
    pub traffic_split: BTreeMap<String, i64>,
    /// Visitors are assigned from then on (`null`: as soon as it runs).
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<OffsetDateTime>,
    /// No visitor is assigned from then on (`null`: until stopped).
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// An experiment to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateExperiment {
    /// 1 to 100 characters after trimming.
    #[schema(example = "Green checkout button", min_length = 1, max_length = 100)]
    pub name: String,
    /// `draft` (the default) or `running`.
    #[serde(default)]
    pub status: Option<ExperimentStatus>,
    /// At least two arms (names of 1 to 64 `A-Z a-z 0-9 _ -`), integer weights ≥ 0 summing to 100.
    #[schema(example = json!({"control": 50, "green": 50}))]
    pub traffic_split: BTreeMap<String, i64>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<OffsetDateTime>,
    /// After `start_at`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<OffsetDateTime>,
}

/// Changes to an experiment: absent fields stay; `null` clears `start_at` or `end_at`.
///
/// Status moves `draft` → `running` ⇄ `paused` → `completed` (`draft` and
/// `running` may also go straight to `completed`); `completed` is final.
/// `traffic_split` may change only while the experiment is a draft.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UpdateExperiment {
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    pub status: Option<ExperimentStatus>,
    pub traffic_split: Option<BTreeMap<String, i64>>,
    #[serde(default, deserialize_with = "crate::nullable::rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub start_at: Option<Option<OffsetDateTime>>,
    #[serde(default, deserialize_with = "crate::nullable::rfc3339")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub end_at: Option<Option<OffsetDateTime>>,
}

/// A visitor to assign to an arm.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssignmentRequest {
    /// An opaque, stable key for the visitor (a cookie value, a customer id): 1 to 128 characters.
    #[schema(example = "visitor-42", min_length = 1, max_length = 128)]
    pub user_key: String,
}

/// The arm a visitor is in; the same for every request with the same key.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Assignment {
    pub experiment_id: Uuid,
    pub user_key: String,
    #[schema(example = "green")]
    pub arm: String,
}

/// An observation for an assigned visitor, posted by a storefront.
///
/// A storefront may post any metric of its own (`add_to_cart`, `scroll_depth`,
/// `time_on_page_ms`…) except `conversion` and `revenue`, in any case: those
/// come from checkout itself, one per paid order, and a storefront cannot
/// post them (422). Each visitor may have at most 100 storefront metrics per
/// experiment (409 `urn:vitrine:problem:metric-limit` beyond).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RecordMetric {
    /// The key the visitor was assigned with.
    #[schema(example = "visitor-42")]
    pub user_key: String,
    /// 1 to 64 of `A-Z a-z 0-9 _ . -`; not `conversion` nor `revenue`.
    #[schema(example = "add_to_cart", pattern = "^[A-Za-z0-9_.-]{1,64}$")]
    pub metric_name: String,
    /// A finite number from -1,000,000,000 to 1,000,000,000 (1 for an event, a count, a duration…).
    #[schema(example = 1.0, minimum = -1_000_000_000.0, maximum = 1_000_000_000.0)]
    pub metric_value: f64,
}

/// A recorded observation.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Metric {
    pub id: Uuid,
    pub experiment_id: Uuid,
    /// The visitor's arm when it was recorded.
    pub arm: String,
    pub metric_name: String,
    pub metric_value: f64,
    #[serde(with = "time::serde::rfc3339")]
    pub ts: OffsetDateTime,
}

/// One metric's aggregate within one arm.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MetricSummary {
    #[schema(example = "checkout")]
    pub metric_name: String,
    /// How many observations.
    pub count: i64,
    /// Their sum.
    pub sum: f64,
    /// Their mean.
    pub mean: f64,
}

/// One arm's results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ArmResults {
    #[schema(example = "green")]
    pub arm: String,
    /// The arm's weight in the traffic split.
    pub weight: i64,
    /// How many visitors were assigned to it.
    pub users: i64,
    /// Per metric name, in name order (storefront metrics, and checkout's
    /// `conversion` and `revenue` as raw observations).
    pub metrics: Vec<MetricSummary>,
    /// Visitors assigned to the arm (the same as `users`).
    #[schema(example = 1200)]
    pub visitors: i64,
    /// Visitors of the arm who placed at least one paid order (recorded by checkout).
    #[schema(example = 36)]
    pub conversions: i64,
    /// `conversions / visitors`, from 0 to 1 (0 without visitors).
    #[schema(example = 0.03)]
    pub conversion_rate: f64,
    /// The arm's paid orders' total, an exact decimal string in `currency`.
    /// Orders in another currency than the experiment's (a shop selling in
    /// several) are not added: they appear in `metrics` only.
    #[schema(example = "2154.60")]
    pub revenue: String,
    /// `revenue / visitors`, rounded half up to the currency's decimals.
    #[schema(example = "1.80")]
    pub revenue_per_visitor: String,
    /// The ISO 4217 currency of `revenue`: the currency of most of the
    /// experiment's orders, the same for every arm; `null` before the first order.
    #[schema(example = "EUR")]
    pub currency: Option<String>,
}

/// An experiment's results, per arm (every arm of the split, in name order).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ExperimentResults {
    pub experiment_id: Uuid,
    pub status: ExperimentStatus,
    pub arms: Vec<ArmResults>,
}
