//! `vitrine-experiment`: the experiment service on its own (see `vitrine-experiment --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_experiment::Experiment>()
}
