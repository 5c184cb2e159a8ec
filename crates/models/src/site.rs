//! Wire types of the site service: each site's catalog (categories, products
//! and their variants), as merchants edit it and as storefronts read it.
//!
//! Money is an exact decimal string (`"19.99"`) with an ISO 4217 currency,
//! never a float.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

/// A category of a site's catalog; categories form a tree through `parent_id`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Category {
    pub id: Uuid,
    #[schema(example = "Shoes")]
    pub name: String,
    /// The parent category (same site), or `null` at the top of the tree.
    pub parent_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A category to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateCategory {
    /// 1 to 100 characters after trimming.
    #[schema(example = "Shoes", min_length = 1, max_length = 100)]
    pub name: String,
    /// A category of the same site, or absent/`null` for a top-level one.
    #[serde(default)]
    pub parent_id: Option<Uuid>,
}

/// Changes to a category: absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateCategory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// A category of the same site that is not this one nor below it; `null` moves it to the top.
    #[serde(default, deserialize_with = "crate::nullable::field", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub parent_id: Option<Option<Uuid>>,
}

/// A product of a site's catalog.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Product {
    pub id: Uuid,
    pub site_id: Uuid,
    #[schema(example = "Linen shirt")]
    pub title: String,
    pub description: Option<String>,
    /// The product's path segment on its storefront, unique in its site.
    #[schema(example = "linen-shirt")]
    pub slug: String,
    pub category_id: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Its variants, cheapest first (in single-product answers and storefront lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<Variant>>,
}

/// A product to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateProduct {
    /// 1 to 200 characters after trimming.
    #[schema(example = "Linen shirt", min_length = 1, max_length = 200)]
    pub title: String,
    /// Up to 10,000 characters.
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    /// Optional: derived from the title when absent (`-2`, `-3`… on collision);
    /// an explicit slug another product of the site has is a 409.
    #[serde(default)]
    #[schema(example = "linen-shirt", max_length = 63, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    /// A category of the same site.
    #[serde(default)]
    pub category_id: Option<Uuid>,
}

/// Changes to a product: absent fields stay as they are, `null` clears a nullable one.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateProduct {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::nullable::field", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, nullable, max_length = 10000)]
    pub description: Option<Option<String>>,
    /// A new slug (the product's URL changes; a title change alone keeps it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 63, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "crate::nullable::field", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub category_id: Option<Option<Uuid>>,
}

/// A purchasable variant of a product (a size, a colour…).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Variant {
    pub id: Uuid,
    pub product_id: Uuid,
    /// Unique in the site.
    #[schema(example = "SHIRT-LIN-M-BLUE")]
    pub sku: String,
    /// Free-form attributes: a JSON object.
    #[schema(value_type = Object, example = json!({"size": "M", "colour": "blue"}))]
    pub attributes: serde_json::Value,
    /// Exact decimal string with the currency's number of decimals.
    #[schema(example = "19.99")]
    pub price: String,
    /// ISO 4217 code.
    #[schema(example = "EUR")]
    pub currency: String,
    #[schema(example = 12, minimum = 0)]
    pub stock_qty: i64,
}

/// A variant to create.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CreateVariant {
    /// 1 to 64 characters without spaces; unique in the site.
    #[schema(example = "SHIRT-LIN-M-BLUE", min_length = 1, max_length = 64)]
    pub sku: String,
    /// A JSON object (default `{}`).
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"size": "M", "colour": "blue"}))]
    pub attributes: Option<serde_json::Value>,
    /// A decimal string ≥ 0 with no more decimals than the currency has.
    #[schema(example = "19.99")]
    pub price: String,
    /// An active ISO 4217 code in upper case; every variant of a product has the same one.
    #[schema(example = "EUR")]
    pub currency: String,
    /// ≥ 0 (default 0).
    #[serde(default)]
    #[schema(example = 12, minimum = 0)]
    pub stock_qty: Option<i64>,
}

/// Changes to a variant: absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct UpdateVariant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "17.50")]
    pub price: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0)]
    pub stock_qty: Option<i64>,
}

/// How a storefront orders products.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProductSort {
    /// Newest first (the default).
    #[default]
    Newest,
    /// Cheapest variant's price, low to high.
    PriceAsc,
    /// Cheapest variant's price, high to low.
    PriceDesc,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_bodies_tell_absent_from_null() {
        let absent: UpdateProduct = serde_json::from_str("{}").unwrap();
        assert_eq!(absent.category_id, None);
        let null: UpdateProduct = serde_json::from_str(r#"{"category_id": null}"#).unwrap();
        assert_eq!(null.category_id, Some(None));
        let id = Uuid::nil();
        let set: UpdateProduct = serde_json::from_str(&format!(r#"{{"category_id": "{id}"}}"#)).unwrap();
        assert_eq!(set.category_id, Some(Some(id)));
    }
}
