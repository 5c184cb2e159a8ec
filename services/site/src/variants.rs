//! A product's variants, for the site's owner.
//!
//! Every write locks the product row first, then writes the variant and
//! refreshes the product's denormalised `min_price` and `currency` in the same
//! transaction: concurrent writes to one product's variants queue on that
//! lock, so the denormalised price is always the true minimum.

use axum::Json as AxumJson;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use sqlx::{PgConnection, PgExecutor};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;
use vitrine_common::money::{CurrencyCode, Price, parse_amount};
use vitrine_common::pagination::{PageParams, paginate};
use vitrine_common::resource::{Created, created, deleted, found, on_constraint};
use vitrine_common::sites::OwnedSite;
use vitrine_common::slug::Slug;
use vitrine_common::validate::Fields;
use vitrine_common::{ApiError, Json, Path, Query};
use vitrine_models::Page;
use vitrine_models::site::{CreateVariant, UpdateVariant, Variant};

use crate::catalog::VariantRow;
use crate::domain::{Attributes, Sku, stock_qty};
use crate::{AppState, Error};

pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(create_variant, list_variants)).routes(routes!(
        get_variant,
        update_variant,
        delete_variant
    ))
}

/// `…/sites/{site_id}/products/{product_id}/variants`.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct ProductPath {
    /// One of your sites.
    #[allow(dead_code, reason = "checked by OwnedSite; named here for the document")]
    site_id: Uuid,
    /// A product of that site.
    product_id: Uuid,
}

/// `…/sites/{site_id}/products/{product_id}/variants/{id}`.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct VariantPath {
    /// One of your sites.
    #[allow(dead_code, reason = "checked by OwnedSite; named here for the document")]
    site_id: Uuid,
    /// A product of that site.
    product_id: Uuid,
    /// The variant.
    id: Uuid,
}

/// Locks product `id` of `site` and gives its slug; `None` if there is no such product.
#[tracing::instrument(level = "debug", skip(db))]
async fn lock_product(db: impl PgExecutor<'_>, site: Uuid, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT slug FROM site.products WHERE site_id = $1 AND id = $2 FOR UPDATE", site, id)
        .fetch_optional(db)
        .await
}

/// The currency of the product's other variants, if it has any.
#[tracing::instrument(level = "debug", skip(db))]
async fn other_currency(db: impl PgExecutor<'_>, product: Uuid, except: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT currency FROM site.variants WHERE product_id = $1 AND id <> $2 LIMIT 1",
        product,
        except
    )
    .fetch_optional(db)
    .await
}

/// Recomputes the product's cheapest price and currency from its variants.
#[tracing::instrument(level = "debug", skip(db))]
pub(crate) async fn refresh_product(db: &mut PgConnection, product: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE site.products p
         SET min_price = v.min_price, currency = v.currency, updated_at = now()
         FROM (SELECT min(price) AS min_price, min(currency) AS currency
               FROM site.variants WHERE product_id = $1) v
         WHERE p.id = $1",
        product
    )
    .execute(db)
    .await?;
    Ok(())
}

fn currency_mismatch(existing: &str) -> ApiError {
    Error::CurrencyMismatch { existing: existing.to_owned() }.into()
}

/// A variant to insert, checked.
#[derive(Debug)]
pub(crate) struct NewVariant {
    /// `None`: generated at insert.
    pub sku: Option<Sku>,
    pub attributes: Attributes,
    pub price: Price,
    pub stock: i32,
}

/// Checks a variant as sent, its errors named `{prefix}sku`, `{prefix}price`…
pub(crate) fn check_new(fields: &mut Fields, prefix: &str, body: CreateVariant) -> Option<NewVariant> {
    let field = |name: &str| format!("{prefix}{name}");
    // A blank SKU is "none given": the form's empty field asks for a generated one.
    let sku = match body.sku.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(sku) => fields.check(&field("sku"), Sku::parse(sku)).map(Some),
    };
    let attributes = fields.check(&field("attributes"), Attributes::parse(body.attributes.unwrap_or_default()));
    let currency = fields.check(&field("currency"), CurrencyCode::parse(&body.currency));
    let price = currency.and_then(|currency| fields.check(&field("price"), Price::parse(&body.price, currency)));
    let stock = fields.check(&field("stock_qty"), stock_qty(body.stock_qty.unwrap_or(0)));
    Some(NewVariant { sku: sku?, attributes: attributes?, price: price?, stock: stock? })
}

/// The SKU made for a variant sent without one: the product's slug and the
/// attribute values in the order typed, each reduced to `a-z0-9-` like a
/// slug, in upper case (`linen-shirt` + M, Blue → `LINEN-SHIRT-M-BLUE`), cut
/// to 60 characters so a `-2`…`-101` suffix still fits the 64.
pub(crate) fn sku_base(product_slug: &str, attributes: &Attributes) -> String {
    let mut parts = vec![product_slug.to_owned()];
    parts.extend(attributes.values().filter_map(|value| Slug::derive(&value)).map(Slug::into_string));
    let mut base = parts.join("-").to_uppercase();
    if base.len() > 60 {
        base.truncate(60);
        base.truncate(base.trim_end_matches('-').len());
    }
    base
}

/// The first of `base`, `base-2`, `base-3`… no variant of the site has.
///
/// The caller holds the site's generated-SKU lock ([`lock_generated_skus`]),
/// so two requests cannot both pick the same free SKU.
#[tracing::instrument(level = "debug", skip(db))]
async fn free_sku(db: &mut PgConnection, site: Uuid, base: &str) -> Result<Sku, sqlx::Error> {
    let candidates: Vec<String> =
        std::iter::once(base.to_owned()).chain((2..=101).map(|n| format!("{base}-{n}"))).collect();
    let taken: Vec<String> =
        sqlx::query_scalar!("SELECT sku FROM site.variants WHERE site_id = $1 AND sku = ANY($2)", site, &candidates)
            .fetch_all(db)
            .await?;
    let free = candidates
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        // A hundred taken in a row: a suffix from a fresh id.
        .unwrap_or_else(|| format!("{base}-{}", Uuid::now_v7().as_u128() % 900_000 + 100_000));
    Ok(Sku::parse(&free).unwrap_or_else(|_| unreachable!("a generated SKU is 1 to 64 characters without spaces")))
}

/// Serialises SKU generation within one site, until the transaction ends.
async fn lock_generated_skus(db: &mut PgConnection, site: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", format!("site.variants.sku/{site}"))
        .execute(db)
        .await?;
    Ok(())
}

/// Inserts variant `id` of a locked product, generating its SKU if it has none.
#[tracing::instrument(level = "debug", skip(db, variant))]
pub(crate) async fn insert(
    db: &mut PgConnection,
    site: Uuid,
    product: Uuid,
    product_slug: &str,
    id: Uuid,
    variant: &NewVariant,
) -> Result<VariantRow, sqlx::Error> {
    let sku = match &variant.sku {
        Some(sku) => sku.clone(),
        None => {
            lock_generated_skus(db, site).await?;
            free_sku(db, site, &sku_base(product_slug, &variant.attributes)).await?
        }
    };
    sqlx::query_as!(
        VariantRow,
        r#"INSERT INTO site.variants (id, site_id, product_id, sku, attributes, attribute_order, price, currency, stock_qty)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>",
                   attribute_order, price, currency, stock_qty"#,
        id,
        site,
        product,
        sku.as_str(),
        variant.attributes.to_value(),
        &variant.attributes.order(),
        variant.price.amount,
        variant.price.currency.as_str(),
        variant.stock
    )
    .fetch_one(db)
    .await
}

/// Add a variant to a product. Without a SKU, one is generated from the
/// product's slug and the attribute values (`LINEN-SHIRT-M-BLUE`, `-2`… when taken).
#[utoipa::path(
    post,
    path = "/api/site/sites/{site_id}/products/{product_id}/variants",
    tag = "variants",
    security(("bearer" = []), ("password" = [])),
    params(ProductPath),
    request_body = CreateVariant,
    responses(
        (status = 201, description = "Variant created", body = Variant,
            headers(("location" = String, description = "The new variant's URL in this API"))),
        (status = 409, description = "The SKU is another variant's in this site", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn create_variant(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(ProductPath { product_id, .. }): Path<ProductPath>,
    Json(body): Json<CreateVariant>,
) -> Result<Created<Variant>, ApiError> {
    let mut fields = Fields::default();
    let Some(variant) = check_new(&mut fields, "", body) else {
        return Err(fields.into_error());
    };

    let mut tx = state.pool.begin().await?;
    let product_slug = found(lock_product(&mut *tx, site.id, product_id).await?, "product")?;
    let id = Uuid::now_v7();
    if let Some(existing) = other_currency(&mut *tx, product_id, id).await?
        && existing != variant.price.currency.as_str()
    {
        return Err(currency_mismatch(&existing));
    }
    let row = insert(&mut tx, site.id, product_id, &product_slug, id, &variant)
        .await
        .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    refresh_product(&mut tx, product_id).await?;
    tx.commit().await?;
    let location = format!("/api/site/sites/{}/products/{product_id}/variants/{}", site.id, row.id);
    Ok(created(location, row.into_variant()))
}

/// The keyset position in a product's variants (creation order).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct VariantKey(Uuid);

/// A product's variants, in the order they were added.
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/products/{product_id}/variants",
    tag = "variants",
    security(("bearer" = []), ("password" = [])),
    params(ProductPath, PageParams),
    responses((status = 200, description = "A page of variants, oldest first", body = Page<Variant>))
)]
async fn list_variants(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(ProductPath { product_id, .. }): Path<ProductPath>,
    Query(page): Query<PageParams>,
) -> Result<AxumJson<Page<Variant>>, ApiError> {
    let request = page.parse::<VariantKey>()?;
    found(crate::catalog::product(&state.pool, site.id, product_id).await?, "product")?;
    let rows = sqlx::query_as!(
        VariantRow,
        r#"SELECT id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>", attribute_order, price, currency, stock_qty FROM site.variants
         WHERE site_id = $1 AND product_id = $2 AND id > $3
         ORDER BY id LIMIT $4"#,
        site.id,
        product_id,
        request.after.map_or_else(Uuid::nil, |key| key.0),
        request.fetch_limit()
    )
    .fetch_all(&state.pool)
    .await?;
    Ok(AxumJson(paginate(rows, request.limit, |row| VariantKey(row.id), VariantRow::into_variant)))
}

#[tracing::instrument(level = "debug", skip(db))]
async fn find(
    db: impl PgExecutor<'_>,
    site: Uuid,
    product: Uuid,
    id: Uuid,
    lock: bool,
) -> Result<Option<VariantRow>, sqlx::Error> {
    if lock {
        sqlx::query_as!(
            VariantRow,
            r#"SELECT id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>", attribute_order, price, currency, stock_qty FROM site.variants
             WHERE site_id = $1 AND product_id = $2 AND id = $3 FOR UPDATE"#,
            site,
            product,
            id
        )
        .fetch_optional(db)
        .await
    } else {
        sqlx::query_as!(
            VariantRow,
            r#"SELECT id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>", attribute_order, price, currency, stock_qty FROM site.variants
             WHERE site_id = $1 AND product_id = $2 AND id = $3"#,
            site,
            product,
            id
        )
        .fetch_optional(db)
        .await
    }
}

/// One variant.
#[utoipa::path(
    get,
    path = "/api/site/sites/{site_id}/products/{product_id}/variants/{id}",
    tag = "variants",
    security(("bearer" = []), ("password" = [])),
    params(VariantPath),
    responses((status = 200, description = "The variant", body = Variant))
)]
async fn get_variant(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(VariantPath { product_id, id, .. }): Path<VariantPath>,
) -> Result<AxumJson<Variant>, ApiError> {
    let row = found(find(&state.pool, site.id, product_id, id, false).await?, "variant")?;
    Ok(AxumJson(row.into_variant()))
}

/// Change a variant. A new currency re-checks the price's decimals.
#[utoipa::path(
    patch,
    path = "/api/site/sites/{site_id}/products/{product_id}/variants/{id}",
    tag = "variants",
    security(("bearer" = []), ("password" = [])),
    params(VariantPath),
    request_body = UpdateVariant,
    responses(
        (status = 200, description = "The updated variant", body = Variant),
        (status = 409, description = "The SKU is another variant's in this site", body = vitrine_models::Problem, content_type = "application/problem+json"),
    )
)]
async fn update_variant(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(VariantPath { product_id, id, .. }): Path<VariantPath>,
    Json(body): Json<UpdateVariant>,
) -> Result<AxumJson<Variant>, ApiError> {
    let mut fields = Fields::default();
    let sku = fields.check_opt("sku", body.sku.as_deref().map(Sku::parse));
    let attributes = fields.check_opt("attributes", body.attributes.map(Attributes::parse));
    let currency = fields.check_opt("currency", body.currency.as_deref().map(CurrencyCode::parse));
    // The amount's form is checked now, its decimals against the currency below.
    let amount = fields.check_opt("price", body.price.as_deref().map(parse_amount));
    let stock = fields.check_opt("stock_qty", body.stock_qty.map(stock_qty));
    let (Some(sku), Some(attributes), Some(currency), Some(_), Some(stock)) =
        (sku, attributes, currency, amount, stock)
    else {
        return Err(fields.into_error());
    };

    let mut tx = state.pool.begin().await?;
    found(lock_product(&mut *tx, site.id, product_id).await?, "product")?;
    let current = found(find(&mut *tx, site.id, product_id, id, true).await?, "variant")?;
    // The price is checked against the currency it will have: a new one, or the current one.
    let currency = match currency {
        Some(currency) => currency,
        None => {
            CurrencyCode::parse(&current.currency).map_err(|message| ApiError::invalid_field("currency", message))?
        }
    };
    let current_amount = current.price.normalize().to_string();
    let amount = body.price.as_deref().unwrap_or(&current_amount);
    let price: Price = Price::parse(amount, currency).map_err(|message| ApiError::invalid_field("price", message))?;
    if let Some(existing) = other_currency(&mut *tx, product_id, id).await?
        && existing != currency.as_str()
    {
        return Err(currency_mismatch(&existing));
    }
    let order = attributes.as_ref().map(Attributes::order);
    let row = sqlx::query_as!(
        VariantRow,
        r#"UPDATE site.variants
         SET sku = COALESCE($3, sku), attributes = COALESCE($4, attributes),
             attribute_order = COALESCE($8, attribute_order),
             price = $5, currency = $6, stock_qty = COALESCE($7, stock_qty)
         WHERE product_id = $1 AND id = $2
         RETURNING id, product_id, sku, attributes AS "attributes: sqlx::types::Json<vitrine_models::site::Attributes>",
                   attribute_order, price, currency, stock_qty"#,
        product_id,
        id,
        sku.as_ref().map(Sku::as_str),
        attributes.as_ref().map(Attributes::to_value),
        price.amount,
        currency.as_str(),
        stock,
        order.as_deref()
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|err| on_constraint(&err, Error::on_constraint))?;
    refresh_product(&mut tx, product_id).await?;
    tx.commit().await?;
    Ok(AxumJson(row.into_variant()))
}

/// Delete a variant.
#[utoipa::path(
    delete,
    path = "/api/site/sites/{site_id}/products/{product_id}/variants/{id}",
    tag = "variants",
    security(("bearer" = []), ("password" = [])),
    params(VariantPath),
    responses((status = 204, description = "Deleted"))
)]
async fn delete_variant(
    State(state): State<AppState>,
    site: OwnedSite,
    Path(VariantPath { product_id, id, .. }): Path<VariantPath>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.pool.begin().await?;
    found(lock_product(&mut *tx, site.id, product_id).await?, "variant")?;
    let rows = sqlx::query!("DELETE FROM site.variants WHERE product_id = $1 AND id = $2", product_id, id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let answer = deleted(rows, "variant")?;
    refresh_product(&mut tx, product_id).await?;
    tx.commit().await?;
    Ok(answer)
}
