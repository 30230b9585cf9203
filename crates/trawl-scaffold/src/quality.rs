//! How close a scaffolded rule comes, as a floor: on the bundled fixtures (against the bundled
//! rule's record) and on the measuring corpus (against its reference records). Each site's
//! rule is scaffolded from all its pages at once, as `trawl new --from A --from B` does, and
//! applied to each of them; the site's own rule is never used (leave one publisher out).
//! On the corpus the authors and the paragraph F1 are measured too.
//!
//! `cargo test -p trawl-scaffold --lib quality -- --nocapture` prints every miss and the
//! totals. Raise the floors when the scaffold gets better; never lower them to pass.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use trawl_engine::{decode_html, Pack, PageInput, Record, Registry};
use trawl_rules::SourceText;

use super::{scaffold_site, SamplePage};
use trawl_eval::{compare, discover, parse_instant, read_label, squash, Expected};

/// The workspace root: the bundled rules, the fixtures, and the corpus beside it.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Fixtures: the share of pages whose title is the bundled rule's.
const FIXTURE_TITLE_FLOOR: f64 = 0.86;
/// Fixtures: the share of pages whose publication instant is the bundled rule's.
const FIXTURE_DATE_FLOOR: f64 = 0.92;
/// Fixtures: the mean share of the bundled record's paragraphs the scaffold finds.
const FIXTURE_RECALL_FLOOR: f64 = 0.81;
/// Fixtures: the mean share of the scaffold's paragraphs that the bundled record has.
const FIXTURE_PRECISION_FLOOR: f64 = 0.74;
/// Corpus: the share of pages whose title is the reference's.
const CORPUS_TITLE_FLOOR: f64 = 0.86;
/// Corpus: the share of pages whose publication date is the reference's.
const CORPUS_DATE_FLOOR: f64 = 0.93;
/// Corpus: the mean share of the reference paragraphs the scaffold finds.
const CORPUS_RECALL_FLOOR: f64 = 0.92;
/// Corpus: the mean share of the scaffold's paragraphs that the reference has.
const CORPUS_PRECISION_FLOOR: f64 = 0.77;

/// Corpus: the share of pages whose authors are the reference's.
const CORPUS_AUTHORS_FLOOR: f64 = 0.76;
/// Corpus: the mean paragraph F1 against the reference.
const CORPUS_F1_FLOOR: f64 = 0.82;

/// Totals over the pages measured.
#[derive(Default)]
struct Tally {
    pages: usize,
    title: usize,
    date: usize,
    recall: f64,
    precision: f64,
    /// Pages whose authors were compared, and how many agreed.
    authors: Option<usize>,
    /// The sum of the pages' paragraph F1, when measured.
    f1: Option<f64>,
    misses: Vec<String>,
}

impl Tally {
    fn title_share(&self) -> f64 {
        self.title as f64 / self.pages.max(1) as f64
    }
    fn date_share(&self) -> f64 {
        self.date as f64 / self.pages.max(1) as f64
    }
    fn mean_recall(&self) -> f64 {
        self.recall / self.pages.max(1) as f64
    }
    fn mean_precision(&self) -> f64 {
        self.precision / self.pages.max(1) as f64
    }
    fn authors_share(&self) -> Option<f64> {
        self.authors
            .map(|right| right as f64 / self.pages.max(1) as f64)
    }
    fn mean_f1(&self) -> Option<f64> {
        self.f1.map(|sum| sum / self.pages.max(1) as f64)
    }

    /// Adds a page's authors verdict and paragraph F1 (the corpus measures both).
    fn add_reference(&mut self, page: &str, authors: bool, f1: f64) {
        *self.authors.get_or_insert(0) += usize::from(authors);
        *self.f1.get_or_insert(0.0) += f1;
        if !authors {
            self.misses.push(format!("{page}: authors"));
        }
    }

    fn add(&mut self, page: &str, title: bool, date: bool, (recall, precision): (f64, f64)) {
        self.pages += 1;
        self.precision += precision;
        self.title += usize::from(title);
        self.date += usize::from(date);
        self.recall += recall;
        let mut wrong = Vec::new();
        if !title {
            wrong.push("title".to_owned());
        }
        if !date {
            wrong.push("date".to_owned());
        }
        if recall < 0.999 || precision < 0.999 {
            wrong.push(format!(
                "paragraphs found {:.0}%, right {:.0}%",
                recall * 100.0,
                precision * 100.0
            ));
        }
        if !wrong.is_empty() {
            self.misses.push(format!("{page}: {}", wrong.join(", ")));
        }
    }

    #[allow(clippy::print_stdout)] // the report is the point; `--nocapture` shows it
    fn check(&self, what: &str, floors: &[f64]) {
        println!("{}", self.misses.join("\n"));
        println!("{what}: {self}");
        let measured = [
            Some(self.title_share()),
            Some(self.date_share()),
            Some(self.mean_recall()),
            Some(self.mean_precision()),
            self.authors_share(),
            self.mean_f1(),
        ];
        let names = [
            "title",
            "date",
            "paragraph recall",
            "paragraph precision",
            "authors",
            "paragraph F1",
        ];
        for ((name, got), floor) in names.iter().zip(measured).zip(floors) {
            let got = got.unwrap_or_else(|| panic!("{what}: {name} was not measured"));
            assert!(
                got >= *floor,
                "{what}: {name} {:.1}% is below its floor {:.1}% ({self})",
                got * 100.0,
                floor * 100.0
            );
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pages: title {:.1}%, date {:.1}%, mean paragraph recall {:.1}%, precision {:.1}%",
            self.pages,
            self.title_share() * 100.0,
            self.date_share() * 100.0,
            self.mean_recall() * 100.0,
            self.mean_precision() * 100.0
        )?;
        if let (Some(authors), Some(f1)) = (self.authors_share(), self.mean_f1()) {
            write!(
                f,
                ", authors {:.1}%, mean paragraph F1 {:.3}",
                authors * 100.0,
                f1
            )?;
        }
        Ok(())
    }
}

/// A site's page: where it is, its URL and its decoded HTML.
struct Page {
    path: PathBuf,
    url: String,
    bytes: Vec<u8>,
    html: String,
}

impl Page {
    fn read(path: &Path, url: &str) -> Self {
        let bytes = trawl_engine::read_page(path).expect("a readable page");
        let html = decode_html(&bytes, None).text;
        Self {
            path: path.to_owned(),
            url: url.trim().to_owned(),
            bytes,
            html,
        }
    }
}

/// The page's host without `www.`.
fn host(url: &str) -> String {
    let host = url.split('/').nth(2).unwrap_or_default();
    host.strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase()
}

/// The rule scaffolded from all `pages`, compiled, and its file stem.
fn scaffold(pages: &[Page]) -> (Pack, String) {
    let domain = host(&pages[0].url);
    let samples: Vec<SamplePage<'_>> = pages
        .iter()
        .map(|page| SamplePage {
            html: &page.html,
            url: Some(&page.url),
        })
        .collect();
    let yaml = scaffold_site(&domain, &samples, None).yaml;
    let source = SourceText {
        path: format!("{domain}.yaml").into(),
        text: yaml.clone().into(),
    };
    match Pack::from_sources(vec![source], &Registry::standard()) {
        Ok(pack) => (pack, domain),
        Err(error) => panic!("the scaffold for {domain} does not compile: {error:?}\n{yaml}"),
    }
}

fn extract(pack: &Pack, page: &Page, rule: Option<&str>) -> Option<Record> {
    pack.extract(&PageInput {
        bytes: &page.bytes,
        url: Some(&page.url),
        rule,
        ..PageInput::default()
    })
    .ok()
    .map(|extraction| extraction.record)
}

/// The share of `wanted` paragraphs found in `got` (recall) and of `got` paragraphs that are
/// wanted (precision), whitespace aside.
fn recall<'a>(got: impl Iterator<Item = &'a str>, wanted: &[String]) -> (f64, f64) {
    let got: Vec<String> = got.map(squash).collect();
    let wanted: Vec<String> = wanted.iter().map(|p| squash(p)).collect();
    let share = |part: &[String], whole: &[String]| {
        if whole.is_empty() {
            return if part.is_empty() { 1.0 } else { 0.0 };
        }
        whole.iter().filter(|p| part.contains(p)).count() as f64 / whole.len() as f64
    };
    (share(&got, &wanted), share(&wanted, &got))
}

/// The bundled fixtures by folder (site).
fn fixture_sites() -> BTreeMap<String, Vec<Page>> {
    let root = workspace().join("tests/fixtures");
    let mut sites: BTreeMap<String, Vec<Page>> = BTreeMap::new();
    for dir in std::fs::read_dir(&root).expect("the fixtures").flatten() {
        let site = dir.file_name().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .expect("a fixture folder")
            .flatten()
            .map(|file| file.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
            .collect();
        files.sort();
        for path in files {
            let url = std::fs::read_to_string(path.with_extension("url")).expect("a .url file");
            sites
                .entry(site.clone())
                .or_default()
                .push(Page::read(&path, &url));
        }
    }
    sites
}

#[test]
fn scaffolds_hold_their_floor_on_the_bundled_fixtures() {
    let bundled = Pack::load_dir(&workspace().join("rules"), &Registry::standard())
        .expect("the bundled pack compiles");
    let sites = fixture_sites();
    assert!(sites.len() >= 100, "fixture sites found: {}", sites.len());
    let mut tally = Tally::default();
    for pages in sites.values() {
        let (pack, rule) = scaffold(pages);
        for page in pages {
            let want = extract(&bundled, page, None).expect("the bundled rule serves its fixture");
            let name = page.path.display().to_string();
            let Some(got) = extract(&pack, page, Some(&rule)) else {
                tally.add(&name, false, false, (0.0, 0.0));
                continue;
            };
            let instant = |record: &Record| record.published.as_deref().and_then(parse_instant);
            let wanted: Vec<String> = want.body.paragraphs().map(str::to_owned).collect();
            tally.add(
                &name,
                squash(&got.title) == squash(&want.title),
                instant(&got) == instant(&want),
                recall(got.body.paragraphs(), &wanted),
            );
        }
    }
    tally.check(
        "fixtures",
        &[
            FIXTURE_TITLE_FLOOR,
            FIXTURE_DATE_FLOOR,
            FIXTURE_RECALL_FLOOR,
            FIXTURE_PRECISION_FLOOR,
        ],
    );
}

#[test]
#[cfg_attr(
    not(trawl_corpus),
    ignore = "../shared/corpus/fundus-dev is absent beside the workspace"
)]
fn scaffolds_hold_their_floor_on_the_corpus() {
    let corpus = workspace().join("../shared/corpus/fundus-dev");
    let mut publishers: BTreeMap<String, Vec<(Page, Expected)>> = BTreeMap::new();
    for page in discover(&corpus).expect("the corpus is readable") {
        let label = read_label(&page).expect("a readable label");
        let Some(url) = label.url.clone() else {
            continue;
        };
        let group = page
            .id
            .rsplit_once('/')
            .map_or(page.id.clone(), |(g, _)| g.to_owned());
        publishers
            .entry(group)
            .or_default()
            .push((Page::read(&page.html, &url), label.expected));
    }
    assert!(publishers.len() >= 30, "publishers: {}", publishers.len());
    let mut tally = Tally::default();
    for labelled in publishers.values() {
        let pages: Vec<Page> = labelled
            .iter()
            .map(|(page, _)| Page::read(&page.path, &page.url))
            .collect();
        let (pack, rule) = scaffold(&pages);
        for (page, expected) in labelled {
            let name = page.path.display().to_string();
            let Some(got) = extract(&pack, page, Some(&rule)) else {
                tally.add(&name, false, false, (0.0, 0.0));
                continue;
            };
            let comparison = compare(&got, expected);
            tally.add(
                &name,
                comparison.title,
                comparison.published,
                recall(got.body.paragraphs(), &expected.paragraphs()),
            );
            tally.add_reference(&name, comparison.authors, comparison.paragraph_f1);
            if !comparison.title {
                let want = expected.title.as_deref().unwrap_or_default();
                tally
                    .misses
                    .push(format!("  title {:?}, wanted {want:?}", got.title));
            }
            if !comparison.authors {
                tally.misses.push(format!(
                    "  authors {:?}, wanted {:?}",
                    got.authors, expected.authors
                ));
            }
        }
    }
    tally.check(
        "corpus",
        &[
            CORPUS_TITLE_FLOOR,
            CORPUS_DATE_FLOOR,
            CORPUS_RECALL_FLOOR,
            CORPUS_PRECISION_FLOOR,
            CORPUS_AUTHORS_FLOOR,
            CORPUS_F1_FLOOR,
        ],
    );
}
