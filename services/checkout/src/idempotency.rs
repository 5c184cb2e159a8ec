//! Idempotency keys (decision 15): a checkout retried with the same key and
//! the same body answers the first answer again; with another body, 422;
//! while the first is still running, 409. Keys are kept 24 hours.
//!
//! The key's row is inserted and committed before the work starts, so a
//! concurrent retry finds it (the primary key serializes the two inserts) and
//! sees it running. The answer is stored when the work ends; a 5xx answer
//! (the work was undone) deletes the row, so a retry runs the work again.
//! The body is kept as a SHA-256 over the cart token and the request, never
//! as text: it holds a card number.

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha2::{Digest as _, Sha256};
use sqlx::PgPool;
use uuid::Uuid;
use vitrine_common::ApiError;

use crate::Error;

/// The header.
pub const HEADER: &str = "idempotency-key";

/// How long a key is remembered, in hours.
pub const KEEP_HOURS: i32 = 24;

/// Where a key stands when a request arrives.
#[derive(Debug)]
pub enum Begun {
    /// First time: do the work, then [`finish`].
    Fresh,
    /// Seen before with the same body: the first answer.
    Replay(Response),
}

/// The key of the request: 1 to 255 visible ASCII characters.
pub fn key(headers: &HeaderMap) -> Result<String, ApiError> {
    let value = headers.get(HEADER).ok_or(Error::IdempotencyKeyMissing)?;
    let key = value.to_str().map_err(|_| invalid())?.trim();
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid());
    }
    Ok(key.to_owned())
}

fn invalid() -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "idempotency-key-invalid", "Invalid Idempotency-Key")
        .detail("An Idempotency-Key is 1 to 255 visible ASCII characters (a UUID is a good one).")
}

/// The fingerprint of a request: the cart, then its canonical JSON body.
pub fn fingerprint(cart_token: &str, canonical_body: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(cart_token.as_bytes());
    hash.update([0]);
    hash.update(canonical_body);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

struct Stored {
    request_hash: String,
    status_code: Option<i32>,
    headers: Option<serde_json::Value>,
    body: Option<Vec<u8>>,
}

/// Claims `key` for this request on the live cart `cart_token`, or tells what
/// became of it (404 when there is no such cart: nothing is claimed).
#[tracing::instrument(level = "debug", skip(pool, cart_token, hash))]
pub async fn begin(pool: &PgPool, site_id: Uuid, cart_token: &str, key: &str, hash: &str) -> Result<Begun, ApiError> {
    if !crate::domain::looks_like_token(cart_token) {
        return Err(Error::CartNotFound.into());
    }
    for _ in 0..3 {
        // The cart's check and the claim in one statement (one round trip).
        let claim = sqlx::query!(
            r#"WITH cart AS (
                   SELECT 1 FROM checkout.carts
                   WHERE site_id = $1 AND token = $2 AND updated_at > now() - make_interval(days => $5)
               ), claimed AS (
                   INSERT INTO checkout.idempotency_keys (site_id, cart_token, key, request_hash)
                   SELECT $1, $2, $3, $4 FROM cart
                   ON CONFLICT DO NOTHING
                   RETURNING 1
               )
               SELECT EXISTS (SELECT 1 FROM cart) AS "cart!", EXISTS (SELECT 1 FROM claimed) AS "claimed!""#,
            site_id,
            cart_token,
            key,
            hash,
            crate::carts::IDLE_DAYS
        )
        .fetch_one(pool)
        .await?;
        if !claim.cart {
            return Err(Error::CartNotFound.into());
        }
        if claim.claimed {
            return Ok(Begun::Fresh);
        }
        let stored = sqlx::query_as!(
            Stored,
            r#"SELECT request_hash, status_code, headers, body FROM checkout.idempotency_keys
               WHERE site_id = $1 AND cart_token = $2 AND key = $3
                 AND created_at > now() - make_interval(hours => $4)"#,
            site_id,
            cart_token,
            key,
            KEEP_HOURS
        )
        .fetch_optional(pool)
        .await?;
        let Some(stored) = stored else {
            // Expired but not swept yet (or deleted since): forget it and claim again.
            sqlx::query!(
                r#"DELETE FROM checkout.idempotency_keys WHERE site_id = $1 AND cart_token = $2 AND key = $3
                     AND created_at <= now() - make_interval(hours => $4)"#,
                site_id,
                cart_token,
                key,
                KEEP_HOURS
            )
            .execute(pool)
            .await?;
            continue;
        };
        if stored.request_hash != hash {
            return Err(Error::IdempotencyKeyReused.into());
        }
        let (Some(status), Some(body)) = (stored.status_code, stored.body) else {
            return Err(Error::IdempotencyKeyInFlight.into());
        };
        return Ok(Begun::Replay(replay(status, stored.headers.as_ref(), body)));
    }
    Err(Error::IdempotencyKeyInFlight.into())
}

fn replay(status: i32, headers: Option<&serde_json::Value>, body: Vec<u8>) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        u16::try_from(status).ok().and_then(|s| StatusCode::from_u16(s).ok()).unwrap_or(StatusCode::OK);
    if let Some(serde_json::Value::Object(map)) = headers {
        for (name, value) in map {
            if let (Ok(name), Some(Ok(value))) =
                (name.parse::<header::HeaderName>(), value.as_str().map(HeaderValue::from_str))
            {
                response.headers_mut().insert(name, value);
            }
        }
    }
    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

/// Records the answer to the request that claimed `key` (or forgets the key
/// when the answer is a 5xx: nothing was done, a retry may run the work).
#[tracing::instrument(level = "debug", skip(pool, cart_token, body))]
pub async fn finish(
    pool: &PgPool,
    site_id: Uuid,
    cart_token: &str,
    key: &str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), sqlx::Error> {
    if status.is_server_error() {
        sqlx::query!(
            "DELETE FROM checkout.idempotency_keys WHERE site_id = $1 AND cart_token = $2 AND key = $3",
            site_id,
            cart_token,
            key
        )
        .execute(pool)
        .await?;
        return Ok(());
    }
    let kept: serde_json::Map<String, serde_json::Value> = [header::CONTENT_TYPE, header::LOCATION]
        .iter()
        .filter_map(|name| {
            let value = headers.get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), serde_json::Value::String(value.to_owned())))
        })
        .collect();
    sqlx::query!(
        r#"UPDATE checkout.idempotency_keys SET status_code = $4, headers = $5, body = $6
           WHERE site_id = $1 AND cart_token = $2 AND key = $3"#,
        site_id,
        cart_token,
        key,
        i32::from(status.as_u16()),
        serde_json::Value::Object(kept),
        body
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_required_and_bounded() {
        let mut headers = HeaderMap::new();
        assert_eq!(key(&headers).unwrap_err().status_code(), StatusCode::BAD_REQUEST);
        headers.insert(HEADER, HeaderValue::from_static("a b"));
        assert_eq!(key(&headers).unwrap_err().status_code(), StatusCode::BAD_REQUEST);
        headers.insert(HEADER, HeaderValue::from_static("0b9c3c5e-1a7e-4c1e-9d7b-3c2f5e8a9b10"));
        assert!(key(&headers).is_ok());
    }

    #[test]
    fn fingerprints_depend_on_cart_and_body() {
        assert_eq!(fingerprint("a", b"{}"), fingerprint("a", b"{}"));
        assert_ne!(fingerprint("a", b"{}"), fingerprint("b", b"{}"));
        assert_ne!(fingerprint("a", b"{}"), fingerprint("a", b"{ }"));
    }
}
