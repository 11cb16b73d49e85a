//! The documents of the spec read and write back as they were.

use followup_core::capture::{parse_document, to_json};

fn fixture(name: &str) -> String {
    let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn the_letters_context_writes_back_byte_for_byte() {
    let text = fixture("context.json");
    let doc = parse_document(text.as_bytes()).unwrap();
    assert_eq!(to_json(&doc).trim_end(), text.trim_end());
}

#[test]
fn the_format_example_writes_back_the_same_data() {
    // The example spells out absent dates as null; followup leaves them out.
    let text = fixture("format-example.json");
    let doc = parse_document(text.as_bytes()).unwrap();
    let written: serde_json::Value = serde_json::from_str(&to_json(&doc)).unwrap();
    let original: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, without_nulls(original));
}
