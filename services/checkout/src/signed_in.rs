//! A shopper token counts only while its account has not revoked it.
//!
//! The customer service revokes every token of an account on logout and on
//! deletion by moving `tokens_valid_after` forward; its published
//! `customer.customer_directory` carries that cut-off (and loses the row when
//! the account or its shop is deleted). Checkout reads it here, so a token that
//! was valid at sign-in cannot read the orders or attach new ones to the
//! account after the shopper logged out, even before the token expires.

use sqlx::PgExecutor;
use uuid::Uuid;
use vitrine_common::ApiError;
use vitrine_common::shopper::{MaybeShopper, Shopper};

/// Whether `shopper`'s account still exists on `site_id` and has not revoked
/// tokens issued when this one was.
#[tracing::instrument(level = "debug", skip(db))]
pub(crate) async fn is_current(db: impl PgExecutor<'_>, site_id: Uuid, shopper: &Shopper) -> Result<bool, sqlx::Error> {
    let current = sqlx::query_scalar!(
        r#"SELECT to_timestamp($3::bigint) >= tokens_valid_after AS "current!"
           FROM customer.customer_directory WHERE id = $1 AND site_id = $2"#,
        shopper.id,
        site_id,
        shopper.issued_at
    )
    .fetch_optional(db)
    .await?;
    Ok(current.unwrap_or(false))
}

/// The shopper of an optional token, checked against the site of the path
/// and against revocation: a revoked token is the same 401 as a forged one
/// (never silently a guest).
pub(crate) async fn optional(
    db: impl PgExecutor<'_>,
    site_id: Uuid,
    shopper: MaybeShopper,
) -> Result<Option<Shopper>, ApiError> {
    match shopper.of_site(site_id)? {
        Some(shopper) => required(db, site_id, shopper).await.map(Some),
        None => Ok(None),
    }
}

/// The shopper of a required token, checked like [`optional`].
pub(crate) async fn required(db: impl PgExecutor<'_>, site_id: Uuid, shopper: Shopper) -> Result<Shopper, ApiError> {
    let shopper = shopper.of_site(site_id)?;
    if is_current(db, site_id, &shopper).await? {
        Ok(shopper)
    } else {
        tracing::debug!(customer = %shopper.id, "shopper token revoked or account gone");
        Err(ApiError::unauthorized())
    }
}
