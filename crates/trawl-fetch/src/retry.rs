//! When to try again: which answers are worth a retry, and how long to wait first.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// Whether an HTTP status is worth a retry: 429 and the 5xx that pass.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait a `Retry-After` value asks for: seconds, or an HTTP date.
///
/// ```
/// use std::time::Duration;
/// use chrono::{TimeZone, Utc};
/// use trawl_fetch::retry_after;
///
/// let now = Utc.with_ymd_and_hms(2024, 5, 14, 8, 0, 0).unwrap();
/// assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
/// assert_eq!(retry_after("Tue, 14 May 2024 08:00:30 GMT", now), Some(Duration::from_secs(30)));
/// assert_eq!(retry_after("soon", now), None);
/// ```
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&Utc) - now;
    Some(wait.to_std().unwrap_or_default())
}

/// The wait before retry number `attempt` (1 for the first): `base`, doubled each time.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    base.saturating_mul(1 << attempt.saturating_sub(1).min(16))
}
