//! `trawl bench`: throughput of extraction beside the throughput of HTML parsing alone.

use std::time::{Duration, Instant};

use scraper::Html;
use trawl_engine::{decode_html, Pack, PageInput};
use trawl_generic::{extract_page, Mode};

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
    /// Pages that gave no record (counted, still timed).
    pub failed: usize,
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

/// Runs `rounds` rounds of each (single thread) and keeps the best of each; extraction uses
/// the rules, or the generic extractor alone when `generic` is set.
pub fn run(pack: &Pack, pages: &[BenchPage], rounds: usize, generic: bool) -> BenchReport {
    let mut parse = Duration::MAX;
    let mut extract = Duration::MAX;
    let mut failed = 0;
    for _ in 0..rounds.max(1) {
        let start = Instant::now();
        for page in pages {
            let decoded = decode_html(&page.bytes, None);
            std::hint::black_box(Html::parse_document(&decoded.text));
        }
        parse = parse.min(start.elapsed());

        let start = Instant::now();
        failed = 0;
        for page in pages {
            let input = PageInput {
                bytes: &page.bytes,
                url: page.url.as_deref(),
                ..PageInput::default()
            };
            let record = if generic {
                extract_page(pack, &input, Mode::Always)
            } else {
                pack.extract(&input)
            };
            failed += usize::from(std::hint::black_box(record).is_err());
        }
        extract = extract.min(start.elapsed());
    }
    BenchReport {
        pages: pages.len(),
        bytes: pages.iter().map(|page| page.bytes.len()).sum(),
        rounds: rounds.max(1),
        parse,
        extract,
        failed,
    }
}
