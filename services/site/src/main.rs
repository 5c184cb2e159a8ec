//! `vitrine-site`: the site service on its own (see `vitrine-site --help`).

fn main() {}
