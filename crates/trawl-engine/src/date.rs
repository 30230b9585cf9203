//! Reading publication dates found on news pages into instants with an offset.

mod months;

use std::fmt;
use std::sync::LazyLock;

use chrono::format::{Fixed, Item, Numeric, ParseErrorKind, Parsed, StrftimeItems};
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone,
};
use chrono_tz::Tz;
use regex::{Captures, Regex};

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

/// Years accepted as plausible publication dates.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The offset a local time is read in.
#[derive(Debug, Clone, Copy)]
enum Zone {
    /// A fixed offset in seconds east of UTC.
    Fixed(i32),
    /// A named zone whose offset depends on the date (DST).
    Named(Tz),
}

const H: i32 = 3600;

/// Zone abbreviations understood after a time, matched case-sensitively so
/// French "et" is not Eastern Time. Each one resolves in [`zone_named`].
const ZONE_NAMES: &str = "UTC|GMT|UT|Z|WET|WEST|BST|CET|MEZ|CEST|MESZ|EET|EEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|IST|JST|AEST|AEDT|ET|CT|MT|PT";

/// The zone an abbreviation stands for; ET/CT/MT/PT follow US DST at the date.
fn zone_named(name: &str) -> Option<Zone> {
    let hours = match name {
        "ET" => return Some(Zone::Named(Tz::America__New_York)),
        "CT" => return Some(Zone::Named(Tz::America__Chicago)),
        "MT" => return Some(Zone::Named(Tz::America__Denver)),
        "PT" => return Some(Zone::Named(Tz::America__Los_Angeles)),
        "IST" => return Some(Zone::Fixed(5 * H + H / 2)),
        "UTC" | "GMT" | "UT" | "Z" | "WET" => 0,
        "WEST" | "BST" | "CET" | "MEZ" => 1,
        "CEST" | "MESZ" | "EET" => 2,
        "EEST" => 3,
        "JST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        _ => return None,
    };
    Some(Zone::Fixed(hours * H))
}

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in regex")
}

/// Hour, minutes, seconds, fraction, am/pm, optional "Uhr": "10:31", "10h31", "9:30 a.m.".
const TIME: &str = r"(?P<time>(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2})(?:[:.](?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?:\s*uhr\b)?)";

static EPOCH: LazyLock<Regex> = LazyLock::new(|| compile(r"^\d{10}(\d{3})?$"));
static YMD: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:^|\D)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\D|$)"));
static DMY_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)(?:^|\D)(\d{{1,2}})(?:st|nd|rd|th|er|e|o|a)?\.?[\s/-]*(?:of\s+|de\s+)?\b({})\b\.?[\s,/-]*(?:de\s+|del\s+)?(\d{{4}})(?:\D|$)",
        months::month_pattern()
    ))
});
static MDY_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"(?i)\b({})\b\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?\b,?\s*(\d{{4}})(?:\D|$)",
        months::month_pattern()
    ))
});
static DMY_NUM: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:^|\D)(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\D|$)"));
static TIME_AFTER: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?i)^[^\d+]{{0,12}}?{TIME}")));
static TIME_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"(?i)(?:^|\D){TIME}\D{{0,12}}$")));
static ZONE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"^[\s,(\[]*(?:(?i:gmt|utc|ut)?\s*([+-])(\d{{2}})(?::?(\d{{2}}))?|(?i:gmt|utc|ut)\s*([+-])(\d{{1,2}})|({ZONE_NAMES}))\b"
    ))
});
static ZONE_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| compile(&format!(r"\b({ZONE_NAMES})\b")));

/// Checks an explicit format string when a rule is loaded (so a bad format is a load-time error).
pub fn check_format(format: &str) -> Result<(), DateError> {
    let mut has_date = false;
    for item in StrftimeItems::new(format) {
        match item {
            Item::Error => {
                return Err(DateError(format!("invalid date format {format:?}")));
            }
            Item::Numeric(
                Numeric::Year
                | Numeric::YearDiv100
                | Numeric::YearMod100
                | Numeric::IsoYear
                | Numeric::Month
                | Numeric::Day
                | Numeric::Ordinal
                | Numeric::Timestamp,
                _,
            )
            | Item::Fixed(
                Fixed::ShortMonthName | Fixed::LongMonthName | Fixed::RFC2822 | Fixed::RFC3339,
            ) => has_date = true,
            _ => {}
        }
    }
    if has_date {
        Ok(())
    } else {
        Err(DateError(format!(
            "date format {format:?} has no date part"
        )))
    }
}

/// Parses a date found on a page into an instant with its offset.
/// `format`: None = auto-detect; Some(chrono strftime format) = that format exactly (month names %B/%b in any supported language).
/// `zone`: the rule's declared time zone, used when the text carries no offset/zone.
pub fn parse_date(
    input: &str,
    format: Option<&str>,
    zone: Tz,
) -> Result<DateTime<FixedOffset>, DateError> {
    let text = input.trim();
    let parsed = match format {
        Some(format) => parse_with_format(text, format, zone)?,
        None => parse_auto(text, zone)?,
    };
    if YEARS.contains(&parsed.year()) {
        Ok(parsed)
    } else {
        Err(DateError(format!(
            "year {} in {text:?} is outside {}..={}",
            parsed.year(),
            YEARS.start(),
            YEARS.end()
        )))
    }
}

fn parse_with_format(
    text: &str,
    format: &str,
    zone: Tz,
) -> Result<DateTime<FixedOffset>, DateError> {
    check_format(format)?;
    let items: Vec<Item> = StrftimeItems::new(format).collect();
    let uses = |wanted: &[Fixed]| {
        items
            .iter()
            .any(|item| matches!(item, Item::Fixed(f) if wanted.contains(f)))
    };
    let english = months::to_english(
        text,
        uses(&[Fixed::ShortMonthName, Fixed::LongMonthName]),
        uses(&[Fixed::ShortWeekdayName, Fixed::LongWeekdayName]),
    );
    let mismatch = || DateError(format!("{text:?} does not match format {format:?}"));
    let mut parsed = Parsed::new();
    chrono::format::parse(&mut parsed, &english, items.iter()).map_err(|_| mismatch())?;
    if let Some(seconds) = parsed.timestamp() {
        let nanos = parsed.nanosecond().unwrap_or(0);
        let utc = DateTime::from_timestamp(seconds, nanos).ok_or_else(mismatch)?;
        return Ok(utc.fixed_offset());
    }
    let date = parsed.to_naive_date().map_err(|e| match e.kind() {
        ParseErrorKind::NotEnough => {
            DateError(format!("format {format:?} gives no full date for {text:?}"))
        }
        _ => mismatch(),
    })?;
    let time = if parsed.hour_mod_12().is_none() {
        NaiveTime::MIN
    } else {
        if parsed.minute().is_none() {
            parsed.set_minute(0).map_err(|_| mismatch())?;
        }
        parsed.to_naive_time().map_err(|_| mismatch())?
    };
    let found = match parsed.offset() {
        Some(seconds) => Some(Zone::Fixed(seconds)),
        None if uses(&[Fixed::TimezoneName]) => ZONE_ANYWHERE
            .captures(text)
            .and_then(|caps| zone_named(&caps[1])),
        None => None,
    };
    localize(date.and_time(time), found.unwrap_or(Zone::Named(zone))).ok_or_else(mismatch)
}

fn parse_auto(text: &str, zone: Tz) -> Result<DateTime<FixedOffset>, DateError> {
    let not_found = || DateError(format!("no date found in {text:?}"));
    if EPOCH.is_match(text) {
        let value: i64 = text.parse().map_err(|_| not_found())?;
        let (seconds, millis) = if text.len() == 13 {
            (value.div_euclid(1000), value.rem_euclid(1000))
        } else {
            (value, 0)
        };
        let nanos = u32::try_from(millis * 1_000_000).map_err(|_| not_found())?;
        let utc = DateTime::from_timestamp(seconds, nanos).ok_or_else(not_found)?;
        return Ok(utc.fixed_offset());
    }
    let folded = months::fold(text);
    let (date, start, end) = find_date(&folded).ok_or_else(not_found)?;
    let time = TIME_AFTER
        .captures(&folded[end..])
        .and_then(|caps| Some((read_time(&caps)?, end + caps.name("time")?.end())))
        .or_else(|| {
            let caps = TIME_BEFORE.captures(&folded[..start])?;
            Some((read_time(&caps)?, caps.name("time")?.end()))
        });
    let (time, found) = match time {
        Some((time, time_end)) => (time, read_zone(&folded[time_end..])),
        None => (NaiveTime::MIN, None),
    };
    localize(date.and_time(time), found.unwrap_or(Zone::Named(zone))).ok_or_else(not_found)
}

/// Reads (year, month, day) from a date pattern's captures.
type ReadYmd = fn(&Captures) -> Option<(i32, u32, u32)>;

/// The first plausible date in `text`, with the byte range it spans.
fn find_date(text: &str) -> Option<(NaiveDate, usize, usize)> {
    let patterns: [(&Regex, ReadYmd); 4] = [
        (&YMD, |c| {
            Some((number(c.get(1))?, number(c.get(2))?, number(c.get(3))?))
        }),
        (&DMY_TEXT, |c| {
            Some((
                number(c.get(3))?,
                months::month_number(&c[2])?,
                number(c.get(1))?,
            ))
        }),
        (&MDY_TEXT, |c| {
            Some((
                number(c.get(3))?,
                months::month_number(&c[1])?,
                number(c.get(2))?,
            ))
        }),
        (&DMY_NUM, |c| {
            let (first, second) = (number(c.get(1))?, number(c.get(2))?);
            let (day, month) = if first <= 12 && second > 12 {
                (second, first)
            } else {
                (first, second)
            };
            Some((number(c.get(3))?, month, day))
        }),
    ];
    for (regex, read) in patterns {
        for caps in regex.captures_iter(text) {
            let Some((year, month, day)) = read(&caps) else {
                continue;
            };
            let span = caps.iter().skip(1).flatten();
            let start = span.clone().map(|m| m.start()).min()?;
            let end = span.map(|m| m.end()).max()?;
            match NaiveDate::from_ymd_opt(year, month, day) {
                Some(date) if YEARS.contains(&year) => return Some((date, start, end)),
                _ => {}
            }
        }
    }
    None
}

fn number<T: std::str::FromStr>(group: Option<regex::Match>) -> Option<T> {
    group?.as_str().parse().ok()
}

/// The time in a [`TIME`] match; a bare number without minutes or am/pm is not a time.
fn read_time(caps: &Captures) -> Option<NaiveTime> {
    let mut hour: u32 = number(caps.name("h"))?;
    let minute: Option<u32> = number(caps.name("m"));
    let meridiem = caps.name("ap").map(|m| m.as_str().to_ascii_lowercase());
    match meridiem.as_deref() {
        None if minute.is_none() => return None,
        None => {}
        Some(_) if hour == 0 || hour > 12 => return None,
        Some(half) => hour = hour % 12 + if half == "p" { 12 } else { 0 },
    }
    let nanos = match caps.name("f") {
        Some(fraction) => format!("{:0<9}", fraction.as_str()).parse().ok()?,
        None => 0,
    };
    NaiveTime::from_hms_nano_opt(
        hour,
        minute.unwrap_or(0),
        number(caps.name("s")).unwrap_or(0),
        nanos,
    )
}

/// The zone or offset written right after a time, if any.
fn read_zone(rest: &str) -> Option<Zone> {
    let caps = ZONE_AFTER.captures(rest)?;
    if let Some(name) = caps.get(6) {
        return zone_named(name.as_str());
    }
    let (sign, hours, minutes) = match caps.get(1) {
        Some(sign) => (
            sign.as_str(),
            number::<i32>(caps.get(2))?,
            number::<i32>(caps.get(3)).unwrap_or(0),
        ),
        None => (caps.get(4)?.as_str(), number::<i32>(caps.get(5))?, 0),
    };
    if hours > 14 || minutes > 59 {
        return None;
    }
    let seconds = hours * H + minutes * 60;
    Some(Zone::Fixed(if sign == "-" { -seconds } else { seconds }))
}

/// Gives a local time its offset. In a named zone an ambiguous time takes the
/// earlier instant and a time in a DST gap is moved forward by the gap.
fn localize(naive: NaiveDateTime, zone: Zone) -> Option<DateTime<FixedOffset>> {
    match zone {
        Zone::Fixed(seconds) => FixedOffset::east_opt(seconds)?
            .from_local_datetime(&naive)
            .single(),
        Zone::Named(tz) => match tz.from_local_datetime(&naive).earliest() {
            Some(dt) => Some(dt.fixed_offset()),
            None => {
                let before = tz.offset_from_utc_datetime(&(naive - TimeDelta::days(1)));
                let utc = naive - TimeDelta::seconds(i64::from(before.fix().local_minus_utc()));
                Some(tz.from_utc_datetime(&utc).fixed_offset())
            }
        },
    }
}

#[cfg(test)]
mod tests;
