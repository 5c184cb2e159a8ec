//! The list envelope: one page of items and the cursor of the next one.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A page of a keyset-paginated list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// Pass as `?cursor=` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}
