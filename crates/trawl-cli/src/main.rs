//! `trawl`: extract clean article records from news pages with one YAML rule per site.
//!
//! This is the edge of the program: it parses arguments, runs the library and is the only
//! place that prints, errors included.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use trawl_cli::output::Format;

/// Rule-driven article extraction: clean records from news pages.
#[derive(Parser)]
#[command(name = "trawl", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract article records from pages; one JSON record a line on stdout.
    Extract(ExtractArgs),
    /// Show how the rule reads a page: versions, each field's steps and values.
    Explain(ExplainArgs),
    /// Check a rule pack and report every error with file:line:col.
    Check(CheckArgs),
    /// Score a rule pack against a labelled corpus.
    Eval(EvalArgs),
    /// Measure extraction speed beside HTML parsing alone.
    Bench(BenchArgs),
    /// List the plugins found, with name, version, ABI and description.
    Plugins(PluginsArgs),
    /// Print the JSON Schema of rule files (for editors), or write it to a file.
    Schema(SchemaArgs),
    /// Turn a real page into a fixture fit to commit: markup kept, prose replaced.
    Scrub(ScrubArgs),
}

/// Arguments of `trawl scrub`.
#[derive(clap::Args)]
struct ScrubArgs {
    /// The real page (*.html, *.html.gz, or `-` for stdin).
    #[arg(value_name = "PAGE")]
    page: PathBuf,
    /// Where to write the fixture.
    #[arg(short, long, value_name = "FIXTURE")]
    output: PathBuf,
    /// Seed for the placeholder text (the same seed gives the same fixture).
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// Arguments of `trawl schema`.
#[derive(clap::Args)]
struct SchemaArgs {
    /// Write the schema here instead of stdout (e.g. rules/rule.schema.json).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `trawl extract`.
#[derive(clap::Args)]
struct ExtractArgs {
    /// Pages: files (*.html, *.html.gz), folders (searched recursively) or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Use this rule (name or file stem) for every page instead of matching by host.
    #[arg(long, value_name = "NAME")]
    rule: Option<String>,
    /// The page URL (one input only); else `<page>.url` beside the file, else the page's
    /// canonical link or og:url.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// When the pages were fetched (YYYY-MM-DD), to choose rule versions by date.
    #[arg(long, value_name = "DAY")]
    date: Option<chrono::NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// A plugin library to run on every record, after the rule's own plugins (repeatable).
    #[arg(long = "plugin", value_name = "PATH")]
    plugins: Vec<PathBuf>,
    /// Where the plugins that rules name are found; default: the folder of the trawl binary.
    #[arg(long, value_name = "DIR")]
    plugin_dir: Option<PathBuf>,
}

/// Arguments of `trawl plugins`.
#[derive(clap::Args)]
struct PluginsArgs {
    /// The plugin folder; default: the folder of the trawl binary.
    #[arg(long, value_name = "DIR")]
    plugin_dir: Option<PathBuf>,
    /// Also load these plugin libraries.
    #[arg(long = "plugin", value_name = "PATH")]
    plugins: Vec<PathBuf>,
}

/// Arguments of `trawl explain`.
#[derive(clap::Args)]
struct ExplainArgs {
    /// The page (*.html, *.html.gz, or `-` for stdin).
    #[arg(value_name = "PAGE")]
    page: PathBuf,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Use this rule (name or file stem) instead of matching by host.
    #[arg(long, value_name = "NAME")]
    rule: Option<String>,
    /// The page URL; else `<page>.url` beside the file, else the page's canonical link.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// When the page was fetched (YYYY-MM-DD), to choose rule versions by date.
    #[arg(long, value_name = "DAY")]
    date: Option<chrono::NaiveDate>,
    /// `text` for a terminal, `json` for tools.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    format: ExplainFormat,
    /// Also write a self-contained HTML report: the page with each field's elements outlined.
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
}

/// Formats of `trawl explain`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExplainFormat {
    /// Plain text, coloured on a terminal.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `trawl check`.
#[derive(clap::Args)]
struct CheckArgs {
    /// The rule pack to check; default: the bundled one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

/// Arguments of `trawl eval`.
#[derive(clap::Args)]
struct EvalArgs {
    /// The corpus: `<cc>/<Publisher>/<date>.html` with `.expected.json` beside each page.
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Also write every page's result as JSON to this file.
    #[arg(long, value_name = "OUT")]
    json: Option<PathBuf>,
    /// Show each differing field of one page (its id, e.g. `us/Reuters/2024_03_07`, or path).
    #[arg(long, value_name = "PAGE")]
    diff: Option<String>,
    /// List every publisher, including those without a rule.
    #[arg(long)]
    all: bool,
}

/// Arguments of `trawl bench`.
#[derive(clap::Args)]
struct BenchArgs {
    /// A folder of pages (or files).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
    /// Rounds to run; the best of each is reported.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => commands::extract::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Plugins(args) => commands::plugins::run(args),
        Command::Schema(args) => commands::schema::run(args),
        Command::Scrub(args) => commands::scrub::run(args),
    }
}
