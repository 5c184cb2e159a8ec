//! A site's experiments (merchant CRUD) and their results.

use std::collections::BTreeMap;

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use rust_decimal::{Decimal, RoundingStrategy};
use sqlx::types::Json as DbJson;
use sqlx::{PgExecutor, PgPool};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::money::{CurrencyCode, format_amount};
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, SiteItem, SitePath, created, deleted, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::experiment::{
    ArmResults, CreateExperiment, Experiment, ExperimentResults, ExperimentStatus, MetricSummary, UpdateExperiment,
};

use crate::domain::{Name, TrafficSplit, can_move, window_is_valid};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_experiments, create_experiment))
        .routes(routes!(get_experiment, update_experiment, delete_experiment))
        .routes(routes!(experiment_results))
}

/// The status column, read back as the wire enum.
#[derive(Debug, Clone, Copy, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub(crate) enum Status {
    Draft,
    Running,
    Paused,
    Completed,
}

impl From<Status> for ExperimentStatus {
    fn from(status: Status) -> Self {
        match status {
            Status::Draft => Self::Draft,
            Status::Running => Self::Running,
            Status::Paused => Self::Paused,
            Status::Completed => Self::Completed,
        }
    }
}

pub(crate) struct ExperimentRow {
    pub(crate) id: Uuid,
    pub(crate) name: String,
    pub(crate) status: Status,
    pub(crate) traffic_split: DbJson<BTreeMap<String, i64>>,
    pub(crate) start_at: Option<OffsetDateTime>,
    pub(crate) end_at: Option<OffsetDateTime>,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) updated_at: OffsetDateTime,
}

impl From<ExperimentRow> for Experiment {
    fn from(row: ExperimentRow) -> Self {
        Self {
            id: row.id,
            name: row.name,
            status: row.status.into(),
            traffic_split: row.traffic_split.0,
            start_at: row.start_at,
            end_at: row.end_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// An experiment's fields, checked together.
#[derive(Debug)]
struct Checked {
    name: Name,
    status: ExperimentStatus,
    split: TrafficSplit,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
}

/// Checks every field (and the rules across them), listing every mistake at once.
fn check(
    new: bool,
    name: &str,
    status: ExperimentStatus,
    split: &BTreeMap<String, i64>,
    start_at: Option<OffsetDateTime>,
    end_at: Option<OffsetDateTime>,
) -> Result<Checked, ApiError> {
    let mut fields = Fields::default();
    let name = fields.check("name", Name::parse(name));
    if new && matches!(status, ExperimentStatus::Paused | ExperimentStatus::Completed) {
        fields.push("status", "a new experiment is draft or running");
    }
    let split = fields.check("traffic_split", TrafficSplit::parse(split));
    if !window_is_valid(start_at, end_at) {
        fields.push("end_at", "must be after start_at");
    }
    match (name, split) {
        (Some(name), Some(split)) if fields.is_ok() => Ok(Checked { name, status, split, start_at, end_at }),
        _ => Err(fields.into_error()),
    }
}

fn split_json(split: &TrafficSplit) -> serde_json::Value {
    serde_json::to_value(split.arms()).unwrap_or_default()
}

/// A site's experiments, newest first.
#[utoipa::path(
    get,
    path = "/api/experiment/sites/{site_id}/experiments",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SitePath, PageParams),
    responses((status = 200, description = "A page of the site's experiments", body = Page<Experiment>))
)]
async fn list_experiments(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Experiment>>, ApiError> {
    let request = page.parse::<Uuid>()?;
    let rows = list(&state.pool, site.id, request.after, request.fetch_limit()).await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| row.id, Experiment::from)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn list(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<ExperimentRow>, sqlx::Error> {
    sqlx::query_as!(
        ExperimentRow,
        r#"SELECT e.id, e.name, e.status AS "status: Status",
                  e.traffic_split AS "traffic_split: DbJson<BTreeMap<String, i64>>",
                  e.start_at, e.end_at, e.created_at, e.updated_at
           FROM experiment.experiments e
           JOIN builder.site_directory d ON d.id = e.site_id
           WHERE e.site_id = $1 AND ($2::uuid IS NULL OR e.id < $2)
           ORDER BY e.id DESC
           LIMIT $3"#,
        site_id,
        after,
        limit
    )
    .fetch_all(db)
    .await
}

/// Create an experiment (a draft unless `status` says `running`).
#[utoipa::path(
    post,
    path = "/api/experiment/sites/{site_id}/experiments",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SitePath),
    request_body = CreateExperiment,
    responses(
        (status = 201, description = "Experiment created", body = Experiment, headers(("location" = String, description = "The new experiment's URL in this API"))),
    )
)]
async fn create_experiment(
    State(state): State<AppState>,
    site: OwnedSite,
    Json(body): Json<CreateExperiment>,
) -> Result<Created<Experiment>, ApiError> {
    let status = body.status.unwrap_or(ExperimentStatus::Draft);
    let checked = check(true, &body.name, status, &body.traffic_split, body.start_at, body.end_at)?;
    let row = insert(&state.pool, Uuid::now_v7(), site.id, &checked)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tracing::info!(site.id = %site.id, experiment.id = %row.id, "experiment created");
    let location = format!("/api/experiment/sites/{}/experiments/{}", site.id, row.id);
    Ok(created(location, row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn insert(db: impl PgExecutor<'_>, id: Uuid, site_id: Uuid, new: &Checked) -> Result<ExperimentRow, sqlx::Error> {
    sqlx::query_as!(
        ExperimentRow,
        r#"INSERT INTO experiment.experiments (id, site_id, name, status, traffic_split, start_at, end_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           RETURNING id, name, status AS "status: Status",
                     traffic_split AS "traffic_split: DbJson<BTreeMap<String, i64>>",
                     start_at, end_at, created_at, updated_at"#,
        id,
        site_id,
        new.name.as_str(),
        new.status.as_str(),
        split_json(&new.split),
        new.start_at,
        new.end_at
    )
    .fetch_one(db)
    .await
}

/// One experiment of a site.
#[utoipa::path(
    get,
    path = "/api/experiment/sites/{site_id}/experiments/{id}",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 200, description = "The experiment", body = Experiment))
)]
async fn get_experiment(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<Experiment>, ApiError> {
    let row = found(fetch(&state.pool, site.id, id).await?, "experiment")?;
    Ok(AxumJson(row.into()))
}

/// The experiment `id` of the site `site_id`, if the site still exists.
#[tracing::instrument(level = "debug", skip(db))]
pub(crate) async fn fetch(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    id: Uuid,
) -> Result<Option<ExperimentRow>, sqlx::Error> {
    sqlx::query_as!(
        ExperimentRow,
        r#"SELECT e.id, e.name, e.status AS "status: Status",
                  e.traffic_split AS "traffic_split: DbJson<BTreeMap<String, i64>>",
                  e.start_at, e.end_at, e.created_at, e.updated_at
           FROM experiment.experiments e
           JOIN builder.site_directory d ON d.id = e.site_id
           WHERE e.site_id = $1 AND e.id = $2"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// The experiment, locked until the transaction ends.
#[tracing::instrument(level = "debug", skip(db))]
async fn fetch_for_update(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    id: Uuid,
) -> Result<Option<ExperimentRow>, sqlx::Error> {
    sqlx::query_as!(
        ExperimentRow,
        r#"SELECT e.id, e.name, e.status AS "status: Status",
                  e.traffic_split AS "traffic_split: DbJson<BTreeMap<String, i64>>",
                  e.start_at, e.end_at, e.created_at, e.updated_at
           FROM experiment.experiments e
           JOIN builder.site_directory d ON d.id = e.site_id
           WHERE e.site_id = $1 AND e.id = $2
           FOR UPDATE OF e"#,
        site_id,
        id
    )
    .fetch_optional(db)
    .await
}

/// Change an experiment: absent fields stay; `null` clears `start_at` or `end_at`.
///
/// Status moves `draft` → `running` ⇄ `paused` → `completed` (or straight to
/// `completed`); anything else is a 409. `traffic_split` may change only in a
/// draft (409 otherwise): visitors already drawn keep their arm.
#[utoipa::path(
    patch,
    path = "/api/experiment/sites/{site_id}/experiments/{id}",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    request_body = UpdateExperiment,
    responses(
        (status = 200, description = "The changed experiment", body = Experiment),
        (status = 409, description = "Not a possible status change, or the split of an experiment that is no longer a draft", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_experiment(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
    Json(body): Json<UpdateExperiment>,
) -> Result<AxumJson<Experiment>, ApiError> {
    let mut tx = state.pool.begin().await?;
    let current = found(fetch_for_update(&mut *tx, site.id, id).await?, "experiment")?;
    let from = ExperimentStatus::from(current.status);
    let to = body.status.unwrap_or(from);
    let checked = check(
        false,
        body.name.as_deref().unwrap_or(&current.name),
        to,
        body.traffic_split.as_ref().unwrap_or(&current.traffic_split.0),
        body.start_at.unwrap_or(current.start_at),
        body.end_at.unwrap_or(current.end_at),
    )?;
    if !can_move(from, to) {
        return Err(Error::Transition { from, to }.into());
    }
    if from != ExperimentStatus::Draft && checked.split.arms() != &current.traffic_split.0 {
        return Err(Error::SplitFrozen.into());
    }
    let row = update(&mut *tx, id, &checked).await.map_err(|err| on_constraint(&err, Error::on_constraint))?;
    tx.commit().await?;
    if from != to {
        tracing::info!(experiment.id = %id, from = from.as_str(), to = to.as_str(), "experiment status changed");
    }
    Ok(AxumJson(row.into()))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn update(db: impl PgExecutor<'_>, id: Uuid, changed: &Checked) -> Result<ExperimentRow, sqlx::Error> {
    sqlx::query_as!(
        ExperimentRow,
        r#"UPDATE experiment.experiments
           SET name = $2, status = $3, traffic_split = $4, start_at = $5, end_at = $6, updated_at = now()
           WHERE id = $1
           RETURNING id, name, status AS "status: Status",
                     traffic_split AS "traffic_split: DbJson<BTreeMap<String, i64>>",
                     start_at, end_at, created_at, updated_at"#,
        id,
        changed.name.as_str(),
        changed.status.as_str(),
        split_json(&changed.split),
        changed.start_at,
        changed.end_at
    )
    .fetch_one(db)
    .await
}

/// Delete an experiment, with its assignments and metrics.
#[utoipa::path(
    delete,
    path = "/api/experiment/sites/{site_id}/experiments/{id}",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_experiment(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<StatusCode, ApiError> {
    let rows = remove(&state.pool, site.id, id).await?;
    deleted(rows, "experiment")
}

#[tracing::instrument(level = "debug", skip(db))]
async fn remove(db: impl PgExecutor<'_>, site_id: Uuid, id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!("DELETE FROM experiment.experiments WHERE site_id = $1 AND id = $2", site_id, id)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// An experiment's results: per arm of its split, the number of assigned
/// visitors; per metric, the count, sum and mean of the observations; and
/// from the paid orders checkout recorded, the visitors who converted, the
/// conversion rate, the revenue and the revenue per visitor.
#[utoipa::path(
    get,
    path = "/api/experiment/sites/{site_id}/experiments/{id}/results",
    tag = "experiments",
    security(("bearer" = []), ("password" = [])),
    params(SiteItem),
    responses((status = 200, description = "Results per arm", body = ExperimentResults))
)]
async fn experiment_results(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(SiteItem { id, .. }): Path<SiteItem>,
) -> Result<AxumJson<ExperimentResults>, ApiError> {
    // One snapshot for the three reads, so users and metrics agree.
    let mut tx = state.pool.begin().await?;
    sqlx::query!("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    let experiment = found(fetch(&mut *tx, site.id, id).await?, "experiment")?;
    let users = users_per_arm(&mut *tx, id).await?;
    let metrics = metrics_per_arm(&mut *tx, id).await?;
    let currency = revenue_currency(&mut *tx, id).await?;
    let commerce = commerce_per_arm(&mut *tx, id, currency.as_deref()).await?;
    tx.commit().await?;

    let mut arms: BTreeMap<String, ArmResults> = experiment
        .traffic_split
        .0
        .iter()
        .map(|(arm, weight)| {
            let results = ArmResults {
                arm: arm.clone(),
                weight: *weight,
                users: 0,
                metrics: Vec::new(),
                visitors: 0,
                conversions: 0,
                conversion_rate: 0.0,
                revenue: format_amount(Decimal::ZERO, currency.as_deref().unwrap_or_default()),
                revenue_per_visitor: format_amount(Decimal::ZERO, currency.as_deref().unwrap_or_default()),
                currency: currency.clone(),
            };
            (arm.clone(), results)
        })
        .collect();
    for row in users {
        if let Some(arm) = arms.get_mut(&row.arm) {
            arm.users = row.users;
            arm.visitors = row.users;
        }
    }
    for row in commerce {
        if let Some(arm) = arms.get_mut(&row.arm) {
            let sales = Sales::of(arm.visitors, row.conversions, row.revenue, currency.as_deref());
            arm.conversions = row.conversions;
            arm.conversion_rate = sales.conversion_rate;
            arm.revenue = sales.revenue;
            arm.revenue_per_visitor = sales.revenue_per_visitor;
        }
    }
    for row in metrics {
        if let Some(arm) = arms.get_mut(&row.arm) {
            arm.metrics.push(MetricSummary {
                metric_name: row.metric_name,
                count: row.count,
                sum: row.sum,
                mean: row.mean,
            });
        }
    }
    Ok(AxumJson(ExperimentResults {
        experiment_id: id,
        status: experiment.status.into(),
        arms: arms.into_values().collect(),
    }))
}

struct ArmUsers {
    arm: String,
    users: i64,
}

#[tracing::instrument(level = "debug", skip(db))]
async fn users_per_arm(db: impl PgExecutor<'_>, experiment_id: Uuid) -> Result<Vec<ArmUsers>, sqlx::Error> {
    sqlx::query_as!(
        ArmUsers,
        r#"SELECT arm, count(*) AS "users!"
           FROM experiment.variant_assignments
           WHERE experiment_id = $1
           GROUP BY arm"#,
        experiment_id
    )
    .fetch_all(db)
    .await
}

struct ArmMetric {
    arm: String,
    metric_name: String,
    count: i64,
    sum: f64,
    mean: f64,
}

#[tracing::instrument(level = "debug", skip(db))]
async fn metrics_per_arm(db: impl PgExecutor<'_>, experiment_id: Uuid) -> Result<Vec<ArmMetric>, sqlx::Error> {
    sqlx::query_as!(
        ArmMetric,
        r#"SELECT arm, metric_name, count(*) AS "count!",
                  sum(metric_value)::float8 AS "sum!", avg(metric_value)::float8 AS "mean!"
           FROM experiment.metrics
           WHERE experiment_id = $1
           GROUP BY arm, metric_name
           ORDER BY arm, metric_name"#,
        experiment_id
    )
    .fetch_all(db)
    .await
}

/// The currency of the experiment's revenue: that of most of its orders (a
/// shop may sell in several; amounts in different currencies do not add up).
#[tracing::instrument(level = "debug", skip(db))]
async fn revenue_currency(db: impl PgExecutor<'_>, experiment_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT currency::text AS "currency!"
           FROM experiment.metrics
           WHERE experiment_id = $1 AND metric_name = 'revenue' AND currency IS NOT NULL
           GROUP BY currency
           ORDER BY count(*) DESC, currency
           LIMIT 1"#,
        experiment_id
    )
    .fetch_optional(db)
    .await
}

struct ArmCommerce {
    arm: String,
    conversions: i64,
    revenue: Decimal,
}

/// Per arm: the visitors with at least one conversion, and the revenue in `currency`.
#[tracing::instrument(level = "debug", skip(db))]
async fn commerce_per_arm(
    db: impl PgExecutor<'_>,
    experiment_id: Uuid,
    currency: Option<&str>,
) -> Result<Vec<ArmCommerce>, sqlx::Error> {
    sqlx::query_as!(
        ArmCommerce,
        r#"SELECT arm,
                  count(DISTINCT user_key) FILTER (WHERE metric_name = 'conversion') AS "conversions!",
                  -- Rounded to 4 decimals (more than any currency has) so that any
                  -- sum fits the service's decimal type.
                  round(coalesce(sum(metric_value) FILTER (WHERE metric_name = 'revenue' AND currency = $2), 0), 4)
                      AS "revenue!"
           FROM experiment.metrics
           WHERE experiment_id = $1 AND metric_name IN ('conversion', 'revenue')
           GROUP BY arm"#,
        experiment_id,
        currency
    )
    .fetch_all(db)
    .await
}

/// An arm's sales figures, as the results show them.
#[derive(Debug, PartialEq)]
struct Sales {
    conversion_rate: f64,
    revenue: String,
    revenue_per_visitor: String,
}

impl Sales {
    fn of(visitors: i64, conversions: i64, revenue: Decimal, currency: Option<&str>) -> Self {
        let currency = currency.unwrap_or_default();
        let decimals = CurrencyCode::parse(currency).map_or(2, CurrencyCode::decimals);
        let (conversion_rate, per_visitor) = if visitors > 0 {
            // Counts far below 2^53: exact as f64.
            #[allow(clippy::cast_precision_loss)]
            let rate = conversions as f64 / visitors as f64;
            let per_visitor = (revenue / Decimal::from(visitors))
                .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            (rate, per_visitor)
        } else {
            (0.0, Decimal::ZERO)
        };
        Self {
            conversion_rate,
            revenue: format_amount(revenue, currency),
            revenue_per_visitor: format_amount(per_visitor, currency),
        }
    }
}

/// Deletes the experiments (with their assignments and metrics) of sites that no longer exist; returns how many.
#[tracing::instrument(level = "debug", skip(pool))]
pub async fn sweep_deleted_sites(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let done = sqlx::query!(
        "DELETE FROM experiment.experiments e
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = e.site_id)"
    )
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sales_figures_are_exact_and_rounded_half_up_in_the_currency() {
        let sales = Sales::of(3, 1, Decimal::new(1000, 2), Some("EUR"));
        assert_eq!(sales.revenue, "10.00");
        assert_eq!(sales.revenue_per_visitor, "3.33");
        assert!((sales.conversion_rate - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(Sales::of(8, 2, Decimal::new(5, 0), Some("JPY")).revenue_per_visitor, "1", "0.625 yen -> 1");
        assert_eq!(Sales::of(8, 1, Decimal::new(1, 2), Some("EUR")).revenue_per_visitor, "0.00");
        assert_eq!(Sales::of(2, 1, Decimal::new(1, 2), Some("EUR")).revenue_per_visitor, "0.01", "0.005 -> 0.01");
        assert_eq!(Sales::of(4, 1, Decimal::new(1, 0), Some("KWD")).revenue_per_visitor, "0.250");
        assert_eq!(
            Sales::of(0, 0, Decimal::ZERO, None),
            Sales { conversion_rate: 0.0, revenue: "0.00".to_owned(), revenue_per_visitor: "0.00".to_owned() }
        );
    }
}
