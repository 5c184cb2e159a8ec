//! A site's sales over a range of UTC days, for the merchant's dashboard.
//!
//! Sales are the orders that are `paid` or `fulfilled` now (a canceled order
//! is not a sale), counted on the UTC day they were paid. Amounts of different
//! currencies are never added up: the stats are in one currency, the one most
//! orders of the range were paid in.

use std::collections::HashMap;

use axum::Json as AxumJson;
use axum::extract::State;
use rust_decimal::Decimal;
use serde::Deserialize;
use sqlx::PgExecutor;
use time::macros::format_description;
use time::{Date, Duration, OffsetDateTime};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::money::format_amount;
use vitrine_common::sites::OwnedSite;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Query};
use vitrine_models::checkout::{DayStats, ProductStats, Stats};

use crate::AppState;
use crate::domain::round;

/// The default range: the last 30 days, today included.
const DEFAULT_DAYS: i64 = 30;
/// The longest range (a leap year).
const MAX_DAYS: i64 = 366;
/// How many best-selling products the stats list.
const TOP_PRODUCTS: i64 = 10;

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_stats))
}

/// `?from=&to=` of the stats.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsParams {
    /// The first UTC day included, `YYYY-MM-DD` (default: 29 days before `to`).
    #[param(format = Date, example = "2026-11-01")]
    from: Option<String>,
    /// The last UTC day included, `YYYY-MM-DD` (default: today).
    #[param(format = Date, example = "2026-11-30")]
    to: Option<String>,
}

/// A checked range of UTC days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    from: Date,
    to: Date,
}

impl Range {
    fn parse(params: &StatsParams, today: Date) -> Result<Self, ApiError> {
        let format = format_description!("[year]-[month]-[day]");
        let mut fields = Fields::default();
        let mut date = |name: &str, text: Option<&str>| {
            text.map(|text| fields.check(name, Date::parse(text, format).map_err(|_| "must be a date YYYY-MM-DD")))
        };
        let from = date("from", params.from.as_deref());
        let to = date("to", params.to.as_deref());
        // Years before 1 parse, but are no sales day (and beyond PostgreSQL's timestamps).
        for (name, day) in [("from", from.flatten()), ("to", to.flatten())] {
            if day.is_some_and(|day| day.year() < 1) {
                fields.push(name, "is out of range");
            }
        }
        fields.finish()?;
        let to = to.flatten().unwrap_or(today);
        let from = match from.flatten() {
            Some(from) => from,
            None => to.checked_sub(Duration::days(DEFAULT_DAYS - 1)).ok_or_else(|| out_of_range("to"))?,
        };
        if from > to {
            return Err(ApiError::invalid_field("from", "must not be after `to`"));
        }
        if (to - from).whole_days() + 1 > MAX_DAYS {
            return Err(ApiError::invalid_field("to", format!("the range is at most {MAX_DAYS} days")));
        }
        if to.next_day().is_none() {
            return Err(out_of_range("to"));
        }
        Ok(Self { from, to })
    }

    /// The first instant of the range.
    fn start(self) -> OffsetDateTime {
        self.from.midnight().assume_utc()
    }

    /// The first instant after the range.
    fn end(self) -> OffsetDateTime {
        self.to.next_day().unwrap_or(self.to).midnight().assume_utc()
    }

    fn days(self) -> impl Iterator<Item = Date> {
        std::iter::successors(Some(self.from), move |day| day.next_day().filter(|next| *next <= self.to))
    }
}

fn out_of_range(field: &str) -> ApiError {
    ApiError::invalid_field(field, "is out of range")
}

/// A site's sales over a range of UTC days.
///
/// `from` and `to` are both included (default: the last 30 days up to
/// today). Sales are the orders that are `paid` or `fulfilled`, counted on the
/// day they were paid. `by_day` has every day of the range, days without sales
/// included; `top_products` are the 10 best by revenue (the lines' totals,
/// before any order discount), then by quantity.
///
/// Amounts are never added across currencies: `currency` is the one the most
/// orders of the range were paid in (ties: the first code alphabetically), and
/// only orders in it are counted. Without sales in the range it is the
/// currency most of the site's variants are priced in (or `null` for a site
/// with no variant), with zeros. `revenue` is the sum of the orders' totals
/// (after discounts); `average_order_value` is `revenue / orders` rounded half
/// up to the currency's decimals. A range over 366 days, or `from` after `to`,
/// is a 422.
#[utoipa::path(
    get,
    path = "/api/checkout/sites/{site_id}/stats",
    tag = "orders",
    security(("bearer" = []), ("password" = [])),
    params(("site_id" = Uuid, Path, description = "One of your sites"), StatsParams),
    responses(
        (status = 200, description = "The site's sales in the range", body = Stats),
        (status = 422, description = "A malformed date, `from` after `to`, or a range over 366 days", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn get_stats(
    State(state): State<AppState>,
    site: OwnedSite,
    Query(params): Query<StatsParams>,
) -> Result<AxumJson<Stats>, ApiError> {
    let range = Range::parse(&params, OffsetDateTime::now_utc().date())?;
    let mut conn = state.pool.acquire().await?;
    let currency = match sales_currency(&mut *conn, site.id, range).await? {
        Some(currency) => Some(currency),
        None => catalog_currency(&mut *conn, site.id).await?,
    };
    let Some(currency) = currency else {
        return Ok(AxumJson(empty(range)));
    };
    let days = sales_by_day(&mut *conn, site.id, range, &currency).await?;
    let products = top_products(&mut *conn, site.id, range, &currency).await?;
    Ok(AxumJson(assemble(range, currency, &days, products)))
}

/// The stats of a site that sells nothing yet (no currency).
fn empty(range: Range) -> Stats {
    Stats {
        currency: None,
        orders: 0,
        revenue: "0".to_owned(),
        average_order_value: "0".to_owned(),
        by_day: range
            .days()
            .map(|day| DayStats { date: day.to_string(), orders: 0, revenue: "0".to_owned() })
            .collect(),
        top_products: Vec::new(),
    }
}

struct DayRow {
    day: Date,
    orders: i64,
    revenue: Decimal,
}

struct ProductRow {
    product_id: Uuid,
    title: String,
    quantity: i64,
    revenue: Decimal,
}

fn assemble(range: Range, currency: String, days: &[DayRow], products: Vec<ProductRow>) -> Stats {
    let money = |amount: Decimal| format_amount(amount, &currency);
    let of_day: HashMap<Date, &DayRow> = days.iter().map(|row| (row.day, row)).collect();
    let orders: i64 = days.iter().map(|row| row.orders).sum();
    let revenue: Decimal = days.iter().map(|row| row.revenue).sum();
    let average = if orders == 0 { Decimal::ZERO } else { round(revenue / Decimal::from(orders), &currency) };
    Stats {
        orders,
        revenue: money(revenue),
        average_order_value: money(average),
        by_day: range
            .days()
            .map(|day| {
                let (orders, revenue) = of_day.get(&day).map_or((0, Decimal::ZERO), |row| (row.orders, row.revenue));
                DayStats { date: day.to_string(), orders, revenue: money(revenue) }
            })
            .collect(),
        top_products: products
            .into_iter()
            .map(|p| ProductStats {
                product_id: p.product_id,
                title: p.title,
                quantity: p.quantity,
                revenue: money(p.revenue),
            })
            .collect(),
        currency: Some(currency),
    }
}

/// The currency most sales of the range were paid in.
#[tracing::instrument(level = "debug", skip(db))]
async fn sales_currency(db: impl PgExecutor<'_>, site_id: Uuid, range: Range) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT currency AS "currency!: String"
           FROM checkout.orders
           WHERE site_id = $1 AND status IN ('paid', 'fulfilled') AND paid_at >= $2 AND paid_at < $3
           GROUP BY currency
           ORDER BY count(*) DESC, currency
           LIMIT 1"#,
        site_id,
        range.start(),
        range.end()
    )
    .fetch_optional(db)
    .await
}

/// The currency most of the site's variants are priced in.
#[tracing::instrument(level = "debug", skip(db))]
async fn catalog_currency(db: impl PgExecutor<'_>, site_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT currency AS "currency!: String"
           FROM site.variant_directory
           WHERE site_id = $1
           GROUP BY currency
           ORDER BY count(*) DESC, currency
           LIMIT 1"#,
        site_id
    )
    .fetch_optional(db)
    .await
}

#[tracing::instrument(level = "debug", skip(db))]
async fn sales_by_day(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    range: Range,
    currency: &str,
) -> Result<Vec<DayRow>, sqlx::Error> {
    sqlx::query_as!(
        DayRow,
        r#"SELECT (paid_at AT TIME ZONE 'UTC')::date AS "day!", count(*) AS "orders!", sum(total) AS "revenue!"
           FROM checkout.orders
           WHERE site_id = $1 AND status IN ('paid', 'fulfilled') AND paid_at >= $2 AND paid_at < $3
             AND currency = $4
           GROUP BY 1"#,
        site_id,
        range.start(),
        range.end(),
        currency
    )
    .fetch_all(db)
    .await
}

#[tracing::instrument(level = "debug", skip(db))]
async fn top_products(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    range: Range,
    currency: &str,
) -> Result<Vec<ProductRow>, sqlx::Error> {
    // The title is the one of the latest sale: lines are frozen, so a product
    // renamed since shows its newest name.
    sqlx::query_as!(
        ProductRow,
        r#"SELECT l.product_id AS "product_id!",
                  (array_agg(l.product_title ORDER BY o.paid_at DESC, o.id DESC))[1] AS "title!",
                  sum(l.quantity)::bigint AS "quantity!",
                  sum(l.line_total) AS "revenue!"
           FROM checkout.order_lines l
           JOIN checkout.orders o ON o.id = l.order_id
           WHERE o.site_id = $1 AND o.status IN ('paid', 'fulfilled') AND o.paid_at >= $2 AND o.paid_at < $3
             AND o.currency = $4
           GROUP BY l.product_id
           ORDER BY 4 DESC, 3 DESC, 1
           LIMIT $5"#,
        site_id,
        range.start(),
        range.end(),
        currency,
        TOP_PRODUCTS
    )
    .fetch_all(db)
    .await
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn params(from: Option<&str>, to: Option<&str>) -> StatsParams {
        StatsParams { from: from.map(str::to_owned), to: to.map(str::to_owned) }
    }

    #[test]
    fn the_default_range_is_the_last_30_days_up_to_today() {
        let range = Range::parse(&params(None, None), date!(2026 - 11 - 29)).unwrap();
        assert_eq!(range, Range { from: date!(2026 - 10 - 31), to: date!(2026 - 11 - 29) });
        assert_eq!(range.days().count(), 30);
        let range = Range::parse(&params(None, Some("2026-03-01")), date!(2026 - 11 - 29)).unwrap();
        assert_eq!(range.from, date!(2026 - 01 - 31));
    }

    #[test]
    fn a_range_is_one_to_366_days_with_from_not_after_to() {
        let today = date!(2026 - 11 - 29);
        assert_eq!(Range::parse(&params(Some("2026-11-29"), None), today).unwrap().days().count(), 1);
        assert_eq!(Range::parse(&params(Some("2024-01-01"), Some("2024-12-31")), today).unwrap().days().count(), 366);
        let too_long = Range::parse(&params(Some("2024-01-01"), Some("2025-01-01")), today).unwrap_err();
        assert_eq!(too_long.body().errors[0].field, "to");
        let reversed = Range::parse(&params(Some("2026-11-30"), Some("2026-11-29")), today).unwrap_err();
        assert_eq!(reversed.body().errors[0].field, "from");
    }

    #[test]
    fn malformed_dates_name_their_field() {
        let today = date!(2026 - 11 - 29);
        for bad in ["2026-02-30", "29/11/2026", "2026-11-29T00:00:00Z", "yesterday", "", "-4714-01-01", "0000-01-01"] {
            let error = Range::parse(&params(Some(bad), None), today).unwrap_err();
            assert_eq!(error.body().errors[0].field, "from", "{bad}");
        }
    }

    #[test]
    fn the_range_runs_from_midnight_to_the_next_midnight_utc() {
        let range = Range { from: date!(2026 - 11 - 01), to: date!(2026 - 11 - 02) };
        assert_eq!(range.start(), time::macros::datetime!(2026-11-01 00:00 UTC));
        assert_eq!(range.end(), time::macros::datetime!(2026-11-03 00:00 UTC));
    }
}
