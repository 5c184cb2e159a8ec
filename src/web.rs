//! The merchant dashboard in the all-in-one binary: `web/dist` served at `/`
//! with the SPA fallback (the web service's router), built on start when it
//! is missing or older than its sources.
//!
//! Building at start rather than in a `build.rs` keeps `cargo build` and
//! `cargo test` fast and offline, and lets a machine without Node still run
//! every API: the dashboard's pages then say how to build it. The build runs
//! in the background, so the APIs are ready at once; until it is done, page
//! loads get a "being built" page that reloads itself.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// Where the dashboard is and whether to build it.
#[derive(Debug, Clone, clap::Args)]
pub struct WebConfig {
    /// The dashboard's folder (`package.json`, `src/`); it is served from its `dist/`.
    #[arg(long, env = "VITRINE_WEB_DIR", default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/web"))]
    pub web_dir: PathBuf,
    /// `auto`: run `npm ci` and `npm run build` at start when `dist/` is missing or
    /// older than the sources; `never`: serve `dist/` as it is.
    #[arg(long, env = "VITRINE_WEB_BUILD", default_value = "auto", value_parser = ["auto", "never"])]
    pub web_build: String,
}

#[derive(Debug, Clone)]
enum Build {
    /// `dist/` is current (or we were told not to build).
    Idle,
    Running,
    Failed(String),
}

/// The dashboard's routes; starts its build in the background if it needs one.
pub fn router(config: &WebConfig) -> Router {
    let dist = config.web_dir.join("dist");
    let state = Arc::new(Mutex::new(Build::Idle));
    if config.web_build == "auto" && config.web_dir.join("package.json").is_file() {
        match staleness(&config.web_dir) {
            Some(reason) => {
                *state.lock().unwrap_or_else(PoisonError::into_inner) = Build::Running;
                tokio::spawn(build(config.web_dir.clone(), reason, Arc::clone(&state)));
            }
            None => tracing::info!(dist = %dist.display(), "dashboard is up to date"),
        }
    }
    let web_dir = config.web_dir.clone();
    let missing: vitrine_web::Missing = Arc::new(move || {
        let build = state.lock().unwrap_or_else(PoisonError::into_inner).clone();
        not_built(&web_dir, &build)
    });
    vitrine_web::router(dist, missing)
}

/// Why `dist/` must be (re)built, or `None` if it is current.
fn staleness(web_dir: &Path) -> Option<&'static str> {
    let Some(built) = modified(&web_dir.join("dist/index.html")) else {
        return Some("web/dist is missing");
    };
    let mut newest = SystemTime::UNIX_EPOCH;
    for name in ["index.html", "package.json", "package-lock.json", "vite.config.ts", "tsconfig.app.json"] {
        newest = newest.max(modified(&web_dir.join(name)).unwrap_or(SystemTime::UNIX_EPOCH));
    }
    newest = newest.max(newest_in(&web_dir.join("src"))).max(newest_in(&web_dir.join("public")));
    (newest > built).then_some("web/src changed since the last build")
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|meta| meta.modified()).ok()
}

fn newest_in(dir: &Path) -> SystemTime {
    let Ok(entries) = std::fs::read_dir(dir) else { return SystemTime::UNIX_EPOCH };
    entries
        .flatten()
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() { newest_in(&path) } else { modified(&path).unwrap_or(SystemTime::UNIX_EPOCH) }
        })
        .max()
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

async fn build(web_dir: PathBuf, reason: &'static str, state: Arc<Mutex<Build>>) {
    let outcome = run_build(&web_dir, reason).await;
    let next = match outcome {
        Ok(()) => {
            println!("\n  Dashboard built: reload it in your browser.\n");
            Build::Idle
        }
        Err(message) => {
            tracing::warn!(%message, "the dashboard could not be built; the APIs work without it");
            Build::Failed(message)
        }
    };
    *state.lock().unwrap_or_else(PoisonError::into_inner) = next;
}

async fn run_build(web_dir: &Path, reason: &str) -> Result<(), String> {
    if npm(web_dir, &["--version"], true).await.is_err() {
        return Err("Node.js (npm) was not found on this machine.".to_owned());
    }
    let installed = modified(&web_dir.join("node_modules/.package-lock.json"));
    let locked = modified(&web_dir.join("package-lock.json"));
    if installed.is_none() || locked > installed {
        println!("  Dashboard: {reason}; installing its dependencies (npm ci in {})…", web_dir.display());
        npm(web_dir, &["ci", "--no-audit", "--no-fund"], false).await?;
    }
    println!("  Dashboard: {reason}; building it (npm run build in {})…", web_dir.display());
    // Into a fresh folder, then merged in: pages already open keep their (hashed) assets,
    // and dist/ never stands half-built.
    npm(web_dir, &["run", "build", "--", "--outDir", NEXT_DIST, "--emptyOutDir"], false).await?;
    let (next, dist) = (web_dir.join(NEXT_DIST), web_dir.join("dist"));
    tokio::task::spawn_blocking(move || publish(&next, &dist))
        .await
        .map_err(|err| err.to_string())?
        .map_err(|err| format!("cannot move the new build into web/dist: {err}"))
}

/// Where a build goes before it is published into `dist/`.
const NEXT_DIST: &str = "dist.next";

/// Moves a finished build from `next` into `dist`: assets first (new names, old ones kept for
/// pages already open), `index.html` last, each by a rename.
fn publish(next: &Path, dist: &Path) -> std::io::Result<()> {
    if !dist.join("index.html").is_file() {
        if dist.exists() {
            std::fs::remove_dir_all(dist)?;
        }
        return std::fs::rename(next, dist);
    }
    merge(next, dist, true)?;
    std::fs::rename(next.join("index.html"), dist.join("index.html"))?;
    std::fs::remove_dir_all(next)
}

/// Moves every file of `from` into `to` (recursively), but the top `index.html`.
fn merge(from: &Path, to: &Path, top: bool) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            merge(&entry.path(), &target, false)?;
        } else if !(top && entry.file_name() == "index.html") {
            std::fs::rename(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Runs npm in `dir`, its output to our stderr (or nowhere when `quiet`).
async fn npm(dir: &Path, args: &[&str], quiet: bool) -> Result<(), String> {
    let mut command = tokio::process::Command::new("npm");
    command.args(args).current_dir(dir).stdin(std::process::Stdio::null()).kill_on_drop(true);
    if quiet {
        command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    } else {
        // npm's progress goes to the terminal, not into the JSON of our stdout.
        command.stdout(std::io::stderr()).stderr(std::io::stderr());
    }
    let status = command.status().await.map_err(|err| format!("cannot run npm: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`npm {}` failed ({status}); its output is above in the log.", args.join(" ")))
    }
}

/// The page shown instead of the dashboard while it is not built.
fn not_built(web_dir: &Path, build: &Build) -> Response {
    let dir = html_escape(&web_dir.display().to_string());
    let (title, body, refresh) = match build {
        Build::Running => (
            "The dashboard is being built",
            "<p>This is the first start (or the dashboard's sources changed): <code>npm ci</code> and \
             <code>npm run build</code> are running, which takes a minute. This page reloads by itself.</p>"
                .to_owned(),
            true,
        ),
        Build::Failed(message) => (
            "The dashboard could not be built",
            format!(
                "<p>{}</p><p>Install Node.js 20.19 or newer, then build it:</p>\
                 <pre>cd {dir}\nnpm ci\nnpm run build</pre><p>and reload this page (no restart needed).</p>",
                html_escape(message)
            ),
            false,
        ),
        Build::Idle => (
            "The dashboard is not built",
            format!("<p>Build it with Node.js 20.19 or newer:</p><pre>cd {dir}\nnpm ci\nnpm run build</pre>"),
            false,
        ),
    };
    let meta = if refresh { r#"<meta http-equiv="refresh" content="3">"# } else { "" };
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">{meta}\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Vitrine — {title}</title></head>\
         <body style=\"font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem\">\
         <h1>{title}</h1>{body}<p>The APIs work meanwhile: see <a href=\"/api/builder/docs\">/api/builder/docs</a>.</p>\
         </body></html>"
    );
    // While building, the page is a normal answer (it reloads itself), not a failure for the logs.
    let status = if refresh { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    let mut response = (status, Html(page)).into_response();
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("3"));
    response
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_dist_needs_a_build_and_a_fresh_one_does_not() {
        let dir = std::env::temp_dir().join(format!("vitrine-web-stale-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/main.tsx"), "x").unwrap();
        assert_eq!(staleness(&dir), Some("web/dist is missing"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::create_dir_all(dir.join("dist")).unwrap();
        std::fs::write(dir.join("dist/index.html"), "x").unwrap();
        assert_eq!(staleness(&dir), None);
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.join("src/main.tsx"), "y").unwrap();
        assert_eq!(staleness(&dir), Some("web/src changed since the last build"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_new_build_keeps_the_assets_of_pages_already_open() {
        let dir = std::env::temp_dir().join(format!("vitrine-web-publish-{}", std::process::id()));
        let (next, dist) = (dir.join("dist.next"), dir.join("dist"));
        for (path, text) in [
            (dist.join("index.html"), "old"),
            (dist.join("assets/app-old.js"), "old"),
            (next.join("index.html"), "new"),
            (next.join("assets/app-new.js"), "new"),
            (next.join("favicon.svg"), "icon"),
        ] {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        publish(&next, &dist).unwrap();
        assert_eq!(std::fs::read_to_string(dist.join("index.html")).unwrap(), "new");
        assert!(dist.join("assets/app-old.js").is_file() && dist.join("assets/app-new.js").is_file());
        assert!(dist.join("favicon.svg").is_file() && !next.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    async fn page_text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn the_not_built_page_escapes_the_error() {
        let response =
            not_built(Path::new("/w/<i>dir</i>"), &Build::Failed("<script>alert(1)</script> & \"npm\"".to_owned()));
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let page = page_text(response).await;
        // The error and the folder are shown, as text: no markup of theirs reaches the page.
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;npm&quot;"), "{page}");
        assert!(page.contains("cd /w/&lt;i&gt;dir&lt;/i&gt;"), "{page}");
        assert!(!page.contains("<script>") && !page.contains("<i>"), "{page}");
    }

    #[tokio::test]
    async fn the_page_shown_while_building_reloads_itself_and_is_not_an_error() {
        let response = not_built(Path::new("/w"), &Build::Running);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::RETRY_AFTER], "3");
        let page = page_text(response).await;
        assert!(page.contains(r#"<meta http-equiv="refresh" content="3">"#), "{page}");
    }
}
