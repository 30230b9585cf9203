//! `trawl`: extract clean article records from news pages with one YAML rule per site.
//!
//! This is the edge of the program: it parses arguments, runs the library and is the only
//! place that prints, errors included.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod args;
mod commands;

use std::process::ExitCode;

use args::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let cli = Cli::parse();
    cli.color.apply();
    if cli.rules_only {
        commands::use_given_rules_only();
    }
    match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Plugins(args) => commands::plugins::run(args),
        Command::PluginHost(args) => commands::plugin_host::run(args),
        Command::Schema(args) => commands::schema::run(args),
        Command::Scrub(args) => commands::scrub::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::New(args) => commands::new::run(args),
        Command::Test(args) => commands::test::run(args),
        Command::Fetch(args) => commands::fetch::run(args),
        Command::Crawl(args) => commands::crawl::run(args),
    }
}
