//! `openapi`: writes every service's OpenAPI document without starting a
//! server or a database, so the dashboard's API types (`web/src/api/schema/`)
//! are generated reproducibly (`cd web && npm run gen:api`).
//!
//! `cargo run --bin openapi` writes `web/openapi/<service>.json`;
//! `cargo run --bin openapi -- DIR` writes them into DIR instead;
//! `cargo run --bin openapi -- --print builder` prints one document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Each service's name and its document, as the service builds it from its handlers.
fn documents() -> Vec<(&'static str, utoipa::openapi::OpenApi)> {
    vec![
        ("builder", vitrine_builder::openapi()),
        ("site", vitrine_site::openapi()),
        ("media", vitrine_media::openapi()),
        ("promotion", vitrine_promotion::openapi()),
        ("experiment", vitrine_experiment::openapi()),
    ]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, service] if flag == "--print" => print(service),
        [] => write(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web/openapi")),
        [dir] if !dir.starts_with('-') => write(Path::new(dir)),
        _ => {
            eprintln!("usage: openapi [DIR] | openapi --print <service>");
            ExitCode::FAILURE
        }
    }
}

fn print(service: &str) -> ExitCode {
    let Some((_, document)) = documents().into_iter().find(|(name, _)| *name == service) else {
        eprintln!("openapi: no service named {service:?}");
        return ExitCode::FAILURE;
    };
    match document.to_pretty_json() {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("openapi: {service}: {err}");
            ExitCode::FAILURE
        }
    }
}

fn write(dir: &Path) -> ExitCode {
    if let Err(err) = std::fs::create_dir_all(dir) {
        eprintln!("openapi: cannot create {}: {err}", dir.display());
        return ExitCode::FAILURE;
    }
    for (service, document) in documents() {
        let path = dir.join(format!("{service}.json"));
        let written = document
            .to_pretty_json()
            .map_err(|err| err.to_string())
            .and_then(|json| std::fs::write(&path, json + "\n").map_err(|err| err.to_string()));
        if let Err(err) = written {
            eprintln!("openapi: {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("openapi: wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_registered_api_service_has_its_document_here() {
        let expected: Vec<String> = vitrine_testkit::registry::services()
            .into_iter()
            .filter(|s| s.is_api() && s.is_in_tree())
            .map(|s| s.name)
            .collect();
        let names: Vec<String> = super::documents().into_iter().map(|(name, _)| name.to_owned()).collect();
        assert_eq!(names, expected, "src/bin/openapi.rs documents differ from services.toml");
    }
}
