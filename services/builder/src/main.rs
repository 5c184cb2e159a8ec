//! `vitrine-builder`: the builder service on its own (see `vitrine-builder --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_builder::Builder>()
}
