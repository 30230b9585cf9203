//! `trawl scrub` on the real pages behind the bundled rules: the scrubbed page keeps the
//! record's structure and holds no sentence of the original. Runs when
//! `../shared/corpus/fundus-dev` is present; prints a notice and passes otherwise.

use std::path::Path;

use trawl_cli::eval::{discover, extract, read_label, squash};
use trawl_cli::rule_pack::load_pack;
use trawl_cli::scrub::{scrub_html, ScrubOptions};
use trawl_engine::{decode_html, read_page, PageInput, Record};

fn shape(record: &Record) -> (usize, usize, usize, bool, bool) {
    let sections = record.body.sections.len();
    (
        record.body.paragraphs().count(),
        sections,
        record.authors.len(),
        record.title.is_empty(),
        record.published.is_some(),
    )
}

#[test]
#[allow(clippy::print_stderr)] // the notice is the point when the corpus is absent
fn scrubbed_corpus_pages_keep_their_shape_and_lose_their_prose() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/fundus-dev");
    if !corpus.is_dir() {
        eprintln!(
            "notice: {} is absent; the scrub test did not run",
            corpus.display()
        );
        return;
    }
    let pack = load_pack(None).unwrap();
    let mut checked = 0;
    for page in discover(&corpus).unwrap() {
        let label = read_label(&page).unwrap();
        let Ok(original) = extract(&pack, &page, &label) else {
            continue;
        };
        let text = decode_html(&read_page(&page.html).unwrap(), None).text;
        let (scrubbed, _) = scrub_html(&text, &ScrubOptions::default());
        let record = pack
            .extract(&PageInput {
                bytes: scrubbed.as_bytes(),
                url: label.url.as_deref(),
                ..PageInput::default()
            })
            .unwrap()
            .record;
        assert_eq!(
            shape(&record),
            shape(&original),
            "{}: the scrubbed page's record changed shape",
            page.id
        );
        let squashed = squash(&scrubbed);
        for paragraph in label.expected.paragraphs().iter().chain(
            original
                .body
                .paragraphs()
                .map(str::to_owned)
                .collect::<Vec<_>>()
                .iter(),
        ) {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            for window in words.windows(8) {
                let sentence = squash(&window.join(" "));
                assert!(
                    !squashed.contains(&sentence),
                    "{}: the scrubbed page still holds \"{}\"",
                    page.id,
                    window.join(" ")
                );
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 12,
        "only {checked} corpus pages had a bundled rule"
    );
}
