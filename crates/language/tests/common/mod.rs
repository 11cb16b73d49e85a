//! What the letter tests share: the sample search, the checks on a composed letter, and
//! composing as followup does (the richest version its own checks accept).
#![allow(dead_code)]

use followup_core::capture::parse_document;
use followup_core::check::{CheckContext, Finding, Letter, Rulebook, check};
use followup_core::compose::{Answer, ComposeError, Draft, Request, Templates, compose};
use followup_core::{ActionKind, Application, JobSearch};
use followup_language::Harper;

pub fn context() -> JobSearch {
    let path = format!(
        "{}/../../tests/fixtures/context.json",
        env!("CARGO_MANIFEST_DIR")
    );
    parse_document(&std::fs::read(path).unwrap()).unwrap()
}

thread_local! {
    static HARPER: Harper = Harper::new();
}

/// The findings on a composed letter, the programme's timing aside.
pub fn findings(search: &JobSearch, app: &Application, draft: &Draft) -> Vec<Finding> {
    let others = search
        .applications
        .iter()
        .filter(|a| a.key != app.key)
        .map(|a| a.company.clone())
        .collect();
    let mut context = CheckContext::for_application(app, others, &search.profile, &search.settings);
    context.kind = Some(draft.kind);
    context.to = draft.to.as_ref().map(|r| r.address().to_string());
    HARPER
        .with(|harper| {
            check(
                &Letter::new(&draft.text()),
                &context,
                &Rulebook::built_in(),
                Some(harper),
            )
        })
        .into_iter()
        .filter(|f| !matches!(f.rule, "too_early" | "bombarding"))
        .collect()
}

pub fn compose_clean(
    search: &JobSearch,
    app: &Application,
    kind: ActionKind,
    to: Option<&str>,
    answer: Answer,
) -> (Draft, Vec<Finding>) {
    try_compose(search, app, kind, to, answer)
        .unwrap_or_else(|e| panic!("{kind} for {}: {e}", app.key))
}

/// [`compose_clean`], or why followup refuses the letter (no offer to answer, no sample).
pub fn try_compose(
    search: &JobSearch,
    app: &Application,
    kind: ActionKind,
    to: Option<&str>,
    answer: Answer,
) -> Result<(Draft, Vec<Finding>), ComposeError> {
    let request = Request {
        kind,
        application: app,
        profile: &search.profile,
        interview: None,
        to,
        answer,
        counter: vec!["the salary".into()],
        accepted_elsewhere: false,
        today: None,
        with_sample: false,
    };
    let draft = compose(&request, &Templates::built_in(), &|d| {
        findings(search, app, d).is_empty()
    })?;
    let found = findings(search, app, &draft);
    Ok((draft, found))
}
