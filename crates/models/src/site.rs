//! Wire types of the site service: each site's catalog (categories, products
//! and their variants), as merchants edit it and as storefronts read it.
//!
//! Money is an exact decimal string (`"19.99"`) with an ISO 4217 currency,
//! never a float.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
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
    /// Its variants, created with it in one transaction: if any of them is
    /// refused (an error names it, e.g. `variants[1].sku`), nothing is created.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub variants: Option<Vec<CreateVariant>>,
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
    /// Free-form attributes: a JSON object, its members in the order they were sent.
    #[schema(value_type = Object, example = json!({"size": "M", "colour": "blue"}))]
    pub attributes: Attributes,
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
    /// 1 to 64 characters without spaces; unique in the site. Absent, `null`
    /// or blank: generated from the product's slug and the attribute values in
    /// order, in upper case (`LINEN-SHIRT-M-BLUE`), with `-2`, `-3`… when
    /// another variant of the site has it.
    #[serde(default)]
    #[schema(example = "SHIRT-LIN-M-BLUE", max_length = 64)]
    pub sku: Option<String>,
    /// A JSON object (default `{}`); its members keep the order they are sent in.
    #[serde(default)]
    #[schema(value_type = Object, example = json!({"size": "M", "colour": "blue"}))]
    pub attributes: Option<AttributesInput>,
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
    /// Replaces all the attributes; members keep the order they are sent in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<AttributesInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "17.50")]
    pub price: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0)]
    pub stock_qty: Option<i64>,
}

/// A variant's attributes: a JSON object whose members keep their order
/// (`{"size": "M", "colour": "blue"}` is shown "size, colour", as typed).
/// On the wire it is a plain JSON object; a later member with the same name
/// replaces an earlier one, in the earlier one's place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes(Vec<(String, serde_json::Value)>);

impl Attributes {
    /// The members, in order.
    pub fn new(members: Vec<(String, serde_json::Value)>) -> Self {
        let mut attributes = Self::default();
        for (name, value) in members {
            attributes.insert(name, value);
        }
        attributes
    }

    /// Sets `name`, in its current place if it has one, else last.
    pub fn insert(&mut self, name: String, value: serde_json::Value) {
        match self.0.iter_mut().find(|(existing, _)| *existing == name) {
            Some(member) => member.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The value of member `name`.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(existing, _)| existing == name).map(|(_, value)| value)
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &serde_json::Value)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// The member names, in order.
    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|(name, _)| name.clone()).collect()
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is no member.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Puts the members named in `order` first, in that order, and the others
    /// after them by name (as a `serde_json::Map` would list them).
    pub fn put_first(&mut self, order: &[String]) {
        let rank = |name: &str| order.iter().position(|named| named == name);
        self.0.sort_by(|(a, _), (b, _)| match (rank(a), rank(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(b),
        });
    }

    /// As a JSON object (whose own key order is serde_json's, not this one).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::Value::Object(self.0.iter().cloned().collect())
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Attributes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Attributes;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON object, e.g. {\"size\": \"M\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Attributes, A::Error> {
                let mut attributes = Attributes::default();
                while let Some((name, value)) = access.next_entry::<String, serde_json::Value>()? {
                    attributes.insert(name, value);
                }
                Ok(attributes)
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// Attributes as a client sent them: an object (its order kept), or any
/// other JSON value, which the service refuses with the request's other
/// field errors rather than as a malformed body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributesInput {
    /// A JSON object.
    Object(Attributes),
    /// Anything else (refused).
    Other(serde_json::Value),
}

impl Default for AttributesInput {
    fn default() -> Self {
        Self::Object(Attributes::default())
    }
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
    fn put_first_orders_the_named_members_and_keeps_the_rest_after_them() {
        // As jsonb stores them: shorter names first.
        let mut attributes: Attributes =
            serde_json::from_str(r#"{"fit": "slim", "size": "M", "colour": "blue"}"#).unwrap();
        let mut unordered = attributes.clone();
        attributes.put_first(&["size".to_owned(), "gone".to_owned()]);
        assert_eq!(attributes.names(), ["size", "colour", "fit"]);
        unordered.put_first(&[]);
        assert_eq!(unordered.names(), ["colour", "fit", "size"]);
    }

    #[test]
    fn attributes_keep_the_order_they_were_sent_in() {
        let attributes: Attributes = serde_json::from_str(r#"{"size": "M", "colour": "blue", "fit": "slim"}"#).unwrap();
        assert_eq!(attributes.names(), ["size", "colour", "fit"]);
        assert_eq!(serde_json::to_string(&attributes).unwrap(), r#"{"size":"M","colour":"blue","fit":"slim"}"#);
        let repeated: Attributes = serde_json::from_str(r#"{"size": "M", "colour": "blue", "size": "L"}"#).unwrap();
        assert_eq!(serde_json::to_string(&repeated).unwrap(), r#"{"size":"L","colour":"blue"}"#);
        for bad in ["[1]", "\"M\"", "3", "null"] {
            assert!(serde_json::from_str::<Attributes>(bad).is_err(), "{bad}");
            let input: AttributesInput = serde_json::from_str(bad).unwrap();
            assert!(matches!(input, AttributesInput::Other(_)), "{bad}");
        }
        let input: AttributesInput = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
        assert_eq!(
            input,
            AttributesInput::Object(Attributes::new(vec![("b".into(), 1.into()), ("a".into(), 2.into())]))
        );
    }

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
