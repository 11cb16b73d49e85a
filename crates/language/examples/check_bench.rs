//! The checker's warm throughput, and the corpus the peer linters are timed on.
//!
//! Usage: check_bench SEARCH.json CORPUS_DIR [LABELLED_DIR]
//! Composes letters of every kind from each application of the search (each interviewer their
//! own), adds the labelled letters and copies of them with everyday mistakes put in, writes
//! them all to CORPUS_DIR, then checks every letter in its context in one process and prints
//! the letters per second. (bench/run-check builds and calls it.)

use std::time::Instant;

use followup_core::capture::parse_document;
use followup_core::check::{CheckContext, Letter, Rulebook, check};
use followup_core::compose::{Answer, Request, Templates, compose};
use followup_core::{ActionKind, Application, JobSearch};
use followup_language::Harper;

const KINDS: [ActionKind; 6] = [
    ActionKind::ThankYou,
    ActionKind::StrategicLetter,
    ActionKind::StatusCheck,
    ActionKind::RequestFeedback,
    ActionKind::ReportToConsultant,
    ActionKind::FollowUpApplication,
];

/// Everyday mistakes, so that the corpus is not all clean letters.
const MISTAKES: [(&str, &str); 6] = [
    ("Thank you", "Thank you SO much"),
    ("I look forward", "I realy look forward"),
    ("Kind regards,", "Cheers mate,"),
    ("the ", "the the "),
    ("I understand", "Just checking in, I understand"),
    ("Dear ", "Hey "),
];

struct Item {
    app: usize,
    kind: ActionKind,
    to: Option<String>,
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, search, corpus, rest @ ..] = args.as_slice() else {
        return Err("usage: check_bench SEARCH.json CORPUS_DIR [LABELLED_DIR]".into());
    };
    let search: JobSearch = parse_document(&std::fs::read(search)?)?;
    let templates = Templates::built_in();
    let mut items = Vec::new();
    for (n, app) in search.applications.iter().enumerate() {
        let people: Vec<Option<String>> = app
            .interviews
            .last()
            .map(|i| i.interviewers.iter().map(|p| p.email.clone()).collect())
            .unwrap_or_else(|| vec![None]);
        for kind in KINDS {
            for to in &people {
                let request = Request {
                    kind,
                    application: app,
                    profile: &search.profile,
                    interview: None,
                    to: to.as_deref(),
                    answer: Answer::Accept,
                    counter: Vec::new(),
                    accepted_elsewhere: false,
                    today: None,
                    with_sample: false,
                };
                // A letter that makes no sense for this application is refused: skipped.
                let Ok(draft) = compose(&request, &templates, &|_| true) else {
                    continue;
                };
                let mut text = draft.text();
                if (n + items.len()) % 3 == 0 {
                    let (from, to) = MISTAKES[items.len() % MISTAKES.len()];
                    text = text.replacen(from, to, 1);
                }
                items.push(Item {
                    app: n,
                    kind,
                    to: draft.to.map(|r| r.address().to_string()),
                    text,
                });
            }
        }
    }
    if let Some(labelled) = rest.first() {
        for entry in std::fs::read_dir(labelled)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                items.push(Item {
                    app: usize::MAX,
                    kind: ActionKind::ThankYou,
                    to: None,
                    text: std::fs::read_to_string(path)?,
                });
            }
        }
    }
    std::fs::create_dir_all(corpus)?;
    for (n, item) in items.iter().enumerate() {
        std::fs::write(format!("{corpus}/letter-{n:05}.txt"), &item.text)?;
    }

    let book = Rulebook::built_in();
    let harper = Harper::new();
    let companies: Vec<String> = search
        .applications
        .iter()
        .map(|a| a.company.clone())
        .collect();
    let mut contexts: Vec<CheckContext> = search
        .applications
        .iter()
        .enumerate()
        .map(|(n, app): (usize, &Application)| {
            let others = companies
                .iter()
                .enumerate()
                .filter(|(m, _)| *m != n)
                .map(|(_, c)| c.clone())
                .collect();
            CheckContext::for_application(app, others, &search.profile, &search.settings)
        })
        .collect();
    let mut bare = CheckContext::default();
    let mut run = |count_findings: &mut usize| {
        for item in &items {
            // Each application's context serves all its letters, as in `followup serve`.
            let context = match contexts.get_mut(item.app) {
                Some(context) => context,
                None => &mut bare,
            };
            context.kind = Some(item.kind);
            context.to = item.to.clone();
            *count_findings += check(&Letter::new(&item.text), context, &book, Some(&harper)).len();
        }
    };
    // One pass to build what stays warm (the dictionary, the rules), then the timed pass.
    let started = Instant::now();
    let mut findings = 0;
    run(&mut findings);
    let first = started.elapsed();
    let started = Instant::now();
    let mut findings = 0;
    run(&mut findings);
    let warm = started.elapsed();

    // The same on every core: a thread per core, each with its own proofreader (harper's are
    // not shared between threads), each warmed up first, then timed together.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads);
    let barrier = std::sync::Barrier::new(threads);
    let parallel = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|mine| {
                let mut contexts = contexts.clone();
                let (book, bare, barrier) = (&book, &bare, &barrier);
                scope.spawn(move || {
                    let harper = Harper::new();
                    let mut bare = bare.clone();
                    let mut pass = || {
                        for item in mine {
                            let context = match contexts.get_mut(item.app) {
                                Some(context) => context,
                                None => &mut bare,
                            };
                            context.kind = Some(item.kind);
                            context.to = item.to.clone();
                            check(&Letter::new(&item.text), context, book, Some(&harper));
                        }
                    };
                    pass();
                    barrier.wait();
                    let started = Instant::now();
                    pass();
                    started.elapsed()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a checking thread"))
            .max()
            .unwrap_or_default()
    });
    println!(
        "{{\"letters\": {}, \"findings\": {findings}, \"first_pass_seconds\": {:.3}, \"warm_seconds\": {:.3}, \"letters_per_second\": {:.0}, \"threads\": {threads}, \"letters_per_second_all_cores\": {:.0}}}",
        items.len(),
        first.as_secs_f64(),
        warm.as_secs_f64(),
        items.len() as f64 / warm.as_secs_f64(),
        items.len() as f64 / parallel.as_secs_f64()
    );
    Ok(())
}
