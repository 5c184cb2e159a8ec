//! `vitrine-site`: the site service on its own (see `vitrine-site --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_site::Site>()
}
