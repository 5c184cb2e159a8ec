//! `vitrine-media`: the media service on its own (see `vitrine-media --help`).

fn main() -> std::process::ExitCode {
    vitrine_common::service::main::<vitrine_media::Media>()
}
