//! `vitrine-promotion`: the promotion service on its own (see `vitrine-promotion --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_promotion::Promotion>()
}
