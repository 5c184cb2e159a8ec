//! `vitrine-customer`: the customer service on its own (see `vitrine-customer --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_customer::Customer>()
}
