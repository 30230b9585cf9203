//! `trawl bench`: throughput of extraction beside the throughput of HTML parsing alone.

use std::time::{Duration, Instant};

use trawl::{extract_page, Mode};
use trawl_engine::{decode_html, parse_html, Pack, PageInput};

/// One page held in memory for benchmarking.
pub struct BenchPage {
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// Its URL, if known.
    pub url: Option<String>,
}

/// Timings over a set of pages.
#[derive(Debug, Clone)]
pub struct BenchReport {
    /// Pages per round.
    pub pages: usize,
    /// Bytes of HTML per round.
    pub bytes: usize,
    /// Rounds run.
    pub rounds: usize,
    /// Best round of decoding + parsing with scraper alone.
    pub parse: Duration,
    /// Best round of full extraction (decoding, parsing, rule or generic extractor, record).
    pub extract: Duration,
    /// Pages left out because no rule gives them a record (they would flatter the ratio:
    /// failing fast costs nothing beyond the parse).
    pub skipped: usize,
}

impl BenchReport {
    /// MB/s of HTML for a duration.
    pub fn mb_per_s(&self, time: Duration) -> f64 {
        self.bytes as f64 / 1e6 / time.as_secs_f64().max(1e-9)
    }

    /// Extraction time over parse time; the target is at most 1.4 with rules, 2 with the
    /// generic extractor.
    pub fn ratio(&self) -> f64 {
        self.extract.as_secs_f64() / self.parse.as_secs_f64().max(1e-9)
    }
}

impl BenchPage {
    fn input(&self) -> PageInput<'_> {
        PageInput {
            bytes: &self.bytes,
            url: self.url.as_deref(),
            ..PageInput::default()
        }
    }
}

/// Runs `rounds` rounds of each (single thread) and keeps the best of each. With the rules
/// (`Mode::Never`: the rules alone; `Mode::Guard`: with the agreement check), only the pages
/// a rule gives a record count; with `Mode::Always`, the generic extractor alone reads every
/// page.
pub fn run(pack: &Pack, pages: &[BenchPage], rounds: usize, mode: Mode) -> BenchReport {
    let all = pages.len();
    let generic = mode == Mode::Always;
    let pages: Vec<&BenchPage> = pages
        .iter()
        .filter(|page| generic || pack.extract(&page.input()).is_ok())
        .collect();
    let mut parse = Duration::MAX;
    let mut extract = Duration::MAX;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        for page in &pages {
            let decoded = decode_html(&page.bytes, None);
            std::hint::black_box(parse_html(&decoded.text));
        }
        parse = parse.min(start.elapsed());

        let start = Instant::now();
        for page in &pages {
            let input = page.input();
            let record = extract_page(pack, &input, mode).map(|outcome| outcome.record);
            let _ = std::hint::black_box(record);
        }
        extract = extract.min(start.elapsed());
    }
    BenchReport {
        pages: pages.len(),
        bytes: pages.iter().map(|page| page.bytes.len()).sum(),
        rounds: rounds.max(1),
        parse,
        extract,
        skipped: all - pages.len(),
    }
}
