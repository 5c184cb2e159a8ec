//! Keyset pagination: `?limit=` (1–250, default 50) and an opaque `?cursor=`.
//!
//! A cursor is the sort key of the last item of a page, serialized as JSON
//! and base64url-encoded. It is opaque to clients but not secret: a client
//! that edits one only moves its own position in a list it may read anyway.
//! A cursor that does not decode is a 400, never a 500.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use vitrine_models::Page;

use crate::ApiError;
use axum::http::StatusCode;

/// The default page size.
pub const DEFAULT_LIMIT: u16 = 50;
/// The largest page a client may ask for.
pub const MAX_LIMIT: u16 = 250;
/// Cursors longer than this are not ours.
const MAX_CURSOR_LEN: usize = 512;

/// `?limit=&cursor=` of a list endpoint.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// How many items to return, 1 to 250 (default 50).
    #[param(minimum = 1, maximum = 250)]
    pub limit: Option<u16>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A validated page request.
#[derive(Debug, Clone)]
pub struct PageRequest<K> {
    /// How many items to return.
    pub limit: u16,
    /// Where the previous page ended, if this is not the first page.
    pub after: Option<K>,
}

impl<K> PageRequest<K> {
    /// `limit` plus one: fetching one extra row tells whether a next page exists.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

impl PageParams {
    /// Checks the limit and decodes the cursor into the list's key type.
    pub fn parse<K: DeserializeOwned>(&self) -> Result<PageRequest<K>, ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid-query", "Invalid query parameters")
                .detail(format!("limit must be between 1 and {MAX_LIMIT}")));
        }
        let after = self.cursor.as_deref().map(decode_cursor).transpose()?;
        Ok(PageRequest { limit, after })
    }
}

/// Encodes a sort key as an opaque cursor.
pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// Decodes a cursor made by [`encode_cursor`].
pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Result<K, ApiError> {
    let invalid = || {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid-cursor", "Invalid cursor")
            .detail("The cursor is not one this list returned; start again without it.")
    };
    if cursor.len() > MAX_CURSOR_LEN {
        return Err(invalid());
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

/// Builds the page from `limit + 1` fetched rows: the extra row, if there,
/// only says that a next page exists, and the cursor is the last kept row's key.
pub fn paginate<R, T, K: Serialize>(
    mut rows: Vec<R>,
    limit: u16,
    key: impl Fn(&R) -> K,
    into_item: impl FnMut(R) -> T,
) -> Page<T> {
    let has_more = rows.len() > usize::from(limit);
    rows.truncate(usize::from(limit));
    let next_cursor = if has_more { rows.last().map(|row| encode_cursor(&key(row))) } else { None };
    Page { items: rows.into_iter().map(into_item).collect(), next_cursor }
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;

    #[test]
    fn cursors_round_trip() {
        let id = Uuid::now_v7();
        let cursor = encode_cursor(&id);
        assert_eq!(decode_cursor::<Uuid>(&cursor).unwrap(), id);
    }

    #[test]
    fn tampered_cursors_are_bad_requests() {
        for cursor in ["!!!", "bm90IGpzb24", &"A".repeat(600)] {
            let error = decode_cursor::<Uuid>(cursor).unwrap_err();
            assert_eq!(error.status_code(), StatusCode::BAD_REQUEST, "{cursor}");
        }
    }

    #[test]
    fn limits_outside_1_to_250_are_refused() {
        for limit in [0, 251] {
            let params = PageParams { limit: Some(limit), cursor: None };
            assert!(params.parse::<Uuid>().is_err());
        }
        let params = PageParams::default();
        assert_eq!(params.parse::<Uuid>().unwrap().limit, DEFAULT_LIMIT);
    }

    #[test]
    fn a_full_extra_row_yields_a_cursor_to_the_last_kept_row() {
        let page = paginate(vec![1, 2, 3], 2, |n| *n, |n| n * 10);
        assert_eq!(page.items, vec![10, 20]);
        assert_eq!(decode_cursor::<i32>(page.next_cursor.as_deref().unwrap()).unwrap(), 2);
        let last = paginate(vec![1, 2], 2, |n| *n, |n| n);
        assert!(last.next_cursor.is_none());
    }
}
