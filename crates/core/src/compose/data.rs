//! What a template sees: the application, the interview, the debrief and the recipient, in
//! words ready for a sentence.

use jiff::civil::Date;
use serde::Serialize;

use super::{ComposeError, Request};
use crate::capture::dates::long;
use crate::model::{ActionKind, Amount, Concern, EventKind, Interview, Offer, Person, Verdict};
use crate::programme::Recipient;

/// The plainest level of a letter: see [`super::compose`].
pub(super) const PLAINEST: u8 = 3;

/// How to answer an offer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    #[default]
    Accept,
    Counter,
    Decline,
}

impl Answer {
    pub fn parse(text: &str) -> Option<Answer> {
        match text {
            "accept" => Some(Answer::Accept),
            "counter" => Some(Answer::Counter),
            "decline" => Some(Answer::Decline),
            _ => None,
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct LetterData {
    me: Me,
    company: String,
    role: String,
    to: To,
    #[serde(skip)]
    recipient: Option<Recipient>,
    interview: Option<InterviewData>,
    interviewers: Vec<String>,
    others: Vec<String>,
    variant: usize,
    highlight: Option<String>,
    strength: Option<String>,
    went_well: Vec<String>,
    went_badly: Vec<String>,
    responded_well_to: Vec<String>,
    concerns: Vec<ConcernData>,
    concern_topics: Vec<String>,
    /// The first concern, when it is short enough for a subject line.
    subject_topic: Option<String>,
    forgot: Vec<String>,
    sample: Option<String>,
    said: Option<String>,
    next_step: Option<String>,
    decision_day: Option<String>,
    still_interested: bool,
    invited_for: Option<String>,
    applied_on: Option<String>,
    accepted_elsewhere: bool,
    offer: OfferData,
    comparison: Vec<Row>,
    questions: Vec<String>,
    consultant_name: String,
    answer: Answer,
    counter: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Me {
    name: String,
    signature: String,
}

#[derive(Debug, Serialize)]
struct To {
    name: String,
    first: String,
    title: Option<String>,
    phone: Option<String>,
}

#[derive(Debug, Serialize)]
struct InterviewData {
    day: String,
}

#[derive(Debug, Serialize)]
struct ConcernData {
    about: String,
    answer: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct OfferData {
    received: Option<String>,
    respond_by: Option<String>,
    start: Option<String>,
}

#[derive(Debug, Serialize)]
struct Row {
    what: &'static str,
    offered: String,
    expected: String,
    differs: bool,
}

impl LetterData {
    pub(super) fn new(request: &Request, level: u8) -> Result<LetterData, ComposeError> {
        let app = request.application;
        let kind = request.kind;
        let interview = pick_interview(request)?;
        let debrief = interview.and_then(|i| i.debrief.as_ref());
        let people: Vec<Person> = app.people().collect();
        let to_person = match request.to {
            Some(to) => Some(
                people
                    .iter()
                    .find(|p| p.answers_to(to))
                    .cloned()
                    .ok_or_else(|| ComposeError::Data(format!("{to:?} is nobody this application names: use an interviewer's or the consultant's email address")))?,
            ),
            None => default_recipient(request, interview),
        };
        let variant = interview
            .zip(to_person.as_ref())
            .and_then(|(i, p)| i.interviewers.iter().position(|x| x.name == p.name))
            .unwrap_or(0);
        // How much of the debrief goes in: less at each level.
        let keep = match level {
            0 => 2,
            1 => 1,
            _ => 0,
        };
        let items = |list: &[String], skip: usize| -> Vec<String> {
            list.iter()
                .map(|s| item(s))
                .filter(|s| !s.is_empty())
                .skip(skip)
                .take(keep)
                .collect()
        };
        let d = debrief.cloned().unwrap_or_default();
        // A concern is answered to whoever raised it; a letter to someone who was not in the
        // interview (the consultant) carries them all.
        let theirs = |c: &Concern| -> bool {
            match interview.zip(to_person.as_ref()) {
                Some((i, to)) => i.concerns_for(&to.name).contains(&c),
                None => true,
            }
        };
        // Each topic once, however often it was written down: the letter says nothing twice.
        let mut topics = std::collections::HashSet::new();
        let raised: Vec<&Concern> = d
            .concerns
            .iter()
            .filter(|c| theirs(c) && topics.insert(item(&c.about).to_lowercase()))
            .collect();
        // Each interviewer hears about a different point, where there are several.
        let pick = |list: &[String]| -> Option<String> {
            (level < 2 && !list.is_empty())
                .then(|| item(&list[variant % list.len()]))
                .filter(|s| !s.is_empty())
        };
        let decision = latest_decision(request, interview);
        let offer_event = app
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Offer)
            .max_by_key(|e| e.at);
        let offer = offer_event
            .and_then(|e| e.offer.clone())
            .unwrap_or_default();
        let (comparison, questions) = compare(&offer, app.expectations.as_ref());
        let invitation = app
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Invitation)
            .max_by_key(|e| e.at);
        let name = request.profile.name.clone().unwrap_or_default();
        Ok(LetterData {
            me: Me {
                signature: request
                    .profile
                    .signature
                    .clone()
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| name.clone()),
                name,
            },
            company: app.company.clone(),
            role: app.role.clone(),
            to: match &to_person {
                Some(p) => To {
                    first: p
                        .name
                        .split_whitespace()
                        .next()
                        .unwrap_or(&p.name)
                        .to_string(),
                    name: p.name.clone(),
                    title: p.title.clone(),
                    phone: p.phone.clone(),
                },
                None => To {
                    name: "Hiring Manager".into(),
                    first: "Hiring Manager".into(),
                    title: None,
                    phone: None,
                },
            },
            recipient: to_person.as_ref().map(|p| Recipient {
                name: p.name.clone(),
                email: p.email.clone(),
            }),
            interview: interview.map(|i| InterviewData {
                day: day(i.starts_at.instant().to_zoned(zone(request)).date()),
            }),
            interviewers: interview
                .map(|i| i.interviewers.iter().map(|p| p.name.clone()).collect())
                .unwrap_or_default(),
            others: interview
                .map(|i| {
                    i.interviewers
                        .iter()
                        .filter(|p| to_person.as_ref().is_none_or(|t| t.name != p.name))
                        .map(|p| {
                            p.name
                                .split_whitespace()
                                .next()
                                .unwrap_or(&p.name)
                                .to_string()
                        })
                        .collect()
                })
                .unwrap_or_default(),
            variant,
            // Interviewers in turn hear first about what they responded to, or what went well.
            highlight: if variant % 2 == 0 {
                pick(&d.responded_well_to).or_else(|| pick(&d.went_well))
            } else {
                pick(&d.went_well).or_else(|| pick(&d.responded_well_to))
            },
            strength: (level == 0)
                .then(|| {
                    if variant % 2 == 0 {
                        pick(&d.went_well)
                    } else {
                        pick(&d.responded_well_to)
                    }
                })
                .flatten(),
            went_well: items(&d.went_well, 0),
            went_badly: items(&d.went_badly, 0),
            responded_well_to: items(&d.responded_well_to, 0),
            concerns: raised
                .iter()
                .map(|c| ConcernData {
                    about: item(&c.about),
                    answer: c
                        .answer
                        .as_deref()
                        .map(item)
                        .filter(|a| level < 2 && !a.is_empty()),
                })
                .collect(),
            concern_topics: raised.iter().map(|c| item(&c.about)).collect(),
            subject_topic: raised
                .first()
                .map(|c| item(&c.about))
                .filter(|t| t.split_whitespace().count() <= 4),
            forgot: items(&d.forgot_to_mention, 0),
            sample: d
                .samples_discussed
                .first()
                .map(|s| without_article(&item(s))),
            said: d.next_steps.said.clone().filter(|_| level < 2),
            next_step: decision.map(|date| format!("you plan to decide by {}", day(date))),
            decision_day: decision.map(day),
            still_interested: d.still_interested != Some(false),
            invited_for: invitation.and_then(|e| e.starts_at).map(|s| {
                let local = s.instant().to_zoned(zone(request));
                format!("{} at {}", day(local.date()), local.strftime("%H:%M"))
            }),
            applied_on: app.applied_on.map(day),
            accepted_elsewhere: kind == ActionKind::WithdrawPolitely && request.accepted_elsewhere,
            offer: OfferData {
                received: offer_event.map(|e| day(e.at.instant().to_zoned(zone(request)).date())),
                respond_by: offer.respond_by.map(day),
                start: offer.start_date.map(day),
            },
            comparison,
            questions,
            consultant_name: app
                .consultant()
                .map_or_else(|| "the company".to_string(), |c| c.name.clone()),
            answer: request.answer,
            counter: request.counter.iter().map(|c| item(c)).collect(),
        })
    }

    pub(super) fn recipient(&self) -> Option<Recipient> {
        self.recipient.clone()
    }
}

fn zone(request: &Request) -> jiff::tz::TimeZone {
    request
        .application
        .timezone
        .as_ref()
        .or(request.profile.timezone.as_ref())
        .map_or(
            jiff::tz::TimeZone::UTC,
            crate::model::TimeZoneName::time_zone,
        )
}

fn pick_interview<'a>(request: &Request<'a>) -> Result<Option<&'a Interview>, ComposeError> {
    let app = request.application;
    if let Some(key) = request.interview {
        return app
            .interview(key)
            .map(Some)
            .ok_or_else(|| ComposeError::Data(format!("{} has no interview {key:?}", app.key)));
    }
    let theirs = request.to.and_then(|to| {
        app.interviews
            .iter()
            .filter(|i| i.interviewers.iter().any(|p| p.answers_to(to)))
            .max_by_key(|i| i.starts_at)
    });
    Ok(theirs.or_else(|| app.interviews.iter().max_by_key(|i| i.starts_at)))
}

/// The programme's recipient: the consultant for what goes to the agency, else the lead.
fn default_recipient(request: &Request, interview: Option<&Interview>) -> Option<Person> {
    let app = request.application;
    let consultant = app.consultant().cloned();
    let lead = interview.and_then(Interview::lead).map(|l| l.person());
    match request.kind {
        ActionKind::ReportToConsultant => consultant,
        ActionKind::StatusCheck
        | ActionKind::WithdrawPolitely
        | ActionKind::FollowUpApplication => consultant.or(lead),
        _ => lead.or(consultant),
    }
}

/// The date they last named for their decision: a reply's, else the debrief's.
fn latest_decision(request: &Request, interview: Option<&Interview>) -> Option<Date> {
    let app = request.application;
    let after = interview.map(Interview::end);
    app.events
        .iter()
        .filter(|e| e.kind == EventKind::Reply && after.is_none_or(|a| e.at.instant() >= a))
        .filter_map(|e| e.decision_by.map(|d| (e.at, d)))
        .max_by_key(|(at, _)| *at)
        .map(|(_, d)| d)
        .or_else(|| interview?.debrief.as_ref()?.next_steps.decision_by)
}

/// The offer beside the expectations, and a question for each difference.
fn compare(
    offer: &Offer,
    expected: Option<&crate::model::Expectations>,
) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut questions = Vec::new();
    let Some(e) = expected else {
        return (rows, questions);
    };
    let money = |a: Amount, currency: &Option<String>| {
        format!("{} {a}", currency.clone().unwrap_or_default())
            .trim()
            .to_string()
    };
    if let (Some(o), Some(x)) = (offer.salary, e.salary) {
        let differs = offer.salary_against(e) == Some(Verdict::Worse);
        rows.push(Row {
            what: "Salary",
            offered: money(o, &offer.currency),
            expected: money(x, &e.currency),
            differs,
        });
        if differs {
            questions.push(format!(
                "Can the salary move closer to {}?",
                money(x, &e.currency)
            ));
        }
    }
    if let (Some(o), Some(x)) = (offer.hours_per_week, e.hours_per_week) {
        let differs = offer.hours_against(e) == Some(Verdict::Worse);
        rows.push(Row {
            what: "Hours a week",
            offered: o.to_string(),
            expected: x.to_string(),
            differs,
        });
        if differs {
            questions.push(format!(
                "Are the {o} hours a week fixed, or could they be {x}?"
            ));
        }
    }
    if !e.benefits.is_empty() {
        let missing: Vec<String> = e
            .benefits
            .iter()
            .filter(|b| !offer.offers_benefit(b))
            .cloned()
            .collect();
        rows.push(Row {
            what: "Benefits",
            offered: if offer.benefits.is_empty() {
                "none named".into()
            } else {
                and_list(offer.benefits.clone())
            },
            expected: and_list(e.benefits.clone()),
            differs: !missing.is_empty(),
        });
        if !missing.is_empty() {
            questions.push(format!("Does the package include {}?", and_list(missing)));
        }
    }
    (rows, questions)
}

/// "Friday 27 November": the day as a letter says it.
fn day(date: Date) -> String {
    let full = long(date);
    full.rsplit_once(' ')
        .map_or(full.clone(), |(head, _)| head.to_string())
}

/// A debrief item made ready for the middle of a sentence: trimmed, without its closing
/// punctuation, and with a leading article or pronoun in lower case.
fn item(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.trim_end_matches(['.', ',', ';', ':', '!']).to_string();
    let first = text.split(' ').next().unwrap_or_default();
    if [
        "The", "A", "An", "My", "Our", "Their", "Your", "How", "What", "Why", "When",
    ]
    .contains(&first)
    {
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        text
    }
}

/// "roadmap deck" for "the roadmap deck": the template says the article.
fn without_article(text: &str) -> String {
    ["the ", "a ", "an ", "my "]
        .iter()
        .find_map(|a| text.strip_prefix(a))
        .unwrap_or(text)
        .to_string()
}

/// "a, b and c".
pub(super) fn and_list(items: Vec<String>) -> String {
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

/// A phrase made a sentence: capitalised, and ending with a full stop.
pub(super) fn sentence(text: String) -> String {
    let text = sentence_start(text.trim().to_string());
    if text.ends_with(['.', '!', '?']) {
        text
    } else {
        format!("{text}.")
    }
}

pub(super) fn sentence_start(text: String) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
