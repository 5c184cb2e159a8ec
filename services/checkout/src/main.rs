//! `vitrine-checkout`: the checkout service on its own (see `vitrine-checkout --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_checkout::Checkout>()
}
