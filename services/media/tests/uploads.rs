//! Uploads: files stored through `object_store` in a real directory and in a
//! real S3-compatible server (s3s-fs, see ADR 0026), sniffed, resized and
//! served; and the broken-URL checker against a real HTTP server.

use std::io::Cursor;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use uuid::Uuid;
use vitrine_common::resource::ScopedState;
use vitrine_media::config::CheckerConfig;
use vitrine_media::domain::UrlPolicy;
use vitrine_media::storage::Storage;
use vitrine_testkit::{Merchant, TestClient, TestDb, keys};

const BOUNDARY: &str = "vitrine-test-boundary-7MA4YWxkTrZu0gW";

fn app(db: &TestDb, storage: Storage, max_upload: usize) -> TestClient {
    let state = ScopedState::new(&keys::token_config(), db.pool_for(vitrine_media::DB)).expect("media state");
    let router =
        vitrine_media::with_storage(vitrine_media::app(state), UrlPolicy::default(), Some(storage), max_upload);
    TestClient::new(vitrine_common::server::stack(router, Duration::from_secs(30)))
}

async fn product(db: &TestDb, site: Uuid, slug: &str) -> Uuid {
    let id = Uuid::now_v7();
    sqlx::query("INSERT INTO site.products (id, site_id, title, slug) VALUES ($1, $2, $3, $3)")
        .bind(id)
        .bind(site)
        .bind(slug)
        .execute(&db.admin_pool())
        .await
        .expect("inserting a product");
    id
}

async fn shop(db: &TestDb) -> (Merchant, Uuid, Uuid) {
    let alice = db.merchant("alice").await;
    let site = db.site(&alice, "shop").await;
    let product = product(db, site, "shoe").await;
    (alice, site, product)
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 251) as u8, (y % 241) as u8, 120]));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).expect("encoding a PNG");
    out.into_inner()
}

/// A multipart body with a `file` part and text parts.
fn multipart(file: Option<(&str, &str, &[u8])>, texts: &[(&str, &str)]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in texts {
        body.extend_from_slice(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    if let Some((filename, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(
    client: &TestClient,
    owner: &Merchant,
    site: Uuid,
    product: Uuid,
    body: Vec<u8>,
) -> vitrine_testkit::TestResponse {
    let request = Request::post(format!("/api/media/sites/{site}/products/{product}/media/upload"))
        .header(header::AUTHORIZATION, format!("Bearer {}", owner.token))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("request");
    client.send(request).await
}

/// Uploads a 2000 × 1500 PNG and checks everything a merchant and a shopper see.
/// `files` is the directory the store keeps its objects in (local files, or the S3 server's own).
async fn an_upload_is_stored_resized_and_served(storage: Storage, files: &std::path::Path) {
    let db = TestDb::new().await;
    let client = app(&db, storage, 10 * 1024 * 1024);
    let (alice, site, product) = shop(&db).await;
    let original = png(2000, 1500);

    let response = upload(
        &client,
        &alice,
        site,
        product,
        multipart(Some(("shoe.png", "application/octet-stream", &original)), &[("alt", "Red shoe, side view")]),
    )
    .await;

    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let media = response.json();
    assert_eq!(media["source"], "upload");
    assert_eq!(media["alt"], "Red shoe, side view");
    assert_eq!((media["width"].as_i64(), media["height"].as_i64()), (Some(2000), Some(1500)));
    assert_eq!(media["check"]["status"], "ok");
    let versions = media["versions"].as_array().expect("versions");
    let sizes: Vec<(i64, i64)> =
        versions.iter().map(|v| (v["width"].as_i64().unwrap_or(0), v["height"].as_i64().unwrap_or(0))).collect();
    assert_eq!(sizes, vec![(320, 240), (800, 600), (1600, 1200)]);

    let url = media["url"].as_str().expect("url");
    assert!(url.starts_with(&format!("/api/media/files/sites/{site}/")), "{url}");
    let served = client.get(url, None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(served.header("cache-control"), Some("public, max-age=31536000, immutable"));
    assert_eq!(served.body, original, "the original is kept byte for byte");
    for version in versions {
        let served = client.get(version["url"].as_str().expect("url"), None).await;
        assert_eq!(served.status, StatusCode::OK);
        assert_eq!(served.header("content-type"), Some("image/jpeg"));
        let decoded = image::load_from_memory(&served.body).expect("a JPEG");
        assert_eq!(i64::from(decoded.width()), version["width"].as_i64().unwrap_or(0));
    }

    // Listed with the given URLs, in the public list too.
    let list = client.get(&format!("/api/media/public/shop/products/{product}/media"), None).await.json();
    assert_eq!(list["items"][0]["versions"].as_array().map(Vec::len), Some(3));

    // The objects really are in the store's directory: the original and three versions.
    let stored = walk(files);
    assert_eq!(stored.len(), 4, "{stored:?}");
    assert!(stored.iter().any(|path| path.ends_with("w1600.jpg")), "{stored:?}");

    // Deleting the image deletes its files.
    let id = media["id"].as_str().expect("id");
    let gone =
        client.delete(&format!("/api/media/sites/{site}/products/{product}/media/{id}"), Some(&alice.token)).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    client.get(url, None).await.assert_problem(StatusCode::NOT_FOUND);
    client.get(versions[0]["url"].as_str().expect("url"), None).await.assert_problem(StatusCode::NOT_FOUND);
    assert!(walk(files).is_empty(), "{:?}", walk(files));
}

#[tokio::test]
async fn an_upload_is_stored_resized_and_served_from_local_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let storage = Storage::from_setting(&format!("file://{}", dir.path().display())).expect("local storage");
    an_upload_is_stored_resized_and_served(storage, dir.path()).await;
}

#[tokio::test]
async fn an_upload_is_stored_resized_and_served_from_s3_compatible_storage() {
    let server = S3Server::start().await;
    an_upload_is_stored_resized_and_served(server.storage(), &server.root.path().join(BUCKET)).await;
}

#[tokio::test]
async fn files_other_than_jpeg_png_gif_and_webp_are_refused_whatever_they_claim() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 10 * 1024 * 1024);
    let (alice, site, product) = shop(&db).await;

    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>";
    let body = upload(&client, &alice, site, product, multipart(Some(("x.png", "image/png", svg)), &[]))
        .await
        .assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["errors"][0]["field"], "file");

    let text = upload(&client, &alice, site, product, multipart(Some(("a.jpg", "image/jpeg", b"hello")), &[])).await;
    text.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // A PNG cut in half: the right signature, unreadable pixels.
    let whole = png(300, 300);
    let cut =
        upload(&client, &alice, site, product, multipart(Some(("a.png", "image/png", &whole[..whole.len() / 2])), &[]))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(cut["errors"][0]["field"], "file");

    // JSON to the upload route, and a form without a file.
    let json = client
        .post(
            &format!("/api/media/sites/{site}/products/{product}/media/upload"),
            Some(&alice.token),
            serde_json::json!({}),
        )
        .await;
    json.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let no_file = upload(&client, &alice, site, product, multipart(None, &[("alt", "x")]))
        .await
        .assert_problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(no_file["errors"][0]["field"], "file");

    // Nothing was stored.
    assert!(walk(dir.path()).is_empty(), "{:?}", walk(dir.path()));
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_413() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 64 * 1024);
    let (alice, site, product) = shop(&db).await;
    let big: Vec<u8> = png(1, 1).into_iter().chain(std::iter::repeat_n(0u8, 100 * 1024)).collect();

    let body = upload(&client, &alice, site, product, multipart(Some(("big.png", "image/png", &big)), &[]))
        .await
        .assert_problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["errors"][0]["field"], "file");
}

#[tokio::test]
async fn only_the_owner_uploads_and_only_to_a_product_of_the_site() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 10 * 1024 * 1024);
    let (_alice, site, product) = shop(&db).await;
    let mallory = db.merchant("mallory").await;
    let file = png(10, 10);

    upload(&client, &mallory, site, product, multipart(Some(("a.png", "image/png", &file)), &[]))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    let theirs = db.site(&mallory, "other").await;
    upload(&client, &mallory, theirs, product, multipart(Some(("a.png", "image/png", &file)), &[]))
        .await
        .assert_problem(StatusCode::NOT_FOUND);
    assert!(walk(dir.path()).is_empty());
}

#[tokio::test]
async fn file_paths_outside_the_service_s_keys_are_not_found() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("secret.txt"), "secret").expect("writing");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 1024 * 1024);
    for path in [
        "/api/media/files/sites/x/y/secret.txt",
        "/api/media/files/sites/..%2F..%2F/secret.txt/a",
        "/api/media/files/sites/0190a3c2-7d5e-7000-8000-000000000001/0190a3c2-7d5e-7000-8000-000000000002/..",
    ] {
        let response = client.get(path, None).await;
        assert!(response.status.is_client_error(), "{path}: {}", response.status);
        assert_ne!(response.text(), "secret");
    }
}

// ---- the broken-URL checker --------------------------------------------------

/// A real HTTP server with an image, a missing path and an HTML page.
async fn image_host() -> SocketAddr {
    use axum::routing::get;
    let png = png(4, 4);
    let app = axum::Router::new()
        .route("/ok.png", get(move || async move { ([(header::CONTENT_TYPE, "image/png")], png) }))
        .route("/page", get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html></html>") }))
        .route("/moved", get(|| async { axum::response::Redirect::permanent("/ok.png") }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn add_url(client: &TestClient, owner: &Merchant, site: Uuid, product: Uuid, url: &str) -> Value {
    let response = client
        .post(
            &format!("/api/media/sites/{site}/products/{product}/media"),
            Some(&owner.token),
            serde_json::json!({"url": url}),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    response.json()
}

#[tokio::test]
async fn the_checker_flags_urls_that_do_not_answer_with_an_image() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 1024 * 1024);
    let (alice, site, product) = shop(&db).await;
    let host = image_host().await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let ok = add_url(&client, &alice, site, product, &format!("http://{host}/ok.png")).await;
    let moved = add_url(&client, &alice, site, product, &format!("http://{host}/moved")).await;
    let missing = add_url(&client, &alice, site, product, &format!("http://{host}/missing.png")).await;
    let page = add_url(&client, &alice, site, product, &format!("http://{host}/page")).await;
    let dead = add_url(&client, &alice, site, product, &format!("http://{closed}/a.png")).await;
    assert_eq!(ok["check"]["status"], "unchecked");

    let config = CheckerConfig { media_check_every_secs: 3600, media_check_allow_private_targets: true };
    let checker =
        vitrine_media::checker::Checker::new(db.pool_for(vitrine_media::DB), &config).expect("checker").expect("on");
    assert_eq!(checker.round().await.expect("a round"), 5);
    assert_eq!(checker.round().await.expect("a round"), 0, "nothing is due again before an hour");

    let check = |media: &Value| {
        let client = client.clone();
        let token = alice.token.clone();
        let id = media["id"].as_str().unwrap_or_default().to_owned();
        async move {
            client.get(&format!("/api/media/sites/{site}/products/{product}/media/{id}"), Some(&token)).await.json()["check"]
                .clone()
        }
    };
    let ok = check(&ok).await;
    assert_eq!((ok["status"].as_str(), ok["http_status"].as_i64()), (Some("ok"), Some(200)));
    assert_eq!(ok["content_type"], "image/png");
    assert_eq!(check(&moved).await["status"], "ok", "a redirect to an image is fine");
    let missing = check(&missing).await;
    assert_eq!((missing["status"].as_str(), missing["http_status"].as_i64()), (Some("broken"), Some(404)));
    assert_eq!(missing["error"], "answered HTTP 404");
    let page = check(&page).await;
    assert_eq!(page["status"], "broken");
    assert_eq!(page["error"], "is not an image (text/html)");
    let dead = check(&dead).await;
    assert_eq!((dead["status"].as_str(), dead["http_status"].as_i64()), (Some("broken"), None));

    // A changed URL is checked again.
    let id = missing_id(&client, &alice, site, product, &format!("http://{host}/missing.png")).await;
    let patched = client
        .patch(
            &format!("/api/media/sites/{site}/products/{product}/media/{id}"),
            Some(&alice.token),
            serde_json::json!({"url": format!("http://{host}/ok.png")}),
        )
        .await
        .json();
    assert_eq!(patched["check"]["status"], "unchecked");
    assert_eq!(checker.round().await.expect("a round"), 1);
}

async fn missing_id(client: &TestClient, owner: &Merchant, site: Uuid, product: Uuid, url: &str) -> String {
    let list =
        client.get(&format!("/api/media/sites/{site}/products/{product}/media"), Some(&owner.token)).await.json();
    list["items"]
        .as_array()
        .and_then(|items| items.iter().find(|m| m["url"] == url))
        .and_then(|m| m["id"].as_str())
        .expect("the image")
        .to_owned()
}

#[tokio::test]
async fn the_checker_never_fetches_private_addresses_unless_allowed() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let client = app(&db, Storage::local(dir.path()).expect("storage"), 1024 * 1024);
    let (alice, site, product) = shop(&db).await;
    let host = image_host().await;
    let media = add_url(&client, &alice, site, product, &format!("http://{host}/ok.png")).await;
    let named = add_url(&client, &alice, site, product, &format!("http://localhost:{}/ok.png", host.port())).await;

    let config = CheckerConfig { media_check_every_secs: 3600, media_check_allow_private_targets: false };
    let checker =
        vitrine_media::checker::Checker::new(db.pool_for(vitrine_media::DB), &config).expect("checker").expect("on");
    assert_eq!(checker.round().await.expect("a round"), 2);

    for media in [media, named] {
        let id = media["id"].as_str().expect("id");
        let check = client
            .get(&format!("/api/media/sites/{site}/products/{product}/media/{id}"), Some(&alice.token))
            .await
            .json()["check"]
            .clone();
        assert_eq!(check["status"], "broken", "{check}");
        assert_eq!(check["http_status"], Value::Null, "nothing was fetched: {check}");
    }
}

// ---- a real S3-compatible server ---------------------------------------------

/// s3s-fs (an S3 server over a directory, from the s3s project) on a port of
/// its own, stopped when dropped. Its binary comes from
/// `scripts/install-s3s-fs.sh` (or `S3S_FS_BIN`).
struct S3Server {
    child: std::process::Child,
    root: tempfile::TempDir,
    endpoint: String,
}

const BUCKET: &str = "vitrine-media";
const ACCESS_KEY: &str = "vitrine-test";
const SECRET_KEY: &str = "vitrine-test-secret";

/// The pinned s3s-fs in .tools/, installed there first if missing (the
/// script is idempotent; the lock makes the tests of this binary install it
/// once), so `cargo test --workspace` works on a fresh clone.
fn install_s3s_fs() -> String {
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let _once = INSTALL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let status = std::process::Command::new(format!("{root}/scripts/install-s3s-fs.sh"))
        .status()
        .expect("running scripts/install-s3s-fs.sh");
    assert!(status.success(), "scripts/install-s3s-fs.sh failed ({status})");
    format!("{root}/.tools/s3s-fs/bin/s3s-fs")
}

impl S3Server {
    async fn start() -> Self {
        let bin = match std::env::var("S3S_FS_BIN") {
            Ok(bin) => bin,
            Err(_) => install_s3s_fs(),
        };
        assert!(
            std::path::Path::new(&bin).exists(),
            "the S3-compatible test server is not at {bin}: run scripts/install-s3s-fs.sh (or set S3S_FS_BIN)"
        );
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join(BUCKET)).expect("bucket directory");
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            listener.local_addr().expect("addr").port()
        };
        let child = std::process::Command::new(&bin)
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--access-key",
                ACCESS_KEY,
                "--secret-key",
                SECRET_KEY,
            ])
            .arg(root.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starting s3s-fs");
        let endpoint = format!("http://127.0.0.1:{port}");
        // Dropping the server (here, or when the test ends) stops and reaps it.
        let server = Self { child, root, endpoint };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("s3s-fs did not listen on {} within 5 s", server.endpoint);
    }

    fn storage(&self) -> Storage {
        let store = object_store::aws::AmazonS3Builder::new()
            .with_bucket_name(BUCKET)
            .with_endpoint(&self.endpoint)
            .with_region("us-east-1")
            .with_access_key_id(ACCESS_KEY)
            .with_secret_access_key(SECRET_KEY)
            .with_allow_http(true)
            .with_virtual_hosted_style_request(false)
            .build()
            .expect("an S3 client");
        Storage::new(Arc::new(store), format!("s3://{BUCKET}"))
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() { stack.push(path) } else { files.push(path) }
        }
    }
    files
}
