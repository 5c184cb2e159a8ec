//! The site service's errors, and the one place that maps them to answers.

use vitrine_common::ApiError;

/// What a site handler can fail with, beyond validation, "not found" and the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `parent_id` names no category of this site.
    #[error("no such parent category")]
    NoSuchParent,
    /// The new parent is the category itself or one of its descendants.
    #[error("category cycle")]
    CategoryCycle,
    /// The category to delete still has subcategories.
    #[error("category has subcategories")]
    HasSubcategories,
    /// `category_id` names no category of this site.
    #[error("no such category")]
    NoSuchCategory,
    /// Another product of the site has this slug.
    #[error("product slug taken")]
    SlugTaken,
    /// Another variant of the site has this SKU.
    #[error("sku taken")]
    SkuTaken,
    /// A sibling category (same parent, or both at the top) has this name, in any case.
    #[error("category name taken")]
    CategoryNameTaken,
    /// A product's variants share one currency; `existing` is theirs.
    #[error("currency {existing} expected")]
    CurrencyMismatch { existing: String },
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        match error {
            Error::NoSuchParent => ApiError::invalid_field("parent_id", "no such category in this site"),
            Error::CategoryCycle => ApiError::invalid_field(
                "parent_id",
                "would make the category its own ancestor; choose a category outside its branch",
            ),
            Error::HasSubcategories => {
                ApiError::conflict("id", "the category has subcategories; move or delete them first")
            }
            Error::NoSuchCategory => ApiError::invalid_field("category_id", "no such category in this site"),
            Error::CategoryNameTaken => ApiError::conflict(
                "name",
                "another category with this parent already has this name (ignoring case); choose another name",
            ),
            Error::SlugTaken => ApiError::conflict("slug", "another product of this site has this slug"),
            Error::SkuTaken => ApiError::conflict("sku", "another variant of this site has this SKU"),
            Error::CurrencyMismatch { existing } => ApiError::invalid_field(
                "currency",
                format!("must be {existing}, the currency of this product's other variants (one currency per product)"),
            ),
        }
    }
}

impl Error {
    /// The deliberate answer to a violated named constraint, if it is one of ours.
    /// (`categories_parent_fkey` on a delete means "has subcategories": the delete
    /// handler answers that itself.)
    pub(crate) fn on_constraint(name: &str) -> Option<ApiError> {
        match name {
            "categories_parent_fkey" => Some(Error::NoSuchParent.into()),
            "categories_sibling_name_key" => Some(Error::CategoryNameTaken.into()),
            "products_category_fkey" => Some(Error::NoSuchCategory.into()),
            "products_slug_key" => Some(Error::SlugTaken.into()),
            "variants_sku_key" => Some(Error::SkuTaken.into()),
            _ => None,
        }
    }
}
