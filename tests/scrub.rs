//! `trawl scrub` on the real pages behind the bundled rules: the scrubbed page keeps the
//! record's structure and holds no sentence of the original. Runs when
//! `../shared/corpus/fundus-dev` is present; prints a notice and passes otherwise.

use trawl::{load_pack_strict, PackOrigin};
use trawl_engine::{decode_html, read_page, PageInput, Record};
use trawl_eval::{discover, extract, read_label, squash};
use trawl_scrub::{scrub_html, ScrubOptions};

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
    let corpus = trawl_tests::corpus();
    if !corpus.is_dir() {
        eprintln!(
            "notice: {} is absent; the scrub test did not run",
            corpus.display()
        );
        return;
    }
    let pack = load_pack_strict(&PackOrigin::Bundled).unwrap();
    let options = ScrubOptions::for_rules(&trawl::bundled_sources(), 0);
    let mut checked = 0;
    let mut problems: Vec<String> = Vec::new();
    for page in discover(&corpus).unwrap() {
        let label = read_label(&page).unwrap();
        let Ok(original) = extract(&pack, &page, &label) else {
            continue;
        };
        let text = decode_html(&read_page(&page.html).unwrap(), None).text;
        let (scrubbed, _) = scrub_html(&text, &options);
        let record = pack
            .extract(&PageInput {
                bytes: scrubbed.as_bytes(),
                url: label.url.as_deref(),
                ..PageInput::default()
            })
            .unwrap()
            .record;
        checked += 1;
        if shape(&record) != shape(&original) {
            problems.push(format!(
                "{}: the scrubbed page's record changed shape: {:?} became {:?}",
                page.id,
                shape(&original),
                shape(&record)
            ));
            continue;
        }
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
            if let Some(window) = words
                .windows(8)
                .find(|window| squashed.contains(&squash(&window.join(" "))))
            {
                problems.push(format!(
                    "{}: the scrubbed page still holds \"{}\"",
                    page.id,
                    window.join(" ")
                ));
                break;
            }
        }
    }
    // No page may change shape or keep a run of 8 original words.
    assert!(
        problems.is_empty(),
        "{} of {checked} pages:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        checked >= 12,
        "only {checked} corpus pages had a bundled rule"
    );
}

#[test]
fn the_phrases_of_the_pack_given_stay_verbatim() {
    let dir = trawl_tests::scratch("scrub-rules");
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("example.org.yaml"),
        "name: Example\nhosts: [example.org]\nfields:\n  title: h1\nbody:\n  paragraphs: p\n  remove: p:contains(\"Sponsored feature from our partners\")\n",
    )
    .unwrap();
    let page = dir.join("page.html");
    std::fs::write(
        &page,
        "<html><body><h1>Harbour strike ends after three long weeks of talks</h1>\
         <p>Sponsored feature from our partners</p>\
         <p>The dock workers voted on Tuesday to accept the offer made last week.</p></body></html>",
    )
    .unwrap();
    let scrub = |rules: Option<&std::path::Path>| {
        let out = dir.join("fixture.html");
        let mut command = std::process::Command::new(trawl_tests::trawl());
        command.current_dir(&dir).env_remove("TRAWL_RULES");
        command.arg("scrub").arg(&page).arg("-o").arg(&out);
        if let Some(rules) = rules {
            command.arg("--rules").arg(rules);
        }
        let status = command.output().unwrap();
        assert!(status.status.success(), "{status:?}");
        std::fs::read_to_string(&out).unwrap()
    };
    let kept = scrub(Some(&rules));
    assert!(
        kept.contains("Sponsored feature from our partners"),
        "{kept}"
    );
    assert!(!kept.contains("dock workers voted"), "{kept}");
    std::fs::remove_dir_all(&rules).unwrap();
    let bundled = scrub(None);
    assert!(
        !bundled.contains("Sponsored feature from our partners"),
        "the bundled pack does not test for this phrase: {bundled}"
    );
}
