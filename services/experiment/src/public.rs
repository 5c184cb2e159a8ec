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

use crate::domain::{
    STOREFRONT_METRICS_PER_VISITOR, in_window, parse_metric_value, parse_storefront_metric_name, parse_user_key,
};
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
    // The draw is experiment.draw_arm, the one definition checkout's
    // assign_visitor uses too. Two statements, not one: a concurrent first
    // request's row, committed after this statement's snapshot, is seen by
    // the next statement only.
    insert_assignment(&state.pool, id, user_key).await.map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let arm = found(assigned_arm(&state.pool, id, user_key).await?, "experiment")?;
    Ok(AxumJson(Assignment { experiment_id: id, user_key: user_key.to_owned(), arm }))
}

/// Stores the visitor's draw unless the visitor already has an arm.
#[tracing::instrument(level = "debug", skip(db))]
async fn insert_assignment(db: impl PgExecutor<'_>, experiment_id: Uuid, user_key: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO experiment.variant_assignments (id, experiment_id, user_key, arm)
         SELECT $1, e.id, $3, experiment.draw_arm(e.id, $3, e.traffic_split)
         FROM experiment.experiments e
         WHERE e.id = $2
         ON CONFLICT (experiment_id, user_key) DO NOTHING",
        Uuid::now_v7(),
        experiment_id,
        user_key
    )
    .execute(db)
    .await?;
    Ok(())
}

#[tracing::instrument(level = "debug", skip(db))]
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

/// Record a storefront metric for an assigned visitor, credited to the visitor's arm.
///
/// Any metric of the storefront's own (`add_to_cart`, `scroll_depth`…) with a
/// value from -1e9 to 1e9; not `conversion` nor `revenue` (in any case),
/// which checkout records itself for each paid order (422). At most 100
/// metrics per visitor and experiment (409 `metric-limit` beyond). 422 if
/// the visitor has no assignment; 409 unless the experiment is running or paused.
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
        (status = 409, description = "The experiment is a draft or completed, or the visitor has posted 100 metrics in it", body = vitrine_models::Problem, content_type = "application/problem+json"),
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
    let metric_name = fields.check("metric_name", parse_storefront_metric_name(&body.metric_name));
    let metric_value = fields.check("metric_value", parse_metric_value(body.metric_value));
    let (Some(user_key), Some(metric_name), Some(metric_value)) = (user_key, metric_name, metric_value) else {
        return Err(fields.into_error());
    };
    let experiment = found(fetch(&state.pool, site.id, id).await?, "experiment")?;
    let status = ExperimentStatus::from(experiment.status);
    if !matches!(status, ExperimentStatus::Running | ExperimentStatus::Paused) {
        return Err(Error::NotRecording(status).into());
    }
    let inserted = insert_metric(&state.pool, id, user_key, metric_name, metric_value)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    let Some(metric) = inserted else {
        // Nothing recorded: the visitor has no assignment, or has used up its metrics.
        return Err(match assigned_arm(&state.pool, id, user_key).await? {
            Some(_) => Error::MetricLimit(STOREFRONT_METRICS_PER_VISITOR),
            None => Error::NoAssignment,
        }
        .into());
    };
    // No Location: metrics are read only in aggregate, through the merchant's results.
    Ok((StatusCode::CREATED, AxumJson(metric)))
}

/// Records the metric under the visitor's arm, counted on the visitor's
/// assignment; `None` if the visitor has no assignment or has posted
/// [`STOREFRONT_METRICS_PER_VISITOR`] already. One statement: concurrent posts
/// of one visitor queue on the assignment row and each sees the count the
/// previous one left, so the cap holds exactly.
#[tracing::instrument(level = "debug", skip(db))]
async fn insert_metric(
    db: impl PgExecutor<'_>,
    experiment_id: Uuid,
    user_key: &str,
    metric_name: &str,
    metric_value: f64,
) -> Result<Option<Metric>, sqlx::Error> {
    sqlx::query_as!(
        Metric,
        r#"WITH counted AS (
               UPDATE experiment.variant_assignments a SET storefront_metrics = a.storefront_metrics + 1
               WHERE a.experiment_id = $2 AND a.user_key = $3 AND a.storefront_metrics < $6
               RETURNING a.experiment_id, a.user_key, a.arm
           )
           INSERT INTO experiment.metrics (id, experiment_id, user_key, arm, metric_name, metric_value)
           SELECT $1, c.experiment_id, c.user_key, c.arm, $4, $5::float8::numeric
           FROM counted c
           RETURNING id, experiment_id, arm, metric_name, metric_value::float8 AS "metric_value!", ts"#,
        Uuid::now_v7(),
        experiment_id,
        user_key,
        metric_name,
        metric_value,
        STOREFRONT_METRICS_PER_VISITOR
    )
    .fetch_optional(db)
    .await
}
