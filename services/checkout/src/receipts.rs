//! What a shopper may read of their orders: the receipt, by its unguessable
//! token, and "my orders" with a shopper token of the site.

use axum::Json as AxumJson;
use axum::extract::State;
use serde::Deserialize;
use sqlx::PgExecutor;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::shopper::Shopper;
use vitrine_common::sites::PublicSite;
use vitrine_common::{ApiError, Path, Query};
use vitrine_models::Page;
use vitrine_models::checkout::Order;

use crate::domain::looks_like_token;
use crate::store::{self, View};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_receipt)).routes(routes!(my_orders))
}

/// `…/public/{site_slug}/orders/{order_token}`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub(crate) struct ReceiptPath {
    /// The site's slug.
    #[allow(dead_code)]
    pub(crate) site_slug: String,
    /// The order's receipt token (from the checkout's answer).
    pub(crate) order_token: String,
}

/// An order's receipt.
#[utoipa::path(
    get,
    path = "/api/checkout/public/{site_slug}/orders/{order_token}",
    tag = "receipts",
    params(ReceiptPath),
    responses((status = 200, description = "The order (public view)", body = Order))
)]
pub(crate) async fn get_receipt(
    State(state): State<AppState>,
    site: PublicSite,
    Path(path): Path<ReceiptPath>,
) -> Result<AxumJson<Order>, ApiError> {
    if !looks_like_token(&path.order_token) {
        return Err(Error::OrderNotFound.into());
    }
    let mut conn = state.pool.acquire().await?;
    let row = store::order_row_by_token(&mut *conn, site.id, &path.order_token).await?.ok_or(Error::OrderNotFound)?;
    Ok(AxumJson(store::load(&mut conn, row, View::Public).await?))
}

/// The signed-in shopper's orders on this site, newest first.
#[utoipa::path(
    get,
    path = "/api/checkout/public/{site_slug}/me/orders",
    tag = "receipts",
    security(("bearer" = [])),
    params(("site_slug" = String, Path, description = "The site's slug"), PageParams),
    responses((status = 200, description = "A page of my orders (public view)", body = Page<Order>))
)]
async fn my_orders(
    State(state): State<AppState>,
    site: PublicSite,
    shopper: Shopper,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Order>>, ApiError> {
    let shopper = crate::signed_in::required(&state.pool, site.id, shopper).await?;
    let request = page.parse::<Uuid>()?;
    let mut conn = state.pool.acquire().await?;
    let ids = customer_orders(&mut *conn, site.id, shopper.id, request.after, request.fetch_limit()).await?;
    let page = paginate(ids, request.limit, |id| *id, |id| id);
    let mut items = Vec::with_capacity(page.items.len());
    for id in page.items {
        if let Some(order) = store::find(&mut conn, site.id, id, View::Public).await? {
            items.push(order);
        }
    }
    Ok(AxumJson(Page { items, next_cursor: page.next_cursor }))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn customer_orders(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    customer_id: Uuid,
    after: Option<Uuid>,
    limit: i64,
) -> Result<Vec<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT id FROM checkout.orders
           WHERE site_id = $1 AND customer_id = $2 AND ($3::uuid IS NULL OR id < $3)
           ORDER BY id DESC LIMIT $4"#,
        site_id,
        customer_id,
        after,
        limit
    )
    .fetch_all(db)
    .await
}
