//! Turning page bytes into text: BOM, HTTP charset, `<meta>` prescan, UTF-8
//! validity, then statistical detection.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use flate2::bufread::GzDecoder;
use std::io::{self, Read};
use std::path::Path;

/// One `<meta>` attribute: lower-cased name and value.
type Attr<'a> = (&'a [u8], &'a [u8]);

/// How many leading bytes the `<meta>` prescan looks at.
const PRESCAN_LEN: usize = 1024;

/// A page's text and the encoding it was read with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decoded text, with any BOM removed; malformed input became U+FFFD.
    pub text: String,
    /// The encoding the bytes were decoded with.
    pub encoding: &'static Encoding,
}

/// Decodes HTML bytes: BOM first (UTF-8/UTF-16LE/BE), then the charset of
/// `http_content_type` (e.g. `"text/html; charset=ISO-8859-1"`), then a
/// `<meta charset>` or `<meta http-equiv=Content-Type content="...">` in the
/// first 1024 bytes (unless the bytes are valid non-ASCII UTF-8, which then wins), then
/// UTF-8 if the bytes are valid UTF-8, else chardetng.
/// Malformed sequences become U+FFFD; this never fails.
pub fn decode_html(bytes: &[u8], http_content_type: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(encoding, &bytes[bom_len..]);
    }
    let from_header = http_content_type
        .and_then(|ct| charset_in_content(ct.as_bytes()))
        .and_then(Encoding::for_label);
    let encoding = from_header
        .or_else(|| prescan_meta(bytes).map(|declared| utf8_over(declared, bytes)))
        .unwrap_or_else(|| sniff(bytes));
    decode_with(encoding, bytes)
}

/// A page saved again as UTF-8 often keeps its old `<meta charset>`: when the bytes are
/// valid UTF-8 and not all ASCII, UTF-8 wins over any other declaration (legacy text is
/// almost never valid UTF-8 by chance; a header or BOM still decides before this).
fn utf8_over(declared: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    if declared != UTF_8 && !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        declared
    }
}

/// The largest page read by default: 64 MiB (`--max-page-size`), as stored or once gunzipped.
pub const DEFAULT_MAX_PAGE_SIZE: u64 = 64 << 20;

/// A page larger than the limit: it fails alone, so that one huge page (or a small `.gz`
/// expanding to gigabytes) cannot exhaust memory and stop the batch. Carried inside an
/// `io::Error` of kind `InvalidData`; [`PageTooLarge::of`] finds it there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageTooLarge {
    /// The limit, in bytes.
    pub limit: u64,
    /// Whether the page is compressed and expands past the limit.
    pub expands: bool,
}

impl PageTooLarge {
    /// The `PageTooLarge` inside `error`, if it is one.
    pub fn of(error: &io::Error) -> Option<PageTooLarge> {
        error.get_ref()?.downcast_ref::<PageTooLarge>().copied()
    }

    fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }
}

impl std::fmt::Display for PageTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.expands {
            "expands to more than"
        } else {
            "is larger than"
        };
        write!(
            f,
            "the page {verb} {} MiB; raise the limit with --max-page-size",
            self.limit >> 20
        )
    }
}

impl std::error::Error for PageTooLarge {}

/// Reads a page file; `*.gz` files are gunzipped (see [`read_page_limited`]) to at most
/// [`DEFAULT_MAX_PAGE_SIZE`] bytes.
pub fn read_page(path: &Path) -> io::Result<Vec<u8>> {
    read_page_limited(path, DEFAULT_MAX_PAGE_SIZE)
}

/// Reads a page file; `*.gz` files are gunzipped: every gzip member, stopping (and keeping
/// what came before) at bytes after a member that are not another member. A page larger
/// than `max_size` bytes, as stored or once gunzipped, is a [`PageTooLarge`] error, so that
/// it fails alone instead of exhausting memory.
pub fn read_page_limited(path: &Path, max_size: u64) -> io::Result<Vec<u8>> {
    let gz = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("gz"));
    let raw = read_limited(std::fs::File::open(path)?, max_size)?;
    if !gz {
        return Ok(raw);
    }
    gunzip(&raw, max_size)
}

/// Reads a whole stream (a file, stdin) of at most `max_size` bytes; a longer one is a
/// [`PageTooLarge`] error, found without reading more than one byte past the limit.
pub fn read_limited(reader: impl Read, max_size: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(PageTooLarge {
            limit: max_size,
            expands: false,
        }
        .into_io());
    }
    Ok(bytes)
}

/// Gunzips every member of `raw` up to `max_size` bytes of output; bytes after a member that
/// do not start another member (junk, padding) end the page.
fn gunzip(raw: &[u8], max_size: u64) -> io::Result<Vec<u8>> {
    const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
    let mut out = Vec::with_capacity(raw.len().saturating_mul(4).min(max_size as usize));
    let mut rest = raw;
    let mut first = true;
    while first || rest.starts_with(&GZIP_MAGIC) {
        let mut decoder = GzDecoder::new(rest);
        let room = (max_size + 1).saturating_sub(out.len() as u64);
        match (&mut decoder).take(room).read_to_end(&mut out) {
            Ok(_) => {}
            // A later member that is cut short or corrupt ends the page; the first must be whole.
            Err(_) if !first => break,
            Err(error) => return Err(error),
        }
        if out.len() as u64 > max_size {
            return Err(PageTooLarge {
                limit: max_size,
                expands: true,
            }
            .into_io());
        }
        // The decoder hands back the input where it stopped: after the member's trailer.
        rest = decoder.into_inner();
        first = false;
    }
    Ok(out)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _had_errors) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
    }
}

/// UTF-8 when the bytes are valid UTF-8, otherwise chardetng's guess.
fn sniff(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// HTML prescan of the first 1024 bytes for a `<meta>` charset declaration.
fn prescan_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN_LEN)].to_ascii_lowercase();
    let mut pos = 0;
    while let Some(off) = head[pos..].iter().position(|&b| b == b'<') {
        pos += off;
        let rest = &head[pos..];
        if rest.starts_with(b"<!--") {
            pos += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let is_meta = rest.starts_with(b"<meta")
            && rest
                .get(5)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/');
        if !is_meta {
            pos += 1;
            continue;
        }
        let (attrs, consumed) = parse_attrs(&rest[5..]);
        pos += 5 + consumed;
        if let Some(encoding) = meta_encoding(&attrs) {
            return Some(encoding);
        }
    }
    None
}

/// Picks the encoding out of one `<meta>` tag's attributes, per the HTML spec.
fn meta_encoding(attrs: &[Attr<'_>]) -> Option<&'static Encoding> {
    let get = |name: &[u8]| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let label = match get(b"charset") {
        Some(label) => label,
        None if get(b"http-equiv") == Some(b"content-type") => {
            charset_in_content(get(b"content")?)?
        }
        None => return None,
    };
    let encoding = Encoding::for_label(label)?;
    Some(if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    })
}

/// Parses attributes up to `>`; returns them and the number of bytes consumed.
fn parse_attrs(s: &[u8]) -> (Vec<Attr<'_>>, usize) {
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'/') {
            i += 1;
        }
        if i >= s.len() || s[i] == b'>' {
            return (attrs, (i + 1).min(s.len()));
        }
        let start = i;
        while i < s.len() && !matches!(s[i], b'=' | b'>' | b'/') && !s[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = &s[start..i];
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v, used) = read_value(&s[i..], |b| b.is_ascii_whitespace() || b == b'>');
            value = v;
            i += used;
        }
        if !name.is_empty() && !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

/// Reads a quoted value, or an unquoted one ending where `stop` says.
fn read_value(s: &[u8], stop: impl Fn(u8) -> bool) -> (&[u8], usize) {
    match s.first() {
        Some(&q @ (b'"' | b'\'')) => match s[1..].iter().position(|&b| b == q) {
            Some(end) => (&s[1..1 + end], end + 2),
            None => (&s[1..], s.len()),
        },
        _ => {
            let end = s.iter().position(|&b| stop(b)).unwrap_or(s.len());
            (&s[..end], end)
        }
    }
}

/// Extracts the `charset=` value from a Content-Type style string.
fn charset_in_content(content: &[u8]) -> Option<&[u8]> {
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(off) = find(&lower[from..], b"charset") {
        let mut i = from + off + 7;
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        if content.get(i) != Some(&b'=') {
            from = i;
            continue;
        }
        i += 1;
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        let (value, _) = read_value(&content[i..], |b| b.is_ascii_whitespace() || b == b';');
        return (!value.is_empty()).then_some(value);
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::SHIFT_JIS;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode_html(
            b"\xEF\xBB\xBFh\xC3\xA9llo",
            Some("text/html; charset=latin1"),
        );
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.text, "héllo");
    }

    #[test]
    fn utf16le_bom() {
        let d = decode_html(b"\xFF\xFEh\x00\xE9\x00", None);
        assert_eq!(d.encoding, UTF_16LE);
        assert_eq!(d.text, "hé");
    }

    #[test]
    fn meta_charset_windows_1252() {
        let page = b"<html><head><META Charset=windows-1252></head><p>caf\xe9</p>";
        let d = decode_html(page, None);
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(d.text.contains("café"));
    }

    #[test]
    fn meta_http_equiv_and_utf16_label() {
        let page = b"<meta http-equiv=\"Content-Type\" content='text/html; charset=\"koi8-r\"'>";
        assert_eq!(decode_html(page, None).encoding.name(), "KOI8-R");
        let page = b"<!-- <meta charset=gbk> --><meta charset=\"utf-16\"><p>x";
        assert_eq!(decode_html(page, None).encoding, UTF_8);
    }

    // A page saved as UTF-8 that still says iso-8859-15 came out as "LoterÃa".
    #[test]
    fn valid_utf8_wins_over_a_legacy_meta_declaration() {
        let page = "<meta charset=iso-8859-15><p>Lotería de Navidad</p>";
        let d = decode_html(page.as_bytes(), None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("Lotería"), "{}", d.text);
        let page =
            "<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><p>人民网</p>";
        let d = decode_html(page.as_bytes(), None);
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("人民网"));
        // A real legacy page (not valid UTF-8) keeps its declaration; so does an ASCII one.
        let d = decode_html(b"<meta charset=iso-8859-15><p>Loter\xeda", None);
        assert!(d.text.contains("Lotería"));
        assert_eq!(
            decode_html(b"<meta charset=gbk><p>x", None).encoding.name(),
            "GBK"
        );
        // An HTTP header still decides.
        let d = decode_html("<p>é".as_bytes(), Some("text/html; charset=iso-8859-1"));
        assert_eq!(d.encoding, WINDOWS_1252);
    }

    #[test]
    fn http_header_overrides_meta() {
        let page = b"<meta charset=\"utf-8\"><p>caf\xe9</p>";
        let d = decode_html(page, Some("text/html; charset=ISO-8859-1"));
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(d.text.contains("café"));
    }

    #[test]
    fn unlabelled_latin1_german() {
        let text = "<p>Die Bürger in München und Köln äußerten große Sorge über die \
                    Größe der Schäden. Übermäßige Hitze führte zu Störungen.</p>";
        let (bytes, _, _) = WINDOWS_1252.encode(text);
        let d = decode_html(&bytes, None);
        assert_eq!(d.encoding, WINDOWS_1252);
        assert_eq!(d.text, text);
    }

    #[test]
    fn unlabelled_shift_jis() {
        let text = "<p>東京都内の病院で、新型の感染症に関する調査が行われました。\
                    政府は来週にも新しい対策を発表する予定です。</p>";
        let (bytes, _, _) = SHIFT_JIS.encode(text);
        let d = decode_html(&bytes, None);
        assert_eq!(d.encoding, SHIFT_JIS);
        assert_eq!(d.text, text);
    }

    #[test]
    fn valid_utf8_without_labels() {
        let d = decode_html("naïve ünïcode".as_bytes(), None);
        assert_eq!(d.encoding, UTF_8);
        assert_eq!(d.text, "naïve ünïcode");
    }

    #[test]
    fn gz_round_trip() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let name = format!("trawl-decode-{}-{nanos}.html.gz", std::process::id());
        let path = std::env::temp_dir().join(name);
        let page = b"<html><body>gzipped page</body></html>".to_vec();
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(&page).unwrap();
        std::fs::write(&path, enc.finish().unwrap()).unwrap();
        let read = read_page(&path);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read.unwrap(), page);
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    // A 6 MB file expanding to 6 GiB aborted the process.
    #[test]
    fn a_page_expanding_beyond_the_limit_fails_alone() {
        let bomb = gzip(&vec![b' '; 3 << 20]);
        let error = gunzip(&bomb, 1 << 20).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            error.to_string(),
            "the page expands to more than 1 MiB; raise the limit with --max-page-size"
        );
        assert_eq!(gunzip(&bomb, 3 << 20).unwrap().len(), 3 << 20);
    }

    // A valid member followed by junk lost the page.
    #[test]
    fn junk_after_a_gzip_member_keeps_the_page() {
        let mut file = gzip(b"<p>first</p>");
        file.extend(gzip(b"<p>second</p>"));
        file.extend(b"\0\0\0junk after the members");
        assert_eq!(
            gunzip(&file, 1 << 20).unwrap(),
            b"<p>first</p><p>second</p>"
        );
        assert!(gunzip(b"not gzip at all", 1 << 20).is_err());
    }

    // A plain 1 GB page (and stdin) had no limit: it aborted the batch.
    #[test]
    fn plain_pages_and_streams_over_the_limit_are_a_named_error() {
        let dir = std::env::temp_dir().join(format!("trawl-decode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join("big.html");
        std::fs::write(&page, vec![b'x'; 2048]).unwrap();
        let error = read_page_limited(&page, 1024).unwrap_err();
        assert_eq!(
            PageTooLarge::of(&error),
            Some(PageTooLarge {
                limit: 1024,
                expands: false
            })
        );
        assert_eq!(read_page_limited(&page, 2048).unwrap().len(), 2048);
        let stream = io::repeat(b'x');
        let error = read_limited(stream, 1 << 20).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the page is larger than 1 MiB; raise the limit with --max-page-size"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
