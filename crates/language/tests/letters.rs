//! The whole checker, harper-core's spelling and grammar included, scored on the labelled letters (tests/fixtures/letters, from the team's
//! shared/letters): every expected rule found, nothing reported beyond `expect` and `allow`.

use followup_core::ActionKind;
use followup_core::capture::parse_document;
use followup_core::check::{CheckContext, Letter, Rulebook, check};
use followup_core::{JobSearch, Moment};
use followup_language::Harper;
use serde::Deserialize;

#[derive(Deserialize)]
struct Entry {
    file: String,
    app: String,
    to: String,
    /// None: the letter is checked as given with no kind.
    #[serde(default)]
    kind: Option<String>,
    now: String,
    expect: Vec<String>,
    #[serde(default)]
    allow: Vec<String>,
}

fn fixtures() -> String {
    format!("{}/../../tests/fixtures", env!("CARGO_MANIFEST_DIR"))
}

fn search() -> JobSearch {
    parse_document(&std::fs::read(format!("{}/context.json", fixtures())).unwrap()).unwrap()
}

/// The rules the checker reports on a letter in its context.
fn rules_found(
    harper: &Harper,
    search: &JobSearch,
    book: &Rulebook,
    text: &str,
    entry: &Entry,
) -> Vec<&'static str> {
    let application = search
        .applications
        .iter()
        .find(|a| a.key.as_str() == entry.app)
        .unwrap();
    let others = search
        .applications
        .iter()
        .filter(|a| a.key != application.key)
        .map(|a| a.company.clone())
        .collect();
    let mut context =
        CheckContext::for_application(application, others, &search.profile, &search.settings);
    context.kind = entry.kind.as_deref().map(|k| ActionKind::parse(k).unwrap());
    context.to = Some(entry.to.clone());
    context.now = Some(Moment::parse(&entry.now).unwrap().instant());
    let mut rules: Vec<&str> = check(&Letter::new(text), &context, book, Some(harper))
        .into_iter()
        .map(|f| f.rule)
        .collect();
    rules.sort();
    rules.dedup();
    rules
}

#[test]
fn the_labelled_letters_score_perfectly() {
    let search = search();
    let book = Rulebook::built_in();
    let harper = Harper::new();
    let manifest: Vec<Entry> = serde_json::from_str(
        &std::fs::read_to_string(format!("{}/letters/manifest.json", fixtures())).unwrap(),
    )
    .unwrap();
    let mut wrong = Vec::new();
    for entry in &manifest {
        let text =
            std::fs::read_to_string(format!("{}/letters/{}", fixtures(), entry.file)).unwrap();
        let found = rules_found(&harper, &search, &book, &text, entry);
        let missed: Vec<&String> = entry
            .expect
            .iter()
            .filter(|r| !found.contains(&r.as_str()))
            .collect();
        let extra: Vec<&&str> = found
            .iter()
            .filter(|r| !entry.expect.iter().chain(&entry.allow).any(|e| e == *r))
            .collect();
        if !missed.is_empty() || !extra.is_empty() {
            wrong.push(format!(
                "{}: missed {missed:?}, reported beyond {extra:?}",
                entry.file
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} letters scored wrong:\n{}",
        wrong.len(),
        manifest.len(),
        wrong.join("\n")
    );
}
