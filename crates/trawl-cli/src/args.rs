//! The command line: every subcommand and flag, as clap reads them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use trawl::inputs::Input;
use trawl::PluginMode;
use trawl_cli::output::Format;
use trawl_engine::PageInput;

/// Rule-driven article extraction: clean records from news pages.
#[derive(Parser)]
#[command(name = "trawl", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: `auto` (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// forces it), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use the rules folder (`--rules`, TRAWL_RULES or ./rules) alone; by default its rules
    /// layer over the bundled pack, a folder's rule winning for its hosts.
    #[arg(long, global = true)]
    pub rules_only: bool,
}

/// The `--color` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, following NO_COLOR and CLICOLOR_FORCE.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Applies the choice to every anstream output of the process.
    pub fn apply(self) {
        let choice = match self {
            ColorChoice::Auto => anstream::ColorChoice::Auto,
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
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
    /// Translate other tools' site rules into trawl rules: `trawl import ftr DIR --out DIR`.
    Import(ImportArgs),
    /// Start a rule for a new site from one of its pages: rule, fixture, first snapshot.
    New(NewArgs),
    /// Check a pack's fixtures against their reviewed records (snapshots); show what changed.
    Test(TestArgs),
    /// Fetch pages politely into a WARC file (and extract them with --extract).
    Fetch(FetchArgs),
    /// Find new articles in the rules' feeds and sitemaps and fetch them into WARC files.
    Crawl(CrawlArgs),
    /// The plugin host child process that `extract` starts (not for direct use).
    #[command(name = "plugin-host", hide = true)]
    PluginHost(PluginHostArgs),
}

/// How politely to fetch; the defaults are the polite ones.
#[derive(clap::Args)]
pub struct PolitenessArgs {
    /// The User-Agent sent; its first word is the name robots.txt rules are read for.
    #[arg(long, value_name = "UA", default_value = trawl_fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Seconds between two requests to one host, at least (a longer Crawl-delay wins).
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    pub delay: f64,
    /// Seconds one request may take.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub timeout: f64,
    /// The most bytes of a response kept (longer ones are cut and marked truncated).
    #[arg(long, value_name = "BYTES", default_value_t = 10 << 20)]
    pub max_bytes: u64,
    /// Retries after a 429, a 5xx or a network error.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
    /// Seconds before the first retry when the server sends no Retry-After (doubled each time).
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub backoff: f64,
    /// Stop a host after this many 403/429 answers in a row.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_refusals: u32,
    /// Hosts fetched from at once (one connection each).
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub hosts: usize,
}

impl PolitenessArgs {
    /// The settings these flags give.
    pub fn politeness(&self) -> trawl_fetch::Politeness {
        let secs = |s: f64| Duration::from_secs_f64(s.max(0.0));
        trawl_fetch::Politeness {
            user_agent: self.user_agent.clone(),
            delay: secs(self.delay),
            timeout: secs(self.timeout),
            max_bytes: self.max_bytes,
            retries: self.retries,
            backoff: secs(self.backoff),
            max_refusals: self.max_refusals.max(1),
            parallel_hosts: self.hosts.max(1),
            ..trawl_fetch::Politeness::default()
        }
    }
}

/// What `fetch` and `crawl` do with the pages besides archiving them.
#[derive(clap::Args)]
pub struct FetchOutputArgs {
    /// Also extract each fetched page and write its record on stdout.
    #[arg(long)]
    pub extract: bool,
    /// The rule pack folder (for `crawl`, its sources too); default: $TRAWL_RULES, else
    /// ./rules when it holds rules, else the bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Output format of the records.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// With --extract, the largest page extracted, in MiB, once decoded (gzip), as for
    /// `extract`; a page over it fails alone ("too large" in the summary).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_page_size: u64,
}

/// Arguments of `trawl fetch`.
#[derive(clap::Args)]
pub struct FetchArgs {
    /// URLs to fetch.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// A file of URLs, one a line (`#` comments and blank lines ignored).
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// The WARC file to append to (`.warc.gz`: one gzip member per record).
    #[arg(long, value_name = "OUT.warc.gz")]
    pub warc: PathBuf,
    /// The state database; default: <OUT>.state beside the WARC file.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// What to do besides archiving.
    #[command(flatten)]
    pub output: FetchOutputArgs,
    /// How politely.
    #[command(flatten)]
    pub politeness: PolitenessArgs,
}

/// Arguments of `trawl crawl`.
#[derive(clap::Args)]
pub struct CrawlArgs {
    /// Crawl only these sites (rule name or file stem; repeatable); default: every rule
    /// with `sources:`.
    #[arg(long = "site", value_name = "NAME")]
    pub sites: Vec<String>,
    /// Skip listed URLs dated before this day (YYYY-MM-DD); default: two days ago.
    #[arg(long, value_name = "DAY")]
    pub since: Option<chrono::NaiveDate>,
    /// At most this many new articles per site, newest first.
    #[arg(long, value_name = "N")]
    pub max: Option<usize>,
    /// The folder for the WARC files (one per run) and the state database (state.redb).
    #[arg(long, value_name = "DIR")]
    pub warc_dir: PathBuf,
    /// What to do besides archiving.
    #[command(flatten)]
    pub output: FetchOutputArgs,
    /// How politely.
    #[command(flatten)]
    pub politeness: PolitenessArgs,
}

/// Arguments of the hidden `trawl plugin-host`.
#[derive(clap::Args)]
pub struct PluginHostArgs {
    /// The plugin libraries to load, in the order calls number them.
    #[arg(value_name = "LIB")]
    pub libraries: Vec<PathBuf>,
}

/// Arguments of `trawl new`.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The site's domain, e.g. `example-times.com`; the rule is written to <rules>/<domain>.yaml.
    #[arg(value_name = "DOMAIN")]
    pub domain: String,
    /// A page of the site to learn from (*.html, *.html.gz, or `-`); give several pages of
    /// the site (`--from a.html --from b.html`) for selectors that hold on all of them.
    #[arg(long, value_name = "PAGE", required = true)]
    pub from: Vec<PathBuf>,
    /// The page's URL, with one `--from`; else `<page>.url` beside each page, else its
    /// canonical link.
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The rules folder to write to.
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
    /// The fixtures folder; the scrubbed page goes to <fixtures>/<domain>/<name>.html.
    /// Default: <rules>/fixtures (tests/fixtures in this repository).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// The snapshots folder; the first snapshot goes to <snapshots>/<domain>@<name>.snap.
    /// Default: <rules>/snapshots (snapshots in this repository).
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// The fixture's name, with one `--from`; default: each page's file name.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Overwrite a rule file that already exists.
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `trawl test`.
#[derive(clap::Args)]
pub struct TestArgs {
    /// Only the fixtures whose host or name contains one of these words.
    #[arg(value_name = "FILTER")]
    pub filters: Vec<String>,
    /// The pack's folder; default: $TRAWL_RULES, else ./rules.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// The fixtures folder; default: <rules>/fixtures (tests/fixtures in this repository).
    #[arg(long, value_name = "DIR")]
    pub fixtures: Option<PathBuf>,
    /// The snapshots folder; default: <rules>/snapshots (snapshots in this repository).
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Take every changed or new record as the reviewed one.
    #[arg(long, conflicts_with = "review")]
    pub accept: bool,
    /// Ask, record by record, whether to take each changed or new one.
    #[arg(long)]
    pub review: bool,
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
    /// The rule pack whose phrases stay verbatim (text that `contains`, `matches` and the
    /// like look for); default: $TRAWL_RULES, else ./rules when it holds rules, else the
    /// bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
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
    /// The rule pack folder; default: $TRAWL_RULES, else ./rules when it holds rules, else the
    /// bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Use this rule (name or file stem) instead of matching by host.
    #[arg(long, value_name = "NAME")]
    pub rule: Option<String>,
    /// The page URL (one page only); else `<page>.url` beside the file, else the page's
    /// canonical link or og:url. Only http and https URLs.
    #[arg(long, value_name = "URL", value_parser = parse_page_url)]
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
    /// Pages: files (*.html, *.html.gz), web archives (*.warc, *.warc.gz), folders (searched
    /// recursively), `-` for stdin, or http(s) URLs (fetched now: robots.txt obeyed, one
    /// request a page).
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
    /// The longest a plugin may take on one record, in seconds; a plugin over it is stopped
    /// and the record kept as it was before it, with a warning.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = parse_timeout)]
    pub plugin_timeout: f64,
    /// Run plugins inside the trawl process instead of a plugin host child process: faster,
    /// but a plugin that crashes, exits or hangs stops the run. For trusted plugins only.
    #[arg(long)]
    pub plugins_in_process: bool,
    /// The largest page, in MiB: a file, stdin or a page in a web archive, as stored or once
    /// decoded (gzip); a page over it fails alone ("too large" in the summary).
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_page_size: u64,
    /// Pages extracted at once; default: one per core. Output keeps the input order.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// No per-page messages on stderr; the end summary still shows.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also write each failed page as a JSON line (`input`, `cause`, `message`) to this file.
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Use the generic extractor on every page, even where a rule exists.
    #[arg(long, conflicts_with = "no_generic")]
    pub generic: bool,
    /// Never use the generic extractor: a page with no rule is an error, and a rule's empty
    /// title or body stays empty.
    #[arg(long)]
    pub no_generic: bool,
    /// Compare each rule record's title, body and date with the generic reading of the page
    /// and take the generic's where they disagree, with a warning (the agreement check).
    #[arg(long, conflicts_with_all = ["generic", "no_generic"])]
    pub agreement: bool,
}

impl ExtractArgs {
    /// When the generic extractor is used.
    pub fn mode(&self) -> trawl::Mode {
        if self.generic {
            trawl::Mode::Always
        } else if self.no_generic {
            trawl::Mode::Never
        } else if self.agreement {
            trawl::Mode::Checked
        } else {
            trawl::Mode::Fallback
        }
    }

    /// Where the plugins run, by the options.
    pub fn plugin_mode(&self) -> PluginMode {
        if self.plugins_in_process {
            PluginMode::InProcess
        } else {
            PluginMode::Isolated {
                timeout: Duration::from_secs_f64(self.plugin_timeout),
            }
        }
    }
}

/// A page URL: http or https only (a `javascript:` or `file:` URL would reach the records).
fn parse_page_url(text: &str) -> Result<String, String> {
    let lower = text.trim().to_ascii_lowercase();
    let scheme_ok = ["http://", "https://"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len());
    if scheme_ok {
        Ok(text.trim().to_owned())
    } else {
        Err("a page URL starts with http:// or https://".to_owned())
    }
}

/// A time limit in seconds: positive and finite.
fn parse_timeout(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs.is_finite() && secs < 1e9 => Ok(secs),
        _ => Err("a number of seconds above 0, e.g. 5 or 0.5".to_owned()),
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
    /// Show only this field, or the fields under it: `title`, `body.paragraphs`, `images`.
    #[arg(long, value_name = "FIELD")]
    pub field: Option<String>,
    /// Show values whole, not cut to one line.
    #[arg(long)]
    pub full: bool,
    /// Instead of the rule's steps, list every element whose text contains TEXT, with a CSS
    /// selector a rule can use and its ancestors' ids and classes.
    #[arg(long, value_name = "TEXT")]
    pub find: Option<String>,
    /// Instead of the rule's steps, show the element tree under each element CSS selects: tag,
    /// id and classes, text length, paragraphs, link density; repeated siblings folded.
    #[arg(long, value_name = "CSS", conflicts_with = "find")]
    pub outline: Option<String>,
    /// How many levels below the selected elements `--outline` shows.
    #[arg(long, value_name = "N", default_value_t = 6, requires = "outline")]
    pub depth: usize,
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
    /// The rule pack to check; default: $TRAWL_RULES, else ./rules when it holds rules, else
    /// the bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
}

/// Arguments of `trawl eval`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// A labelled set: `<cc>/<Publisher>/<date>.html` with `.expected.json` beside each page,
    /// a snippet set (`index.json` with `with`/`without`), or Readability's test pages; or a
    /// folder of such sets (each scored). May be given several times.
    #[arg(long, value_name = "DIR", required = true)]
    pub corpus: Vec<PathBuf>,
    /// The rule pack folder; default: $TRAWL_RULES, else ./rules when it holds rules, else the
    /// bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Also write every page's result as JSON to this file.
    #[arg(long, value_name = "OUT")]
    pub json: Option<PathBuf>,
    /// Show each differing field of one page (its id, e.g. `us/Reuters/2024_03_07`, or path).
    #[arg(long, value_name = "PAGE")]
    pub diff: Option<String>,
    /// List every publisher, including those without a rule (shown unscored).
    #[arg(long)]
    pub all: bool,
    /// Only this publisher's pages (its folder name, any case); may be given several times.
    #[arg(long, value_name = "NAME")]
    pub publisher: Vec<String>,
    /// Only the pages of this country (the corpus's first folder, e.g. `de`); may be given
    /// several times.
    #[arg(long, value_name = "CC")]
    pub country: Vec<String>,
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
    /// The rule pack folder; default: $TRAWL_RULES, else ./rules when it holds rules, else the
    /// bundled pack.
    #[arg(long, value_name = "DIR")]
    pub rules: Option<PathBuf>,
    /// Rounds to run; the best of each is reported.
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// Measure the generic extractor (rules off) instead of the rules.
    #[arg(long)]
    pub generic: bool,
    /// Measure the rules with the agreement check (what `trawl extract` does by default)
    /// instead of the rules alone.
    #[arg(long, conflicts_with = "generic")]
    pub agreement: bool,
}

/// `trawl import`: which format, from where, to where.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// The format of the rules read.
    #[arg(value_enum)]
    pub format: ImportFormat,
    /// A config file, or a folder of them (`*.txt`).
    pub input: PathBuf,
    /// The folder the trawl rules are written to (with IMPORT-REPORT.txt).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// The rule formats `trawl import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// FiveFilters site configs (ftr-site-config, as Full-Text RSS and wallabag use).
    Ftr,
}
