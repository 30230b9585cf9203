//! Checking a plugin's answer, the same way whichever process the plugin ran in.

use crate::record::Record;

/// Turns the bytes a plugin returned for `record` into the new record, or says why they
/// cannot be used (the caller then keeps `record` as it was).
pub(super) fn interpret(answer: Option<&[u8]>, record: &Record) -> Result<Record, String> {
    let bytes = answer.ok_or_else(|| "returned nothing".to_owned())?;
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "returned invalid UTF-8 (at byte {}); its answer was not used",
            e.valid_up_to()
        )
    })?;
    let answer: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("returned invalid JSON ({e}): {}", preview(text)))?;
    if let Some(error) = answer.get("error") {
        return Err(format!(
            "failed: {}",
            error
                .as_str()
                .map_or_else(|| error.to_string(), str::to_owned)
        ));
    }
    let new = answer.get("record").ok_or_else(|| {
        format!(
            "answered neither {{\"record\"}} nor {{\"error\"}}: {}",
            preview(text)
        )
    })?;
    for field in ["url", "site", "title"] {
        if !new.get(field).is_some_and(serde_json::Value::is_string) {
            return Err(format!("removed the required field `{field}`"));
        }
    }
    let new: Record = serde_json::from_value(new.clone())
        .map_err(|e| format!("returned a record that does not fit the record format: {e}"))?;
    if !record.title.is_empty() && new.title.is_empty() {
        return Err("emptied the title".to_owned());
    }
    Ok(new)
}

fn preview(text: &str) -> String {
    let short: String = text.chars().take(80).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_refused_not_replaced() {
        let answer = b"{\"record\":{\"url\":\"u\",\"site\":\"s\",\"title\":\"caf\xe9\"}}";
        let error = interpret(Some(answer), &Record::default()).unwrap_err();
        assert_eq!(
            error,
            "returned invalid UTF-8 (at byte 44); its answer was not used"
        );
    }

    #[test]
    fn a_null_answer_is_an_error() {
        assert_eq!(
            interpret(None, &Record::default()).unwrap_err(),
            "returned nothing"
        );
    }
}
