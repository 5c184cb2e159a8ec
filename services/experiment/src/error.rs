//! The experiment service's errors, and the one place that maps them to answers.

use axum::http::StatusCode;
use vitrine_common::ApiError;
use vitrine_models::experiment::ExperimentStatus;

/// What an experiment handler can fail with, beyond validation and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such experiment in this site (or the site is not the caller's).
    #[error("experiment not found")]
    NotFound,
    /// Visitors are assigned only while the experiment runs, inside its window.
    #[error("experiment not running")]
    NotRunning,
    /// Metrics are recorded only while the experiment runs or is paused.
    #[error("experiment not recording")]
    NotRecording(ExperimentStatus),
    /// The visitor was never assigned, so has no arm to credit.
    #[error("no assignment")]
    NoAssignment,
    /// The visitor has posted as many storefront metrics as one may, in this experiment.
    #[error("metric limit reached")]
    MetricLimit(i32),
    /// The status cannot move this way.
    #[error("cannot move from {from:?} to {to:?}")]
    Transition { from: ExperimentStatus, to: ExperimentStatus },
    /// Arms were drawn from the split: it may change only in a draft.
    #[error("traffic split frozen")]
    SplitFrozen,
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NotFound => ApiError::not_found("experiment"),
            Error::NotRunning => ApiError::new(StatusCode::CONFLICT, "not-running", "Experiment not running")
                .detail("Visitors are assigned only while the experiment is running, within its start_at..end_at."),
            Error::NotRecording(status) => {
                ApiError::new(StatusCode::CONFLICT, "not-recording", "Experiment not recording").detail(format!(
                    "Metrics are recorded only while the experiment is running or paused; it is {}.",
                    status.as_str()
                ))
            }
            Error::NoAssignment => {
                ApiError::invalid_field("user_key", "has no assignment in this experiment: POST …/assignments first")
            }
            Error::MetricLimit(limit) => ApiError::new(StatusCode::CONFLICT, "metric-limit", "Metric limit reached")
                .detail(format!(
                    "A visitor may have at most {limit} storefront metrics per experiment; this one has them all."
                )),
            Error::Transition { from, to } => ApiError::conflict(
                "status",
                format!("an experiment cannot go from {} to {}", from.as_str(), to.as_str()),
            ),
            Error::SplitFrozen => {
                ApiError::conflict("traffic_split", "can change only while the experiment is a draft")
            }
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            // The experiment was deleted while a visitor was being assigned or a metric recorded.
            "variant_assignments_experiment_id_fkey" => Some(Error::NotFound.into()),
            "metrics_assignment_fkey" => Some(Error::NoAssignment.into()),
            // The service checks these first; reaching them is still the client's input.
            "experiments_name_length" => Some(ApiError::invalid_field("name", "must be 1 to 100 characters")),
            "experiments_window" => Some(ApiError::invalid_field("end_at", "must be after start_at")),
            "variant_assignments_user_key_length" => {
                Some(ApiError::invalid_field("user_key", "must be 1 to 128 characters"))
            }
            "metrics_value_bounded" => {
                Some(ApiError::invalid_field("metric_value", "must be a finite number from -1000000000 to 1000000000"))
            }
            "metrics_name_format" => {
                Some(ApiError::invalid_field("metric_name", "must be 1 to 64 of A-Z a-z 0-9 _ . -"))
            }
            _ => None,
        }
    }
}
