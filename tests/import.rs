//! `trawl import ftr`: site configs in, rules that `check` accepts and `extract` uses out.

use std::process::Command;

#[test]
fn imported_rules_pass_check_show_their_origin_and_extract() {
    let dir = trawl_tests::scratch("import-ftr");
    let configs = dir.join("configs");
    std::fs::create_dir_all(&configs).unwrap();
    std::fs::write(
        configs.join("example.com.txt"),
        "title: //h1[@class='headline']\nbody: //div[contains(concat(' ',normalize-space(@class),' '),' story ')]\nstrip_id_or_class: share\ntest_url: https://example.com/a\n",
    )
    .unwrap();
    std::fs::write(
        configs.join("other.org.txt"),
        "body: //article\nnext_page_link: //a[@rel='next']\n",
    )
    .unwrap();
    std::fs::write(configs.join("nothing.net.txt"), "tidy: no\n").unwrap();
    let out = dir.join("rules");
    let run = |args: &[&str]| {
        Command::new(trawl_tests::trawl())
            .args(args)
            .current_dir(&dir)
            .env_remove("TRAWL_RULES")
            .output()
            .unwrap()
    };
    let import = run(&["import", "ftr", "configs", "--out", "rules"]);
    let stdout = String::from_utf8_lossy(&import.stdout);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(stdout.contains("full         1"), "{stdout}");
    assert!(stdout.contains("needs multi-page joining"), "{stdout}");
    let rule = std::fs::read_to_string(out.join("other.org.yaml")).unwrap();
    assert!(
        rule.contains("next_page_link: //a[@rel='next'] -> dropped: needs multi-page joining"),
        "{rule}"
    );
    assert!(!out.join("nothing.net.yaml").exists());
    let report = std::fs::read_to_string(out.join("IMPORT-REPORT.txt")).unwrap();
    assert!(
        report.contains("nothing.net.txt: no rule written"),
        "{report}"
    );

    let check = run(&["check", "--rules", "rules"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(
        stdout.contains("full from ftr-site-config/example.com.txt (trawl import ftr)"),
        "{stdout}"
    );

    std::fs::write(
        dir.join("page.html"),
        "<html><body><h1 class='headline'>Hello</h1><div class='story wide'><p>One.</p><div class='share'><p>Share this</p></div><p>Two.</p></div></body></html>",
    )
    .unwrap();
    let extract = run(&["extract", "--url", "https://www.example.com/a", "page.html"]);
    let stdout = String::from_utf8_lossy(&extract.stdout);
    assert!(stdout.contains(r#""title":"Hello""#), "{stdout}");
    assert!(
        stdout.contains("One.") && stdout.contains("Two."),
        "{stdout}"
    );
    assert!(!stdout.contains("Share this"), "{stdout}");
}
