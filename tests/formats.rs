//! The Markdown and HTML renderings of records, snapshot-tested: fixture pages through the
//! bundled rules, and a record holding every paragraph kind and hostile text (markup that
//! must stay text). Snapshots live in `snapshots/formats/`; review with `cargo insta review`.

use std::path::Path;

use trawl::inputs::Input;
use trawl_cli::render::html::{document_start, render_article, DOCUMENT_END};
use trawl_cli::render::markdown::render_markdown;
use trawl_engine::{Body, Pack, PageInput, ParagraphKind, Record, Registry, Section};

/// Fixtures with a dek, several authors, a summary and sub-headlines between them.
const FIXTURES: [&str; 3] = [
    "bbc.co.uk/2024-06-12-canal-lock-explainer.html",
    "nzz.ch/2024-09-03-gotthard-ticker.html",
    "cbc.ca/2024-09-14-lighthouse-cottage.html",
];

fn settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(trawl_tests::workspace().join("snapshots/formats"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

fn html(record: &Record) -> String {
    format!(
        "{}{}{DOCUMENT_END}",
        document_start(&record.title),
        render_article(record)
    )
}

#[test]
fn fixtures_as_markdown_and_html() {
    let workspace = trawl_tests::workspace();
    let pack = Pack::load_dir(&workspace.join("rules"), &Registry::standard()).unwrap();
    for fixture in FIXTURES {
        let input = Input::File(workspace.join("tests/fixtures").join(fixture));
        let url = input.sidecar_url().unwrap();
        let bytes = input.read().unwrap();
        let record = pack
            .extract(&PageInput {
                bytes: &bytes,
                url: Some(&url),
                ..PageInput::default()
            })
            .unwrap()
            .record;
        let name = Path::new(fixture)
            .with_extension("")
            .display()
            .to_string()
            .replace('/', "@");
        settings().bind(|| {
            insta::assert_snapshot!(format!("{name}.md"), render_markdown(&record));
            insta::assert_snapshot!(format!("{name}.html"), html(&record));
        });
    }
}

/// A record with one block of every kind, and text that looks like markup.
fn every_kind() -> Record {
    let mut first = Section::default();
    first.push(
        "An opening paragraph with *stars*, _underscores_ and a [link](javascript:alert(1))."
            .into(),
        ParagraphKind::Paragraph,
    );
    first.push("# Not a heading".into(), ParagraphKind::Paragraph);
    first.push("1984. Not a numbered item".into(), ParagraphKind::Paragraph);
    first.push("Bread".into(), ParagraphKind::ListItem);
    first.push("- Milk & <b>honey</b>".into(), ParagraphKind::ListItem);
    first.push("Preheat the oven".into(), ParagraphKind::NumberedItem);
    first.push("Bake for 20 minutes".into(), ParagraphKind::NumberedItem);
    let mut second = Section {
        headline: vec!["Data <script>alert(1)</script>".into()],
        ..Section::default()
    };
    second.push("We will fight on the beaches.".into(), ParagraphKind::Quote);
    second.push("We shall never surrender.".into(), ParagraphKind::Quote);
    second.push("Town | Ferries | Price".into(), ParagraphKind::TableRow);
    second.push(
        "Hugh Town | 3 | £12 | extra".into(),
        ParagraphKind::TableRow,
    );
    second.push(
        "fn main() {\n    println!(\"``` <hi>\");\n}".into(),
        ParagraphKind::Code,
    );
    second.push(
        "Posted by @harbour: \"Boats are back\"".into(),
        ParagraphKind::Embed,
    );
    second.push("A closing paragraph.".into(), ParagraphKind::Paragraph);
    Record {
        url: "https://example.com/news/a?x=1&y=\"2\"".into(),
        site: "Example".into(),
        title: "Kinds <em>of</em> paragraphs & more".into(),
        subtitle: Some("A dek with a `tick`".into()),
        authors: vec!["Ann Lee".into(), "Bo O'Neil".into()],
        publisher: Some("Example Times".into()),
        published: Some("2024-06-12T08:00:00+01:00".into()),
        body: Body {
            summary: vec!["The summary.".into()],
            sections: vec![first, second],
        },
        topics: vec!["Cooking".into(), "Ferries".into()],
        ..Record::default()
    }
}

#[test]
fn every_paragraph_kind_and_hostile_text() {
    let record = every_kind();
    settings().bind(|| {
        insta::assert_snapshot!("every-kind.md", render_markdown(&record));
        insta::assert_snapshot!("every-kind.html", html(&record));
    });
}
