//! What the checker knows about a letter, and the rules that need it: the right company and
//! names, the thanks, the role, the next step and the concerns, the subject and the length.

use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::civil::Date;
use regex::Regex;

use super::letter::Letter;
use super::{Finding, Rulebook, Severity};
use crate::capture::dates::long;
use crate::model::{
    ActionKind, Application, Concern, Debrief, Interview, Language, Person, Profile, Settings,
};
use crate::programme::{Action, BusinessDays};

/// The letter's circumstances, as far as they are known. Every field is optional except the
/// other companies (empty when there are none): without a field, the rules that need it rest.
#[derive(Debug, Clone, Default)]
pub struct CheckContext<'a> {
    /// What the letter is for.
    pub kind: Option<ActionKind>,
    pub application: Option<&'a Application>,
    /// The companies of the user's other applications.
    pub other_companies: Vec<String>,
    /// Who it goes to, as given: an email address or a name.
    pub to: Option<String>,
    /// When it would be sent.
    pub now: Option<Timestamp>,
    /// The application's programme, every action in every state.
    pub plan: Vec<Action>,
    pub business_days: BusinessDays,
    /// The user's time zone, for applications without their own.
    pub zone: Option<jiff::tz::TimeZone>,
    /// The English the user writes.
    pub language: Language,
    /// The user's own dictionary: words never misspelt.
    pub dictionary: Vec<String>,
    /// The user's own name and signature.
    pub own_words: Vec<String>,
    known: std::sync::OnceLock<Vec<String>>,
}

impl<'a> CheckContext<'a> {
    /// The context of a letter for this application, with its programme; the caller fills in
    /// the kind, the recipient and the moment.
    pub fn for_application(
        app: &'a Application,
        other_companies: Vec<String>,
        profile: &Profile,
        settings: &Settings,
    ) -> CheckContext<'a> {
        let rules = crate::programme::Context::new(profile, settings, Vec::new());
        CheckContext {
            plan: crate::programme::plan_application(app, &rules),
            business_days: rules.business_days,
            zone: Some(rules.zone),
            application: Some(app),
            other_companies,
            ..CheckContext::for_user(profile)
        }
    }

    /// The context of a letter checked on its own: the user's English and their own name.
    pub fn for_user(profile: &Profile) -> CheckContext<'a> {
        CheckContext {
            language: profile.language(),
            own_words: [&profile.name, &profile.signature]
                .into_iter()
                .flatten()
                .cloned()
                .collect(),
            ..CheckContext::default()
        }
    }

    /// The words the context knows, never misspelt: the names of people, the company, the
    /// role, the department, the agency, the debrief's own words, and the user's dictionary.
    /// Worked out once per context (a context serves letter after letter).
    pub fn known_words(&self) -> &[String] {
        self.known.get_or_init(|| self.collect_known_words())
    }

    fn collect_known_words(&self) -> Vec<String> {
        let mut texts: Vec<String> = self.dictionary.clone();
        texts.extend(self.own_words.iter().cloned());
        texts.extend(self.other_companies.iter().cloned());
        if let Some(app) = self.application {
            texts.extend([app.company.clone(), app.role.clone()]);
            texts.extend(app.department.clone());
            texts.extend(app.agency.as_ref().map(|a| a.name.clone()));
            texts.extend(
                self.people()
                    .into_iter()
                    .flat_map(|p| [Some(p.name), p.title])
                    .flatten(),
            );
            for debrief in app.interviews.iter().filter_map(|i| i.debrief.as_ref()) {
                texts.extend(debrief_texts(debrief));
            }
        }
        let mut words: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                super::letter::words(t)
                    .into_iter()
                    .map(|(_, w)| w.to_string())
            })
            // "Müller-Åström" is known, and so are "Müller" and "Åström".
            .flat_map(|w| {
                let parts: Vec<String> = if w.contains('-') {
                    w.split('-').map(str::to_string).collect()
                } else {
                    Vec::new()
                };
                std::iter::once(w).chain(parts)
            })
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// Everyone the application names: its interviewers and its consultant.
    pub fn people(&self) -> Vec<Person> {
        let Some(app) = self.application else {
            return Vec::new();
        };
        let mut people: Vec<Person> = app.people().collect();
        people.dedup_by(|a, b| a.name == b.name);
        people
    }

    /// The person the letter goes to, when the context names them.
    pub fn recipient(&self) -> Option<Person> {
        let to = self.to.as_deref()?;
        self.people().into_iter().find(|p| p.answers_to(to))
    }

    /// The interview the letter is about: the latest that the recipient sat in, else the latest.
    pub fn interview(&self) -> Option<&Interview> {
        let app = self.application?;
        let recipient = self.recipient();
        let latest = |only_theirs: bool| {
            app.interviews
                .iter()
                .filter(|i| {
                    !only_theirs
                        || recipient
                            .as_ref()
                            .is_some_and(|r| i.interviewers.iter().any(|p| p.name == r.name))
                })
                .max_by_key(|i| i.starts_at)
        };
        latest(true).or_else(|| latest(false))
    }

    fn debrief(&self) -> Option<&Debrief> {
        self.interview()?.debrief.as_ref()
    }

    /// The application's time zone, else the user's.
    pub fn time_zone(&self) -> jiff::tz::TimeZone {
        self.application
            .and_then(|a| a.timezone.as_ref())
            .map(crate::model::TimeZoneName::time_zone)
            .or_else(|| self.zone.clone())
            .unwrap_or(jiff::tz::TimeZone::UTC)
    }
}

pub(super) fn check(
    letter: &Letter,
    context: &CheckContext,
    book: &Rulebook,
    out: &mut Vec<Finding>,
) {
    subject(letter, context, out);
    length(letter, context, out);
    let Some(app) = context.application else {
        return;
    };
    wrong_company(letter, app, context, out);
    wrong_name(letter, context, book, out);
    let kind = context.kind;
    let text = letter.body();
    if matches!(
        kind,
        Some(ActionKind::ThankYou | ActionKind::StrategicLetter | ActionKind::RequestFeedback)
    ) && !THANKS.is_match(text)
    {
        out.push(Finding::new(
            "missing_thanks",
            Severity::Warning,
            "The letter thanks nobody: open by thanking them for their time.",
            None,
        ));
    }
    if !matches!(
        kind,
        Some(ActionKind::ThankYou | ActionKind::StrategicLetter)
    ) {
        return;
    }
    if !phrase(&app.role).is_match(text) {
        out.push(Finding::new(
            "missing_role",
            Severity::Warning,
            format!(
                "Name the role, {}, so they remember which interview this was.",
                app.role
            ),
            None,
        ));
    }
    if let Some(debrief) = context.debrief() {
        next_step(text, debrief, out);
        if kind == Some(ActionKind::StrategicLetter) {
            let raised = match (context.interview(), context.to.as_deref()) {
                (Some(interview), Some(to)) => interview.concerns_for(to),
                _ => debrief.concerns.iter().collect(),
            };
            concerns(letter, context, &raised, out);
        }
    }
}

static THANKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(thank|thanks|thanking|thankful|grateful|gratitude|appreciate|appreciated|appreciation)\b").expect("valid")
});

fn debrief_texts(d: &Debrief) -> Vec<String> {
    let mut out: Vec<String> = [
        &d.job_details,
        &d.company_notes,
        &d.tone,
        &d.next_steps.said,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    for list in [
        &d.question_focus,
        &d.went_well,
        &d.went_badly,
        &d.responded_well_to,
        &d.forgot_to_mention,
        &d.samples_discussed,
        &d.questions_left,
    ] {
        out.extend(list.iter().cloned());
    }
    for concern in &d.concerns {
        out.extend(
            [
                Some(concern.about.clone()),
                concern.detail.clone(),
                concern.answer.clone(),
            ]
            .into_iter()
            .flatten(),
        );
    }
    out
}

/// A name or phrase of the context, found as whole words in any case and spacing.
/// A word boundary stands only beside a letter or digit: "Litware Inc." ends at its stop.
fn phrase(text: &str) -> Regex {
    let words: Vec<String> = text.split_whitespace().map(regex::escape).collect();
    let edge = |c: Option<char>| {
        if c.is_some_and(char::is_alphanumeric) {
            r"\b"
        } else {
            ""
        }
    };
    let text = text.trim();
    cached(&format!(
        r"(?i){}{}{}",
        edge(text.chars().next()),
        words.join(r"\s+"),
        edge(text.chars().last())
    ))
}

/// The short name people use for a company: its first word, when that word is a name
/// ("Northwind" for Northwind Traders), found only as written, with its capital.
fn short_name(company: &str) -> Option<&str> {
    let mut words = company.split_whitespace();
    let first = words.next()?.trim_end_matches([',', '.']);
    words.next()?;
    let generic = [
        "The",
        "First",
        "Global",
        "United",
        "National",
        "General",
        "International",
        "New",
        "Royal",
        "Great",
        "Central",
        "American",
        "British",
    ];
    let named = first.chars().count() >= 4
        && first.chars().next().is_some_and(char::is_uppercase)
        && !generic.contains(&first);
    named.then_some(first)
}

/// A compiled pattern, from a small per-thread cache: the same application's names are looked
/// for in letter after letter, and compiling costs more than matching.
fn cached(pattern: &str) -> Regex {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Regex>> = Default::default();
    }
    CACHE.with_borrow_mut(|cache| {
        if let Some(re) = cache.get(pattern) {
            return re.clone();
        }
        if cache.len() > 2_000 {
            cache.clear();
        }
        let re = Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("valid"));
        cache.insert(pattern.to_string(), re.clone());
        re
    })
}

fn subject(letter: &Letter, context: &CheckContext, out: &mut Vec<Finding>) {
    let email = context.kind.is_none_or(|k| {
        !matches!(
            k,
            ActionKind::WriteDebrief
                | ActionKind::ReviewOffer
                | ActionKind::PrepareFirstDay
                | ActionKind::CloseQuietly
                | ActionKind::KeepSearching
        )
    });
    match letter.subject() {
        None | Some("") if email => out.push(Finding::new(
            "subject",
            Severity::Error,
            "An email needs a subject line: start the letter with \"Subject: ...\".",
            Some((
                0,
                letter
                    .text()
                    .find('\n')
                    .unwrap_or(letter.text().len())
                    .min(80),
            )),
        )),
        Some(subject) if subject.split_whitespace().count() > 10 => out.push(Finding::new(
            "subject",
            Severity::Warning,
            format!(
                "The subject has {} words: keep it to 10 or fewer.",
                subject.split_whitespace().count()
            ),
            letter.subject_span(),
        )),
        _ => {}
    }
}

fn length(letter: &Letter, context: &CheckContext, out: &mut Vec<Finding>) {
    let limit = match context.kind {
        Some(ActionKind::ThankYou) => 200,
        Some(ActionKind::StrategicLetter) => 350,
        Some(ActionKind::StatusCheck | ActionKind::FollowUpApplication) => 150,
        // The report carries the whole debrief to one's own consultant, who reads notes, not
        // a letter: it may run twice the length.
        Some(ActionKind::ReportToConsultant) => 500,
        _ => 250,
    };
    let words = letter.words();
    if words.len() > limit {
        let (at, word) = words[limit];
        out.push(Finding::new(
            "length",
            Severity::Warning,
            format!("{} words is long for this letter: keep it under {limit}; they will read a short one.", words.len()),
            Some((at, at + word.len())),
        ));
    }
}

/// Another application's company named, in full or by its short name: the letter went to the
/// wrong place, or tells this employer about another.
fn wrong_company(
    letter: &Letter,
    app: &Application,
    context: &CheckContext,
    out: &mut Vec<Finding>,
) {
    let text = letter.text();
    let own = app.company.to_lowercase();
    for other in &context.other_companies {
        if other.trim().is_empty() || own.contains(&other.to_lowercase()) {
            continue;
        }
        let full: Vec<regex::Match> = phrase(other).find_iter(text).collect();
        let short: Vec<regex::Match> = match short_name(other) {
            Some(short) if full.is_empty() && !own.contains(&short.to_lowercase()) => {
                cached(&format!(r"\b{}\b", regex::escape(short)))
                    .find_iter(text)
                    .collect()
            }
            _ => Vec::new(),
        };
        for m in full.into_iter().chain(short) {
            out.push(Finding::new(
                "wrong_company",
                Severity::Error,
                format!(
                    "{:?} is another of your applications: this letter is for {}.",
                    m.as_str(),
                    app.company
                ),
                Some((m.start(), m.end())),
            ));
        }
    }
}

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\s+(?:(?:mr|mrs|ms|miss|mx|dr|prof|professor)\.?\s+)?([^,:;!\n]+?)\s*[,:;!]?\s*$").expect("valid")
});

const GENERIC: [&str; 10] = [
    "all",
    "team",
    "everyone",
    "hiring manager",
    "hiring team",
    "sir",
    "madam",
    "sir or madam",
    "sir/madam",
    "colleagues",
];

/// A greeting or a name that is not the recipient's, nor anyone else's of this application;
/// or a near miss of a name the context knows.
fn wrong_name(letter: &Letter, context: &CheckContext, book: &Rulebook, out: &mut Vec<Finding>) {
    let people = context.people();
    let recipient = context.recipient();
    let known = |word: &str| {
        people.iter().any(|p| {
            p.name
                .split_whitespace()
                .any(|n| n.eq_ignore_ascii_case(word))
        })
    };
    if let Some((at, line)) = letter.greeting()
        && let Some(name) = GREETING.captures(line).and_then(|c| c.get(1))
    {
        let greeted = name.as_str();
        let tokens: Vec<&str> = greeted.split_whitespace().collect();
        let generic = GENERIC.iter().any(|g| g.eq_ignore_ascii_case(greeted));
        let placeholder = greeted.contains(['[', '<', '{']);
        let span = Some((at + name.start(), at + name.end()));
        // A nickname is `informal`'s business, not a wrong name.
        let nickname = people.iter().any(|p| {
            p.name.split_whitespace().next().is_some_and(|first| {
                book.nicknames_of(first)
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(greeted))
            })
        });
        if !generic && !placeholder && !nickname && !tokens.iter().all(|t| known(t)) {
            let message = match (
                tokens.first().and_then(|t| near_miss(t, &people)),
                &recipient,
            ) {
                (Some(real), _) => format!("{greeted:?} is not how {real} spells their name."),
                (None, Some(r)) => {
                    format!("The letter greets {greeted:?}, but it goes to {}.", r.name)
                }
                (None, None) => format!("{greeted:?} is nobody this application names."),
            };
            out.push(Finding::new("wrong_name", Severity::Error, message, span));
        }
    }
    // Near misses of a known name anywhere else ("Louis" for Luis).
    let greeting_end = letter.greeting().map_or(0, |(at, line)| at + line.len());
    for (at, word) in letter.words() {
        if at < greeting_end
            || !word.starts_with(char::is_uppercase)
            || word.chars().count() < 4
            || known(word)
        {
            continue;
        }
        if let Some(real) = near_miss(word, &people) {
            out.push(Finding::new(
                "wrong_name",
                Severity::Error,
                format!("{word:?} is not how {real} spells their name."),
                Some((at, at + word.len())),
            ));
        }
    }
}

/// The full name of the person whose first or last name this is a near miss of.
fn near_miss(word: &str, people: &[Person]) -> Option<String> {
    let word = word.to_lowercase();
    people.iter().find_map(|p| {
        p.name
            .split_whitespace()
            .filter(|n| n.chars().count() >= 3)
            .any(|n| {
                let n = n.to_lowercase();
                n != word && distance(&n, &word) == 1
            })
            .then(|| p.name.clone())
    })
}

/// Edit distance with transpositions (optimal string alignment), small strings only.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

static NEXT_STEP_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(decide|decided|decides|deciding|decision|next steps?|hear(?:ing)? (?:back )?from you|second (?:round|interview|stage)|next (?:round|stage|interview)|shortlist\w*|timeline|timescale)\b").expect("valid")
});

/// A thank-you says what happens next, when the interviewer said it.
fn next_step(text: &str, debrief: &Debrief, out: &mut Vec<Finding>) {
    let steps = &debrief.next_steps;
    if steps.is_empty() {
        return;
    }
    let dates = [
        steps.first_round_ends,
        steps.shortlist_by,
        steps.second_round,
        steps.decision_by,
    ];
    if NEXT_STEP_WORDS.is_match(text) || dates.iter().flatten().any(|d| mentions_date(text, *d)) {
        return;
    }
    let said = steps
        .decision_by
        .map(|d| format!("they will decide by {}", long(d)))
        .or_else(|| steps.said.clone())
        .unwrap_or_else(|| "what they said happens next".into());
    out.push(Finding::new(
        "missing_next_step",
        Severity::Warning,
        format!("Remind them of the next step ({said}) and that you look forward to it."),
        None,
    ));
}

fn mentions_date(text: &str, date: Date) -> bool {
    let month = long(date)
        .split_whitespace()
        .nth(2)
        .unwrap_or_default()
        .to_string();
    let day = date.day();
    let forms = [
        format!(r"\b{day}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\b"),
        format!(r"\b{month}\s+{day}(?:st|nd|rd|th)?\b"),
        format!(r"\b{day}/{}\b", date.month()),
        format!(r"\b{}/{day}\b", date.month()),
        format!(r"\bthe {day}(?:st|nd|rd|th)\b"),
    ];
    forms
        .iter()
        .any(|f| cached(&format!("(?i){f}")).is_match(text))
}

const STOPWORDS: [&str; 12] = [
    "the", "and", "with", "for", "of", "a", "an", "in", "on", "to", "my", "our",
];

/// A strategic letter answers each recorded concern: its topic is mentioned.
fn concerns(letter: &Letter, context: &CheckContext, raised: &[&Concern], out: &mut Vec<Finding>) {
    // "on-call" in the letter answers a concern about "on call", and "call" alone.
    let words: Vec<String> = letter
        .words()
        .iter()
        .flat_map(|(_, w)| {
            let w = w.to_lowercase();
            let parts: Vec<String> = w.split(['-', '\'', '’']).map(str::to_string).collect();
            std::iter::once(w).chain(parts)
        })
        .collect();
    // Money is never answered to the employer in writing (the composer leaves it out).
    let to_consultant = super::privacy::to_consultant(context);
    for concern in raised
        .iter()
        .filter(|c| to_consultant || !c.is_about_money())
    {
        let topic: Vec<String> = concern
            .about
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 2 && !STOPWORDS.contains(&w.to_lowercase().as_str()))
            .map(str::to_lowercase)
            .collect();
        let mentioned = topic.iter().any(|t| {
            let stem: String = t.chars().take(5).collect();
            words.iter().any(|w| w.starts_with(&stem))
        });
        if !topic.is_empty() && !mentioned {
            out.push(Finding::new(
                "missing_concern",
                Severity::Warning,
                format!(
                    "They were concerned about {}: answer it{}.",
                    concern.about,
                    concern
                        .answer
                        .as_deref()
                        .map(|a| format!(" (your answer: {a})"))
                        .unwrap_or_default()
                ),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses() {
        assert_eq!(distance("luis", "louis"), 1);
        assert_eq!(distance("dana", "dnaa"), 1);
        assert_eq!(distance("michael", "mike"), 4);
        let date: Date = "2026-11-27".parse().unwrap();
        assert!(mentions_date("decide by Friday 27 November.", date));
        assert!(mentions_date("by November 27th", date));
        assert!(!mentions_date("on 7 November", date));
    }
}
