//! The site's name in a title: learned from og:site_name, the JSON-LD publisher and the
//! host, and cut off where a separator puts it after the headline
//! (`Harbour strike ends | Example Times`).

use unicode_normalization::UnicodeNormalization;

/// Names the site goes by, folded by [`squash_name`]: og:site_name, the JSON-LD publisher
/// and the host's name (`techcrunch` for `www.techcrunch.com`). Not `application-name`:
/// pages fill it with the headline as often as with the site.
pub fn site_names(
    site_name: Option<&str>,
    publisher: Option<&str>,
    host: Option<&str>,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    names.extend(site_name.map(str::to_owned));
    names.extend(publisher.map(str::to_owned));
    if let Some(host) = host {
        let labels: Vec<&str> = host.split('.').collect();
        if labels.len() >= 2 {
            names.push(labels[labels.len() - 2].to_owned());
        }
    }
    names
        .iter()
        .map(|name| squash_name(name))
        .filter(|name| name.chars().count() >= 3)
        .collect()
}

/// A name folded for comparison: letters and digits only, lower-cased, accents dropped and
/// German umlauts written out as hosts write them (`Börsen-Zeitung` and `boersen-zeitung`
/// both give `boersenzeitung`).
pub fn squash_name(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            c => folded.push(c),
        }
    }
    folded.nfd().filter(|c| c.is_alphanumeric()).nfc().collect()
}

/// What separates a title from the site's name: `|`, dashes, colons, `*` between spaces,
/// and the full-width bar and colon of CJK titles without them.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " : ", " :: ", " · ", " * ", " • ", "｜", "：", " ｜ ",
];

/// Separators written without spaces (`Headline-Section|Site`): they cut only where no
/// spaced separator did, before a short tail (three words at most) that holds a whole site
/// name, since they also join words (`US-Dollar - Site` is cut at the spaced dash).
const BARE_SEPARATORS: &[&str] = &["-", "|", "–", "—"];

/// Cuts `Title | Site` down to `Title` when the first segment after a separator names the
/// site (`A story | The Gateway Pundit | by Ann Lee`, `A story – DW – 28.04.2023`).
pub fn strip_site(title: &str, sites: &[String]) -> String {
    let spaced = cuts(title, SEPARATORS);
    let bare = cuts(title, BARE_SEPARATORS);
    for &(at, len) in &spaced {
        let rest = &title[at + len..];
        let segment = spaced
            .iter()
            .find(|(other, _)| *other > at)
            .map_or(rest, |&(other, _)| &title[at + len..other.max(at + len)]);
        let segment = squash_name(segment);
        let names_site = !segment.is_empty()
            && sites.iter().any(|site| {
                segment.contains(site.as_str())
                    || (segment.chars().count() >= 2 && site.starts_with(&segment))
                    || (segment.chars().count() >= 3 && site.contains(&segment))
            });
        if names_site {
            return title[..at].trim().to_owned();
        }
    }
    for &(at, len) in &bare {
        let rest = &title[at + len..];
        let segment = squash_name(rest);
        if rest.split_whitespace().count() <= 3
            && sites.iter().any(|site| segment.contains(site.as_str()))
        {
            return title[..at].trim().to_owned();
        }
    }
    title.to_owned()
}

/// Where `separators` occur in `title` after a headline of ten characters or more, in
/// order, with the separator's length.
fn cuts(title: &str, separators: &[&str]) -> Vec<(usize, usize)> {
    let mut cuts: Vec<(usize, usize)> = separators
        .iter()
        .flat_map(|sep| title.match_indices(sep).map(|(at, sep)| (at, sep.len())))
        .filter(|&(at, _)| title[..at].trim().chars().count() >= 10)
        .collect();
    cuts.sort_unstable();
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_cut_from_titles() {
        let sites = vec!["thegatewaypundit".to_owned(), "techcrunch".to_owned()];
        assert_eq!(
            strip_site("A plot twist | The Gateway Pundit | by Ann Lee", &sites),
            "A plot twist"
        );
        assert_eq!(
            strip_site("Strava taps AI | TechCrunch", &sites),
            "Strava taps AI"
        );
        assert_eq!(
            strip_site("Fires! - Latest news", &sites),
            "Fires! - Latest news"
        );
    }

    #[test]
    fn umlauts_and_accents_fold_the_way_hosts_spell_them() {
        let sites = site_names(None, None, Some("www.boersen-blatt.de"));
        assert_eq!(sites, ["boersenblatt"]);
        assert_eq!(
            strip_site("Zinsen steigen wieder | Börsen-Blatt", &sites),
            "Zinsen steigen wieder"
        );
        assert_eq!(squash_name("Le Télégramme"), "letelegramme");
    }

    #[test]
    fn a_bare_separator_cuts_only_before_a_whole_site_name() {
        let sites = site_names(Some("한국신문"), None, None);
        assert_eq!(
            strip_site("여당 대표 선출 방식 두고 갈등-정치ㅣ한국신문", &sites),
            "여당 대표 선출 방식 두고 갈등"
        );
        let sites = site_names(Some("Example Times"), None, Some("example-times.com"));
        assert_eq!(
            strip_site("Harbour strike ends after long talks-Example", &sites),
            "Harbour strike ends after long talks-Example"
        );
        assert_eq!(
            strip_site("Harbour fees rise by two US-Dollar - Example Times", &sites),
            "Harbour fees rise by two US-Dollar"
        );
        assert_eq!(
            strip_site(
                "Strike at the harbour: anti-strike groups march to Example Times",
                &sites
            ),
            "Strike at the harbour: anti-strike groups march to Example Times"
        );
    }
}
