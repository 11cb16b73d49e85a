//! What a template sees: the application, the interview, the debrief and the recipient, in
//! words ready for a sentence.

use jiff::civil::Date;
use serde::Serialize;

use super::{ComposeError, Request, items};
use crate::capture::dates::day_in;
use crate::model::{
    ActionKind, Amount, Concern, Debrief, EventKind, Interview, Language, Offer, Person, Verdict,
};
use crate::programme::Recipient;

/// The letter's variables made from the debrief's lists (what went well and badly, the
/// concerns, what was forgotten, the samples, the notes).
pub(super) const FROM_THE_NOTEBOOK: &[&str] = &[
    "highlight",
    "strength",
    "went_well",
    "went_badly",
    "responded_well_to",
    "concerns",
    "concern_topics",
    "subject_topic",
    "forgot",
    "sample",
    "attached",
    "job_details",
    "company_notes",
    "tone",
    "questions_left",
];

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
    /// The work sample this letter carries, named in it ([`Request::with_sample`]).
    attached: Option<String>,
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
    /// The letter goes to the candidate's own consultant: a partner, who may read it all.
    to_consultant: bool,
    /// The notebook, for the consultant's report only.
    job_details: Option<String>,
    company_notes: Option<String>,
    tone: Option<String>,
    questions_left: Vec<String>,
    /// The next steps with their dates: "shortlist by Friday 22 January".
    steps: Vec<String>,
    /// The first names of the interviewers a thank-you is ready for.
    letters_ready: Vec<String>,
    /// What the candidate does not know yet about an invitation.
    unknown: Vec<String>,
    has_expectations: bool,
    /// What the offer does not say, that the expectations name.
    missing: Vec<String>,
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
    /// Who raised it and the candidate's note of it: for the consultant only.
    raised_by: Option<String>,
    detail: Option<String>,
}

#[derive(Debug, Default, Serialize)]
struct OfferData {
    received: Option<String>,
    respond_by: Option<String>,
    start: Option<String>,
    salary: Option<String>,
    hours: Option<String>,
    benefits: Vec<String>,
    terms: Option<String>,
}

#[derive(Debug, Serialize)]
struct Row {
    what: &'static str,
    offered: String,
    expected: String,
    differs: bool,
}

impl LetterData {
    /// `notebook`: whether the template reads any of [`FROM_THE_NOTEBOOK`]; without it the
    /// debrief's lists are left out rather than sorted.
    pub(super) fn new(
        request: &Request,
        level: u8,
        notebook: bool,
    ) -> Result<LetterData, ComposeError> {
        let app = request.application;
        let kind = request.kind;
        let language = request.profile.language();
        let day = |date: Date| day_in(date, language);
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
        refuse_out_of_place(request, to_person.as_ref())?;
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
        let d = match debrief {
            Some(d) if notebook => d.clone(),
            Some(d) => Debrief {
                written_at: d.written_at,
                still_interested: d.still_interested,
                next_steps: d.next_steps.clone(),
                ..Debrief::default()
            },
            None => Debrief::default(),
        };
        // The consultant may read the whole notebook; an employer reads only what the
        // candidate wrote for them, and only where it makes a sentence (items.rs).
        let to_consultant = to_person
            .as_ref()
            .zip(app.consultant())
            .is_some_and(|(to, c)| to.name == c.name);
        let audience = items::Audience {
            names: interview
                .map(|i| i.interviewers.iter().map(|p| p.name.as_str()).collect())
                .unwrap_or_default(),
        };
        let sample = d
            .samples_discussed
            .first()
            .and_then(|s| audience.statement(s))
            .map(|s| without_article(&s));
        let all = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|s| items::clean(s))
                .filter(|s| !s.is_empty())
                .collect()
        };
        let statements = |list: &[String]| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for s in list
                .iter()
                .filter_map(|s| audience.statement(s))
                .map(items::own)
            {
                if !out.iter().any(|o| items::same_point(o, &s)) {
                    out.push(s);
                }
            }
            out.truncate(keep);
            out
        };
        // The report's lists, each item once however often it was written down.
        let mut seen: Vec<String> = Vec::new();
        let report: Vec<Vec<String>> = [&d.went_well, &d.went_badly, &d.responded_well_to]
            .into_iter()
            .map(|list| {
                all(list)
                    .into_iter()
                    .filter(|item| {
                        let fresh = !seen.iter().any(|s| s.eq_ignore_ascii_case(item));
                        seen.push(item.clone());
                        fresh
                    })
                    .collect()
            })
            .collect();
        // A concern is answered to whoever raised it; a letter to someone who was not in the
        // interview (the consultant) carries them all.
        let theirs = |c: &Concern| -> bool {
            match interview.zip(to_person.as_ref()) {
                Some((i, to)) => i.concerns_for(&to.name).contains(&c),
                None => true,
            }
        };
        // Each topic once, however often it was written down: the letter says nothing twice.
        // Money is for the consultant or the offer, not for a letter to the employer.
        let mut topics = std::collections::HashSet::new();
        let raised: Vec<&Concern> = d
            .concerns
            .iter()
            .filter(|c| theirs(c) && topics.insert(items::clean(&c.about).to_lowercase()))
            .filter(|c| to_consultant || !c.is_about_money())
            .collect();
        // The points the interviewer would recognise, each once: what they responded to, then
        // what went well; each interviewer hears first of a different one.
        let mut points: Vec<String> = Vec::new();
        for topic in d
            .responded_well_to
            .iter()
            .chain(&d.went_well)
            .filter_map(|s| audience.topic(s))
        {
            let said_as_answer = d
                .concerns
                .iter()
                .filter_map(|c| c.answer.as_deref())
                .any(|a| items::same_point(a, &topic));
            if !said_as_answer && !points.iter().any(|p| items::same_point(p, &topic)) {
                points.push(topic);
            }
        }
        let pick = |at: usize| -> Option<String> {
            (level < 2 && !points.is_empty() && (at == 0 || points.len() > 1))
                .then(|| points[(variant + at) % points.len()].clone())
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
        let (comparison, questions) = compare(&offer, app.expectations.as_ref(), language);
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
            highlight: pick(0),
            strength: if level == 0 { pick(1) } else { None },
            went_well: report[0].clone(),
            went_badly: report[1].clone(),
            responded_well_to: report[2].clone(),
            concerns: raised
                .iter()
                .map(|c| ConcernData {
                    about: items::clean(&c.about),
                    answer: c
                        .answer
                        .as_deref()
                        .and_then(|a| {
                            if to_consultant {
                                Some(items::clean(a))
                            } else {
                                audience.statement(a)
                            }
                        })
                        .filter(|a| level < 2 && !a.is_empty()),
                    raised_by: to_consultant
                        .then(|| interview.and_then(|i| i.raised(c)).map(|p| p.name.clone()))
                        .flatten(),
                    detail: c
                        .detail
                        .as_deref()
                        .map(items::clean)
                        .filter(|d| to_consultant && !d.is_empty()),
                })
                .fold(Vec::new(), one_answer_once),
            concern_topics: raised.iter().map(|c| items::clean(&c.about)).collect(),
            subject_topic: raised
                .first()
                .map(|c| items::clean(&c.about))
                .filter(|t| t.split_whitespace().count() <= 4),
            forgot: if to_consultant {
                all(&d.forgot_to_mention)
            } else {
                statements(&d.forgot_to_mention)
            },
            sample: sample.clone(),
            attached: sample.filter(|_| request.with_sample),
            said: d.next_steps.said.clone().filter(|_| level < 2),
            // A date that has passed is not named as if it were ahead.
            next_step: decision
                .filter(|date| request.today.is_none_or(|today| *date >= today))
                .map(|date| format!("you plan to decide by {}", day(date))),
            decision_day: decision.map(day),
            still_interested: d.still_interested != Some(false),
            invited_for: invitation.and_then(|e| e.starts_at).map(|s| {
                let local = s.instant().to_zoned(zone(request));
                let time = crate::capture::dates::time_in(local.time(), language);
                format!("{} at {time}", day(local.date()))
            }),
            applied_on: app.applied_on.map(day),
            accepted_elsewhere: kind == ActionKind::WithdrawPolitely && request.accepted_elsewhere,
            offer: OfferData {
                received: offer_event.map(|e| day(e.at.instant().to_zoned(zone(request)).date())),
                respond_by: offer.respond_by.map(day),
                start: offer.start_date.map(day),
                salary: offer
                    .salary
                    .map(|a| a.written(offer.currency.as_deref(), language)),
                hours: offer.hours_per_week.map(|h| h.to_string()),
                benefits: offer.benefits.iter().map(|b| items::clean(b)).collect(),
                terms: offer
                    .terms
                    .as_deref()
                    .map(items::clean)
                    .filter(|t| !t.is_empty()),
            },
            comparison,
            questions,
            consultant_name: app
                .consultant()
                .map_or_else(|| "the company".to_string(), |c| c.name.clone()),
            answer: request.answer,
            counter: request.counter.iter().map(|c| items::clean(c)).collect(),
            to_consultant,
            job_details: d
                .job_details
                .as_deref()
                .map(items::clean)
                .filter(|_| to_consultant),
            company_notes: d
                .company_notes
                .as_deref()
                .map(items::clean)
                .filter(|t| to_consultant && !t.is_empty()),
            tone: d
                .tone
                .as_deref()
                .map(items::clean)
                .filter(|t| to_consultant && !t.is_empty()),
            questions_left: if to_consultant {
                all(&d.questions_left)
            } else {
                Vec::new()
            },
            steps: steps(&d.next_steps, day),
            letters_ready: interview
                .map(|i| i.interviewers.iter().map(|p| first_name(&p.name)).collect())
                .unwrap_or_default(),
            unknown: {
                let mut unknown = Vec::new();
                if invitation.and_then(|e| e.starts_at).is_none() {
                    unknown.push("the date and time".to_string());
                }
                unknown.extend(
                    [
                        "whether it will be in person or by video",
                        "whom I will meet",
                        "how long it will last",
                    ]
                    .map(str::to_string),
                );
                unknown
            },
            has_expectations: app.expectations.is_some(),
            missing: missing_terms(&offer, app.expectations.as_ref()),
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

/// Concerns that share one answer are answered together: "You asked about on-call and
/// CI/CD pipelines: …", the answer said once. (The consultant's report keeps each line.)
fn one_answer_once(mut done: Vec<ConcernData>, concern: ConcernData) -> Vec<ConcernData> {
    let same = done.iter_mut().find(|d| {
        d.raised_by.is_none()
            && concern.raised_by.is_none()
            && d.answer.is_some()
            && d.answer.as_deref().map(str::to_lowercase)
                == concern.answer.as_deref().map(str::to_lowercase)
    });
    match same {
        Some(d) => d.about = format!("{} and {}", d.about, concern.about),
        None => done.push(concern),
    }
    done
}

/// A letter only when it makes sense (judgement principle 5): an answer to an offer needs an
/// offer, the signed contract an accepted one, and a counter-proposal goes through the
/// consultant who negotiates for the candidate.
fn refuse_out_of_place(request: &Request, to: Option<&Person>) -> Result<(), ComposeError> {
    let app = request.application;
    let has = |kind: EventKind| app.events.iter().any(|e| e.kind == kind);
    let consultant = app.consultant();
    match request.kind {
        ActionKind::ReportToConsultant
            if consultant.is_none_or(|c| to.is_some_and(|to| to.name != c.name)) =>
        {
            Err(ComposeError::Data(format!(
                "the report on the interview is for your consultant, and {}",
                match consultant {
                    Some(c) => format!("only {} may read it", c.name),
                    None => format!("{} came through no agency", app.key),
                }
            )))
        }
        ActionKind::SendSample
            if pick_interview(request)?
                .and_then(|i| i.debrief.as_ref())
                .is_none_or(|d| d.samples_discussed.is_empty()) =>
        {
            Err(ComposeError::Data(format!(
                "{}'s debrief records no work sample discussed: there is nothing to send",
                app.key
            )))
        }
        ActionKind::StrategicLetter
            if pick_interview(request)?
                .and_then(|i| i.debrief.as_ref())
                .is_none_or(|d| d.concerns.is_empty() && d.forgot_to_mention.is_empty()) =>
        {
            Err(ComposeError::Data(format!(
                "{}'s debrief records no concern and nothing forgotten: a thank-you says it all",
                app.key
            )))
        }
        ActionKind::AnswerOffer if !has(EventKind::Offer) => Err(ComposeError::Data(format!(
            "{} has no offer recorded: record the offer first, then answer it",
            app.key
        ))),
        ActionKind::ReturnContract if !has(EventKind::OfferAccepted) => {
            Err(ComposeError::Data(format!(
                "{} has no accepted offer recorded: the contract comes after you accept",
                app.key
            )))
        }
        ActionKind::AnswerOffer if request.answer == Answer::Counter => match (consultant, to) {
            (Some(c), Some(to)) if to.name != c.name => Err(ComposeError::Data(format!(
                "{} negotiates this offer for you: send the counter-proposal to them, not to {}",
                c.name, to.name
            ))),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
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
        // The consultant who arranged the interview negotiates the offer, and hears the answer.
        ActionKind::AnswerOffer => consultant.or(lead),
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
    language: Language,
) -> (Vec<Row>, Vec<String>) {
    let mut rows = Vec::new();
    let mut questions = Vec::new();
    let Some(e) = expected else {
        return (rows, questions);
    };
    let money = |a: Amount, currency: &Option<String>| a.written(currency.as_deref(), language);
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

fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// The next steps the interviewer named, with their dates.
fn steps(next: &crate::model::NextSteps, day: impl Fn(Date) -> String) -> Vec<String> {
    [
        (next.first_round_ends, "first interviews end"),
        (next.shortlist_by, "shortlist by"),
        (next.second_round, "second interviews"),
        (next.decision_by, "decision by"),
    ]
    .into_iter()
    .filter_map(|(date, what)| date.map(|d| format!("{what} {}", day(d))))
    .collect()
}

/// What the expectations name and the offer does not say: what is missing to compare.
fn missing_terms(offer: &Offer, expected: Option<&crate::model::Expectations>) -> Vec<String> {
    let mut missing = Vec::new();
    if offer.salary.is_none() {
        missing.push("the salary".to_string());
    }
    if offer.hours_per_week.is_none() && expected.is_some_and(|e| e.hours_per_week.is_some()) {
        missing.push("the hours a week".to_string());
    }
    if offer.benefits.is_empty() && expected.is_some_and(|e| !e.benefits.is_empty()) {
        missing.push("the benefits".to_string());
    }
    if offer.start_date.is_none() {
        missing.push("the start date".to_string());
    }
    if offer.respond_by.is_none() {
        missing.push("when they need your answer".to_string());
    }
    missing
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
