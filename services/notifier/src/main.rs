//! `vitrine-notifier`: the notifier service on its own (see `vitrine-notifier --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_notifier::Notifier>()
}
