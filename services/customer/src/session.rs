//! The signed-in shopper of the account routes: a valid shopper token (its
//! signature, audience, issuer and expiry, checked like every service checks
//! it) with its issue time, which these routes compare with the account's
//! `tokens_valid_after` so that a logout or a deletion revokes every token.

use axum::extract::{FromRef, FromRequestParts};
use axum::http::request::Parts;
use uuid::Uuid;
use vitrine_common::ApiError;
use vitrine_common::auth::bearer_token;
use vitrine_common::shopper::{Shopper, ShopperVerifier};

/// A valid shopper token's subject, site and issue time.
#[derive(Debug, Clone, Copy)]
pub struct ShopperSession {
    /// Who and where.
    pub shopper: Shopper,
    /// The token's `iat` (seconds since the epoch).
    pub issued_at: i64,
}

impl ShopperSession {
    /// This session if its token is for `site_id`, else the 401 every other refusal gets.
    pub fn of_site(self, site_id: Uuid) -> Result<Self, ApiError> {
        self.shopper.of_site(site_id).map(|_| self)
    }
}

impl<S> FromRequestParts<S> for ShopperSession
where
    ShopperVerifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts).ok_or_else(|| {
            tracing::debug!("no bearer token");
            ApiError::unauthorized()
        })?;
        let claims = ShopperVerifier::from_ref(state).verify(token).map_err(|err| {
            tracing::debug!(error = %err, "shopper token refused");
            ApiError::unauthorized()
        })?;
        Ok(Self {
            shopper: Shopper { id: claims.sub, site_id: claims.site, issued_at: claims.iat },
            issued_at: claims.iat,
        })
    }
}
