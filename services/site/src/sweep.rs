//! Removing the catalog rows of deleted sites, soon after the site is gone.
//!
//! Every read joins `builder.site_directory`, so a deleted site's catalog is
//! invisible at once; these rows are garbage the sweeper collects.

use sqlx::PgPool;

/// Deletes the products (and so their variants) and categories of sites no
/// longer in the directory; returns how many rows went. Idempotent.
#[tracing::instrument(level = "debug", skip(pool))]
pub async fn sweep(pool: PgPool) -> Result<u64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let products = sqlx::query!(
        "DELETE FROM site.products p
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = p.site_id)"
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let categories = sqlx::query!(
        "DELETE FROM site.categories c
         WHERE NOT EXISTS (SELECT 1 FROM builder.site_directory d WHERE d.id = c.site_id)"
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(products + categories)
}
