//! The command line: every subcommand and flag, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use trawl_cli::inputs::Input;
use trawl_cli::output::Format;
use trawl_engine::PageInput;

/// Rule-driven article extraction: clean records from news pages.
#[derive(Parser)]
#[command(name = "trawl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// Start a rule for a new site from one of its pages: rule, fixture, pending snapshot.
    New(NewArgs),
}

/// Arguments of `trawl new`.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The site's domain, e.g. `example-times.com`; the rule is written to <rules>/<domain>.yaml.
    #[arg(value_name = "DOMAIN")]
    pub domain: String,
    /// A page of the site to learn from (*.html, *.html.gz, or `-`).
    #[arg(long, value_name = "PAGE")]
    pub from: PathBuf,
    /// The page's URL; else `<page>.url` beside it, else its canonical link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The rules folder to write to.
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
    /// The fixtures folder; the scrubbed page goes to <fixtures>/<domain>/<name>.html.
    #[arg(long, value_name = "DIR", default_value = "tests/fixtures")]
    pub fixtures: PathBuf,
    /// The snapshots folder; the pending snapshot goes to <snapshots>/<domain>@<name>.snap.new.
    #[arg(long, value_name = "DIR", default_value = "snapshots")]
    pub snapshots: PathBuf,
    /// The fixture's name; default: the page's file name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Overwrite a rule file that already exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `trawl scrub`.
#[derive(clap::Args)]
pub struct ScrubArgs {
    /// The real page (*.html, *.html.gz, or `-` for stdin).
    #[arg(value_name = "PAGE")]
    pub page: PathBuf,
    /// Where to write the fixture.
    #[arg(short, long, value_name = "FIXTURE")]
    pub output: PathBuf,
    /// Seed for the placeholder text (the same seed gives the same fixture).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

/// Arguments of `trawl schema`.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// Write the schema here instead of stdout (e.g. rules/rule.schema.json).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The options `extract` and `explain` share: which rules, and what is known of the pages.
#[derive(clap::Args)]
pub struct PageArgs {
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Use this rule (name or file stem) instead of matching by host.
    #[arg(long, value_name = "NAME")]
    pub rule: Option<String>,
    /// The page URL (one page only); else `<page>.url` beside the file, else the page's
    /// canonical link or og:url.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// When the pages were fetched (YYYY-MM-DD), to choose rule versions by date.
    #[arg(long, value_name = "DAY")]
    pub date: Option<chrono::NaiveDate>,
}

impl PageArgs {
    /// The URL of `page`: `--url`, else the `<page>.url` file beside it.
    pub fn url_for(&self, page: &Input) -> Option<String> {
        self.url.clone().or_else(|| page.sidecar_url())
    }

    /// What the engine needs to know of a page with these options.
    pub fn input<'a>(&'a self, bytes: &'a [u8], url: Option<&'a str>) -> PageInput<'a> {
        PageInput {
            bytes,
            url,
            date: self.date,
            rule: self.rule.as_deref(),
            ..PageInput::default()
        }
    }
}

/// Arguments of `trawl extract`.
#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Pages: files (*.html, *.html.gz), folders (searched recursively) or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Which rules, and what is known of the pages.
    #[command(flatten)]
    pub pages: PageArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// A plugin library to run on every record, after the rule's own plugins (repeatable).
    #[arg(long = "plugin", value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
    /// Where the plugins that rules name are found; default: the folder of the trawl binary.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Pages extracted at once; default: one per core. Output keeps the input order.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Use the generic extractor on every page, even where a rule exists.
    #[arg(long, conflicts_with = "no_generic")]
    pub generic: bool,
    /// Never use the generic extractor: a page with no rule is an error, and a rule's empty
    /// title or body stays empty.
    #[arg(long)]
    pub no_generic: bool,
}

impl ExtractArgs {
    /// When the generic extractor is used.
    pub fn mode(&self) -> trawl_generic::Mode {
        if self.generic {
            trawl_generic::Mode::Always
        } else if self.no_generic {
            trawl_generic::Mode::Never
        } else {
            trawl_generic::Mode::Fallback
        }
    }
}

/// Arguments of `trawl plugins`.
#[derive(clap::Args)]
pub struct PluginsArgs {
    /// The plugin folder; default: the folder of the trawl binary.
    #[arg(long, value_name = "DIR")]
    pub plugin_dir: Option<PathBuf>,
    /// Also load these plugin libraries.
    #[arg(long = "plugin", value_name = "PATH")]
    pub plugins: Vec<PathBuf>,
}

/// Arguments of `trawl explain`.
#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The page (*.html, *.html.gz, or `-` for stdin).
    #[arg(value_name = "PAGE")]
    pub page: PathBuf,
    /// Which rules, and what is known of the page.
    #[command(flatten)]
    pub pages: PageArgs,
    /// `text` for a terminal, `json` for tools.
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
    /// Also write a self-contained HTML report: the page with each field's elements outlined.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
}

/// Formats of `trawl explain`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Plain text, coloured on a terminal.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `trawl check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// The rule pack to check; default: the bundled one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// Arguments of `trawl eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// The corpus: `<cc>/<Publisher>/<date>.html` with `.expected.json` beside each page.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Also write every page's result as JSON to this file.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    /// Show each differing field of one page (its id, e.g. `us/Reuters/2024_03_07`, or path).
    #[arg(long, value_name = "PAGE")]
    pub diff: Option<String>,
    /// List every publisher, including those without a rule.
    #[arg(long)]
    pub all: bool,
    /// Score the generic extractor on every page, rules switched off.
    #[arg(long, conflicts_with = "records")]
    pub generic: bool,
    /// Score records made by another extractor: JSON Lines, each record with the page `id`
    /// (see `scripts/bench-trafilatura.py`).
    #[arg(long, value_name = "FILE")]
    pub records: Option<PathBuf>,
}

/// Arguments of `trawl bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// A folder of pages (or files).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Use the rule pack in this folder instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Rounds to run; the best of each is reported.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Measure the generic extractor (rules off) instead of the rules.
    #[arg(long)]
    pub generic: bool,
}
