//! Placeholder text of the same shape as the prose it replaces.
//!
//! Every letter of a word of four or more letters becomes a pseudo-random letter of the same
//! script, case and kind (vowel, consonant, vowel sign), so the text still looks like text;
//! digits, punctuation, whitespace and words of up to three letters ("By", "and", "der") stay.
//! Phrases the rules look for (see `prose::kept_phrases`) are copied verbatim.

/// Words of at most this many letters are copied: function words keep bylines splittable.
const KEPT_WORD_LETTERS: usize = 3;
/// How often a word is drawn again when the draw gave the original back.
const MAX_RETRIES: usize = 8;
/// At most this many words in a row are copied (short words, kept phrases); the next one is
/// replaced even when short, so no run of 8 original words survives, however many numbers and
/// signs stand between them (Vietnamese syllables and other short-word prose).
const MAX_COPIED_RUN: usize = 3;

/// An alphabet's replacement letters, for scripts where vowels and consonants differ.
struct Script {
    vowels: &'static [char],
    consonants: &'static [char],
}

const LATIN: Script = Script {
    vowels: &['a', 'e', 'i', 'o', 'u'],
    consonants: &[
        'b', 'c', 'd', 'f', 'g', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v',
    ],
};
const CYRILLIC: Script = Script {
    vowels: &['а', 'е', 'и', 'о', 'у'],
    consonants: &['б', 'в', 'г', 'д', 'к', 'л', 'м', 'н', 'п', 'р', 'с', 'т'],
};
const GREEK: Script = Script {
    vowels: &['α', 'ε', 'ι', 'ο', 'υ'],
    consonants: &['β', 'γ', 'δ', 'κ', 'λ', 'μ', 'ν', 'π', 'ρ', 'σ', 'τ'],
};
const LATIN_VOWELS: &str = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāăąēĕėęěīĭįıōŏőœūŭůűų";
const CYRILLIC_VOWELS: &str = "аеёиоуыэюяіїє";
const GREEK_VOWELS: &str = "αεηιουωάέήίόύώϊϋΐΰ";
const ARABIC: &[char] = &[
    'ا', 'ب', 'ت', 'د', 'ر', 'س', 'ع', 'ل', 'م', 'ن', 'ه', 'و', 'ي',
];
const HEBREW: &[char] = &['א', 'ב', 'ג', 'ד', 'ה', 'ו', 'ל', 'מ', 'נ', 'ר', 'ש', 'ת'];
const DEVANAGARI_CONSONANTS: &[char] = &['क', 'ग', 'त', 'द', 'न', 'प', 'ब', 'म', 'र', 'ल', 'स'];
const DEVANAGARI_VOWELS: &[char] = &['अ', 'आ', 'इ', 'उ', 'ए', 'ओ'];
const DEVANAGARI_SIGNS: &[char] = &['ा', 'ि', 'ी', 'ु', 'े', 'ो'];
const HANGUL: &[char] = &[
    '가', '나', '다', '라', '마', '바', '사', '아', '자', '하', '고', '노',
];
const HIRAGANA: &[char] = &[
    'あ', 'い', 'か', 'き', 'く', 'こ', 'さ', 'し', 'た', 'な', 'の', 'ま',
];
const KATAKANA: &[char] = &[
    'ア', 'イ', 'カ', 'キ', 'ク', 'コ', 'サ', 'シ', 'タ', 'ナ', 'ノ', 'マ',
];
const IDEOGRAPHS: &[char] = &[
    '的', '一', '是', '不', '人', '在', '有', '中', '大', '来', '上', '国',
];

/// A SplitMix64 generator: small, and the same on every platform.
pub(super) struct Rng(u64);

impl Rng {
    /// A generator for one text: the seed mixed with an FNV-1a hash of the text.
    pub(super) fn new(seed: u64, text: &str) -> Rng {
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
        Rng(hash ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn pick(&mut self, letters: &[char]) -> char {
        let len = letters.len() as u64;
        letters[(self.next() % len) as usize]
    }
}

/// `text` with every word of four or more letters replaced, except inside `kept` phrases.
pub(super) fn placeholder(text: &str, seed: u64, kept: &[String]) -> String {
    let mut rng = Rng::new(seed, text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut run = 0;
    while let Some((start, phrase)) = first_phrase(rest, kept) {
        scramble_into(&rest[..start], &mut rng, &mut run, &mut out);
        out.push_str(phrase);
        run += words(phrase).count();
        rest = &rest[start + phrase.len()..];
    }
    scramble_into(rest, &mut rng, &mut run, &mut out);
    out
}

/// The earliest kept phrase in `text`, with its byte offset.
fn first_phrase<'k>(text: &str, kept: &'k [String]) -> Option<(usize, &'k str)> {
    kept.iter()
        .filter_map(|phrase| text.find(phrase.as_str()).map(|at| (at, phrase.as_str())))
        .min_by_key(|&(at, phrase)| (at, usize::MAX - phrase.len()))
}

/// Copies `text` to `out` with its words replaced; `run` counts the words copied in a row.
fn scramble_into(text: &str, rng: &mut Rng, run: &mut usize, out: &mut String) {
    let mut copied = 0;
    for word in words(text) {
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        out.push_str(&text[copied..start]);
        copied = start + word.len();
        if keeps(word) && *run < MAX_COPIED_RUN {
            out.push_str(word);
            *run += 1;
            continue;
        }
        *run = 0;
        // Retry the (vanishingly rare) draw that gives the original word back; a word of
        // signs alone cannot change, so the retries are bounded.
        let mut replaced = scramble_word(word, rng);
        for _ in 0..MAX_RETRIES {
            if replaced != word {
                break;
            }
            replaced = scramble_word(word, rng);
        }
        out.push_str(&replaced);
    }
    out.push_str(&text[copied..]);
}

/// Runs of letters (with their combining signs) in `text`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|word| !word.is_empty())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036f}' | '\u{064b}'..='\u{065f}' | '\u{0900}'..='\u{097f}')
}

/// Short words and numbers are copied (up to a run of [`MAX_COPIED_RUN`]); words in scripts
/// written without spaces never are.
fn keeps(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || word.chars().count() <= KEPT_WORD_LETTERS && !word.chars().any(is_unspaced)
}

/// Ideographs, kana and hangul: scripts where one "word" may be a whole sentence.
pub(super) fn is_unspaced(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}')
}

fn scramble_word(word: &str, rng: &mut Rng) -> String {
    word.chars().map(|c| scramble_char(c, rng)).collect()
}

/// A letter of the same script, kind and case as `c`; signs and marks are copied.
fn scramble_char(c: char, rng: &mut Rng) -> char {
    let picked = match c {
        '\u{0300}'..='\u{036f}' | '\u{064b}'..='\u{065f}' | '\u{0670}' => return c,
        '\u{0370}'..='\u{03ff}' | '\u{1f00}'..='\u{1fff}' => by_kind(c, GREEK_VOWELS, &GREEK, rng),
        '\u{0400}'..='\u{04ff}' => by_kind(c, CYRILLIC_VOWELS, &CYRILLIC, rng),
        '\u{05d0}'..='\u{05ea}' => rng.pick(HEBREW),
        '\u{0590}'..='\u{05ff}' => return c,
        '\u{0620}'..='\u{064a}' | '\u{0671}'..='\u{06d3}' => rng.pick(ARABIC),
        '\u{0600}'..='\u{06ff}' => return c,
        '\u{0904}'..='\u{0914}' => rng.pick(DEVANAGARI_VOWELS),
        '\u{0915}'..='\u{0939}' => rng.pick(DEVANAGARI_CONSONANTS),
        '\u{093e}'..='\u{094c}' => rng.pick(DEVANAGARI_SIGNS),
        '\u{0900}'..='\u{097f}' => return c,
        '\u{3041}'..='\u{3096}' => rng.pick(HIRAGANA),
        '\u{30a1}'..='\u{30fa}' => rng.pick(KATAKANA),
        '\u{3040}'..='\u{30ff}' => return c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' => rng.pick(IDEOGRAPHS),
        '\u{ac00}'..='\u{d7a3}' => rng.pick(HANGUL),
        '0'..='9' => rng.pick(&['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
        c if c.is_numeric() => return c,
        _ => by_kind(c, LATIN_VOWELS, &LATIN, rng),
    };
    if c.is_uppercase() {
        picked.to_uppercase().next().unwrap_or(picked)
    } else {
        picked
    }
}

/// A vowel for a vowel, a consonant for anything else, from `script`.
fn by_kind(c: char, vowels: &str, script: &Script, rng: &mut Rng) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if vowels.contains(lower) {
        rng.pick(script.vowels)
    } else {
        rng.pick(script.consonants)
    }
}
