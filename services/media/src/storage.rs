//! Where uploaded images live: an object store through the `object_store`
//! crate (ADR 0026). Local files by default (`MEDIA_STORAGE_URL` a directory
//! or `file:///…`), S3-compatible storage in production (`s3://bucket`, with
//! the endpoint and credentials from the standard `AWS_*` variables).
//!
//! Keys are made by the service only (`sites/<site>/<media>/<name>`), never
//! taken from a request unchecked: the file route accepts only keys of that
//! form, so no `..` or absolute path reaches the store.

use std::sync::Arc;

use bytes::Bytes;
use object_store::path::Path as StorePath;
use object_store::{ObjectStore, PutPayload};

/// The object store of uploaded images.
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// What the store is, for logs (`file:///…` or `s3://bucket`).
    pub describe: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage").field("describe", &self.describe).finish()
    }
}

impl Storage {
    /// The store named by `setting`: `s3://bucket[/prefix]` (endpoint,
    /// region and credentials from `AWS_ENDPOINT`, `AWS_REGION`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ALLOW_HTTP`),
    /// `file:///abs/dir`, or a directory path (created if missing).
    pub fn from_setting(setting: &str) -> anyhow::Result<Self> {
        if let Some(rest) = setting.strip_prefix("s3://") {
            let bucket = rest.split('/').next().unwrap_or_default();
            anyhow::ensure!(!bucket.is_empty(), "MEDIA_STORAGE_URL: `s3://` needs a bucket, e.g. s3://vitrine-media");
            let store = object_store::aws::AmazonS3Builder::from_env()
                .with_url(setting)
                .build()
                .map_err(|err| anyhow::anyhow!("MEDIA_STORAGE_URL: {err}"))?;
            return Ok(Self { store: Arc::new(store), describe: setting.to_owned() });
        }
        let dir = match setting.strip_prefix("file://") {
            Some(path) => std::path::PathBuf::from(path),
            None if setting.contains("://") => {
                anyhow::bail!("MEDIA_STORAGE_URL: `{setting}` is neither s3://bucket, file:///dir nor a directory")
            }
            None => std::path::PathBuf::from(setting),
        };
        Self::local(&dir)
    }

    /// Files under `dir` (created if missing).
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|err| anyhow::anyhow!("MEDIA_STORAGE_URL: cannot create {}: {err}", dir.display()))?;
        let dir = dir.canonicalize()?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(&dir)
            .map_err(|err| anyhow::anyhow!("MEDIA_STORAGE_URL: {err}"))?;
        Ok(Self { store: Arc::new(store), describe: format!("file://{}", dir.display()) })
    }

    /// Any object store (an S3 client built by the caller, e.g. in tests).
    pub fn new(store: Arc<dyn ObjectStore>, describe: impl Into<String>) -> Self {
        Self { store, describe: describe.into() }
    }

    /// Writes `bytes` at `key`.
    pub async fn put(&self, key: &str, bytes: Bytes) -> object_store::Result<()> {
        self.store.put(&StorePath::from(key), PutPayload::from_bytes(bytes)).await.map(|_| ())
    }

    /// The object at `key`, or `None`.
    pub async fn get(&self, key: &str) -> object_store::Result<Option<Bytes>> {
        match self.store.get(&StorePath::from(key)).await {
            Ok(found) => found.bytes().await.map(Some),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Removes the objects at `keys` (missing ones are fine); logs failures,
    /// since the rows are already gone and an orphan file harms no one.
    pub async fn delete_all(&self, keys: &[String]) {
        for key in keys {
            match self.store.delete(&StorePath::from(key.as_str())).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(err) => tracing::warn!(key, error = %err, "could not delete a stored image"),
            }
        }
    }
}

/// Whether `key` is one the service makes: `sites/<uuid>/<uuid>/<name>.<ext>`
/// in lower case, no `..`.
pub fn is_valid_key(key: &str) -> bool {
    let parts: Vec<&str> = key.split('/').collect();
    let [sites, site, media, name] = parts.as_slice() else { return false };
    *sites == "sites"
        && uuid::Uuid::parse_str(site).is_ok()
        && uuid::Uuid::parse_str(media).is_ok()
        && !name.is_empty()
        && name.len() <= 32
        && !name.starts_with('.')
        && !name.contains("..")
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_keys_of_the_service_s_own_shape_are_valid() {
        let good = "sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/w320.jpg";
        assert!(is_valid_key(good));
        for bad in [
            "",
            "../etc/passwd",
            "sites/x/y/z.jpg",
            "sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/../a.jpg",
            "sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/.hidden",
            "sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/A.JPG",
            "/sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/a.jpg",
        ] {
            assert!(!is_valid_key(bad), "{bad}");
        }
    }

    #[test]
    fn bad_settings_name_the_variable() {
        let err = Storage::from_setting("ftp://host/dir").expect_err("refused");
        assert!(err.to_string().contains("MEDIA_STORAGE_URL"), "{err}");
        let err = Storage::from_setting("s3://").expect_err("refused");
        assert!(err.to_string().contains("bucket"), "{err}");
    }
}
