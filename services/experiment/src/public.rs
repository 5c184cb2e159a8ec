//! What storefronts call, by the site's slug: assigning a visitor to an arm,
//! and recording a metric for an assigned visitor.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use sqlx::PgExecutor;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::resource::{found, on_constraint};
use vitrine_common::sites::PublicSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path};
use vitrine_models::experiment::{Assignment, AssignmentRequest, ExperimentStatus, Metric, RecordMetric};

use crate::domain::{TrafficSplit, in_window, parse_metric_name, parse_user_key};
use crate::experiments::fetch;
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(assign)).routes(routes!(record_metric))
}

/// `/api/experiment/public/{site_slug}/experiments/{id}/…` (the site is checked by [`PublicSite`]).
#[derive(Debug, Deserialize)]
struct ExperimentPath {
    id: Uuid,
}

/// Assign a visitor to an arm, drawn by the weights of the traffic split.
/// The same `user_key` always gets the same arm (the first draw is stored).
/// Only while the experiment is running, within its window: 409 otherwise.
#[utoipa::path(
    post,
    path = "/api/experiment/public/{site_slug}/experiments/{id}/assignments",
    tag = "public",
    params(
        ("site_slug" = String, Path, description = "The site's slug"),
        ("id" = Uuid, Path, description = "The experiment's id"),
    ),
    request_body = AssignmentRequest,
    responses(
        (status = 200, description = "The visitor's arm (the same on every call)", body = Assignment),
        (status = 409, description = "The experiment is not running", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn assign(
    State(state): State<AppState>,
    site: PublicSite,
    Path(ExperimentPath { id }): Path<ExperimentPath>,
    Json(body): Json<AssignmentRequest>,
) -> Result<AxumJson<Assignment>, ApiError> {
    let mut fields = Fields::default();
    let user_key = fields.check("user_key", parse_user_key(&body.user_key));
    let Some(user_key) = user_key else { return Err(fields.into_error()) };
    let experiment = found(fetch(&state.pool, site.id, id).await?, "experiment")?;
    let running = ExperimentStatus::from(experiment.status) == ExperimentStatus::Running
        && in_window(experiment.start_at, experiment.end_at, OffsetDateTime::now_utc());
    if !running {
        return Err(Error::NotRunning.into());
    }
    let split = TrafficSplit::parse(&experiment.traffic_split.0).map_err(|problem| {
        tracing::error!(experiment.id = %id, problem, "a stored traffic split is invalid");
        ApiError::internal()
    })?;
    let drawn = split.draw(id, user_key);
    // Two statements, not one: a concurrent first request's row, committed
    // after this statement's snapshot, is seen by the next statement only.
    insert_assignment(&state.pool, id, user_key, drawn)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let arm = found(assigned_arm(&state.pool, id, user_key).await?, "experiment")?;
    Ok(AxumJson(Assignment { experiment_id: id, user_key: user_key.to_owned(), arm }))
}

/// Stores the draw unless the visitor already has an arm.
#[tracing::instrument(skip(db))]
async fn insert_assignment(
    db: impl PgExecutor<'_>,
    experiment_id: Uuid,
    user_key: &str,
    arm: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO experiment.variant_assignments (id, experiment_id, user_key, arm)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (experiment_id, user_key) DO NOTHING",
        Uuid::now_v7(),
        experiment_id,
        user_key,
        arm
    )
    .execute(db)
    .await?;
    Ok(())
}

#[tracing::instrument(skip(db))]
async fn assigned_arm(
    db: impl PgExecutor<'_>,
    experiment_id: Uuid,
    user_key: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT arm FROM experiment.variant_assignments WHERE experiment_id = $1 AND user_key = $2",
        experiment_id,
        user_key
    )
    .fetch_optional(db)
    .await
}

/// Record a metric for an assigned visitor, credited to the visitor's arm.
/// 422 if the visitor has no assignment; 409 unless the experiment is running or paused.
#[utoipa::path(
    post,
    path = "/api/experiment/public/{site_slug}/experiments/{id}/metrics",
    tag = "public",
    params(
        ("site_slug" = String, Path, description = "The site's slug"),
        ("id" = Uuid, Path, description = "The experiment's id"),
    ),
    request_body = RecordMetric,
    responses(
        (status = 201, description = "Recorded", body = Metric),
        (status = 409, description = "The experiment is a draft or completed", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn record_metric(
    State(state): State<AppState>,
    site: PublicSite,
    Path(ExperimentPath { id }): Path<ExperimentPath>,
    Json(body): Json<RecordMetric>,
) -> Result<(StatusCode, AxumJson<Metric>), ApiError> {
    let mut fields = Fields::default();
    let user_key = fields.check("user_key", parse_user_key(&body.user_key));
    let metric_name = fields.check("metric_name", parse_metric_name(&body.metric_name));
    if !body.metric_value.is_finite() {
        fields.push("metric_value", "must be a finite number");
    }
    let (Some(user_key), Some(metric_name), true) = (user_key, metric_name, fields.is_ok()) else {
        return Err(fields.into_error());
    };
    let experiment = found(fetch(&state.pool, site.id, id).await?, "experiment")?;
    let status = ExperimentStatus::from(experiment.status);
    if !matches!(status, ExperimentStatus::Running | ExperimentStatus::Paused) {
        return Err(Error::NotRecording(status).into());
    }
    let metric = insert_metric(&state.pool, id, user_key, metric_name, body.metric_value)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?
        .ok_or(Error::NoAssignment)?;
    // No Location: metrics are read only in aggregate, through the merchant's results.
    Ok((StatusCode::CREATED, AxumJson(metric)))
}

/// Records the metric under the visitor's arm; `None` if the visitor has no assignment.
#[tracing::instrument(skip(db))]
async fn insert_metric(
    db: impl PgExecutor<'_>,
    experiment_id: Uuid,
    user_key: &str,
    metric_name: &str,
    metric_value: f64,
) -> Result<Option<Metric>, sqlx::Error> {
    sqlx::query_as!(
        Metric,
        "INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value)
         SELECT $1, a.experiment_id, a.user_key, a.arm, $4, $5
         FROM experiment.variant_assignments a
         WHERE a.experiment_id = $2 AND a.user_key = $3
         RETURNING id, experiment_id, arm, metric_name, metric_value, ts",
        Uuid::now_v7(),
        experiment_id,
        user_key,
        metric_name,
        metric_value
    )
    .fetch_optional(db)
    .await
}
