//! Letters composed from the debrief (the four Rs: remember me, reinforce the positives,
//! recoup your losses, reminder of the next steps), from templates the user may override.

mod data;
mod items;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::model::{ActionKind, Application, Key, Profile};
use crate::programme::Recipient;

pub use data::Answer;

/// The kinds of action that have a letter.
pub const LETTER_KINDS: [ActionKind; 12] = [
    ActionKind::ThankYou,
    ActionKind::StrategicLetter,
    ActionKind::SendSample,
    ActionKind::ReportToConsultant,
    ActionKind::StatusCheck,
    ActionKind::ReplyToInvitation,
    ActionKind::RequestFeedback,
    ActionKind::ReviewOffer,
    ActionKind::AnswerOffer,
    ActionKind::WithdrawPolitely,
    ActionKind::FollowUpApplication,
    ActionKind::ReturnContract,
];

/// The phone script that goes with a status check's email.
pub const STATUS_CHECK_SCRIPT: &str = "status_check_script";

const BUILT_IN: [(&str, &str); 13] = [
    ("thank_you", include_str!("templates/thank_you.txt")),
    (
        "strategic_letter",
        include_str!("templates/strategic_letter.txt"),
    ),
    ("send_sample", include_str!("templates/send_sample.txt")),
    (
        "report_to_consultant",
        include_str!("templates/report_to_consultant.txt"),
    ),
    ("status_check", include_str!("templates/status_check.txt")),
    (
        STATUS_CHECK_SCRIPT,
        include_str!("templates/status_check_script.txt"),
    ),
    (
        "reply_to_invitation",
        include_str!("templates/reply_to_invitation.txt"),
    ),
    (
        "request_feedback",
        include_str!("templates/request_feedback.txt"),
    ),
    ("review_offer", include_str!("templates/review_offer.txt")),
    ("answer_offer", include_str!("templates/answer_offer.txt")),
    (
        "withdraw_politely",
        include_str!("templates/withdraw_politely.txt"),
    ),
    (
        "follow_up_application",
        include_str!("templates/follow_up_application.txt"),
    ),
    (
        "return_contract",
        include_str!("templates/return_contract.txt"),
    ),
];

/// Work a template may do before it is stopped: a loop that never ends cannot hang followup.
const FUEL: u64 = 100_000;
/// The longest letter a template may write.
const MAX_OUTPUT: usize = 100_000;

/// What to compose.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    pub kind: ActionKind,
    pub application: &'a Application,
    pub profile: &'a Profile,
    /// The interview it is about (default: the latest one the recipient sat in).
    pub interview: Option<&'a Key>,
    /// Who it goes to: an email address or a name (default: the programme's recipient).
    pub to: Option<&'a str>,
    /// For `answer_offer`: accept, accept with a counter-proposal, or decline.
    pub answer: Answer,
    /// For a counter-proposal: what to ask to move.
    pub counter: Vec<String>,
    /// For `withdraw_politely`: the candidate accepted an offer elsewhere.
    pub accepted_elsewhere: bool,
    /// The day the letter is written, in the user's time zone: a next step before it is not
    /// named as if it were still ahead. None writes as of no particular day.
    pub today: Option<jiff::civil::Date>,
    /// The letter carries the work sample discussed (a thank-you or strategic letter to the
    /// lead while the sample travels with it, spec/programme.md): it names it as attached.
    pub with_sample: bool,
}

/// A composed letter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub kind: ActionKind,
    /// Who the letter addresses.
    #[serde(skip)]
    pub to: Option<Recipient>,
    pub subject: String,
    pub body: String,
    /// What goes with it: the phone script of a status check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Draft {
    /// The letter as `followup check` reads it: the subject line, then the body.
    pub fn text(&self) -> String {
        crate::check::Letter::text_of(&self.subject, &self.body)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error("{kind} has no letter: letters are for {}", LETTER_KINDS.map(ActionKind::as_str).join(", "))]
    NoLetter { kind: ActionKind },
    #[error("the template {origin}: {message}")]
    Template { origin: String, message: String },
    #[error("{0}")]
    Data(String),
}

/// The heading of the letter as a business letter (the Word document): the user's name and
/// contact details, the date, and the recipient's name, title and company.
pub fn letterhead(
    app: &Application,
    profile: &Profile,
    to: Option<&crate::model::Person>,
    today: jiff::civil::Date,
) -> crate::model::Letterhead {
    let language = profile.language();
    let sender = [&profile.name, &profile.email, &profile.phone]
        .into_iter()
        .flatten()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    let is_consultant = to.is_some_and(|p| app.consultant().is_some_and(|c| c.name == p.name));
    let organisation = if is_consultant {
        app.agency.as_ref().map(|a| a.name.clone())
    } else {
        Some(app.company.clone())
    };
    let recipient = to
        .map(|p| [Some(p.name.clone()), p.title.clone()])
        .into_iter()
        .flatten()
        .chain([organisation])
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    crate::model::Letterhead {
        sender,
        date: crate::capture::dates::dated_in(today, language),
        recipient,
        language,
    }
}

/// The templates: the built-in ones, with any the user has written in their place.
#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn built_in() -> Templates {
        Templates::with_overrides(Vec::new()).expect("the built-in templates are valid")
    }

    /// The built-in templates, with the user's (name, source, where it came from) in place of
    /// those of the same name. A user's template with an error is refused, with its line; the
    /// built-in one is not silently used instead.
    pub fn with_overrides(user: Vec<(String, String, String)>) -> Result<Templates, ComposeError> {
        let mut env = Environment::new();
        env.set_fuel(Some(FUEL));
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.add_filter("and_list", data::and_list);
        env.add_filter("sentence", data::sentence);
        env.add_filter("sentence_start", data::sentence_start);
        for (name, source) in BUILT_IN {
            if !user.iter().any(|(n, _, _)| n == name) {
                env.add_template(name, source)
                    .expect("built-in templates parse");
            }
        }
        for (name, source, origin) in user {
            if !BUILT_IN.iter().any(|(n, _)| *n == name) {
                return Err(ComposeError::Template {
                    origin,
                    message: format!(
                        "{name:?} is not a template followup uses (they are {})",
                        BUILT_IN.map(|(n, _)| n).join(", ")
                    ),
                });
            }
            env.add_template_owned(name, source)
                .map_err(|e| ComposeError::Template {
                    origin,
                    message: describe(&e),
                })?;
        }
        Ok(Templates { env })
    }

    /// The built-in templates by name, for `followup templates export`.
    pub fn defaults() -> &'static [(&'static str, &'static str)] {
        &BUILT_IN
    }

    /// Whether any of these templates reads any of these variables.
    fn reads_any(&self, names: &[&str], variables: &[&str]) -> bool {
        names.iter().any(|name| {
            self.env.get_template(name).is_ok_and(|t| {
                t.undeclared_variables(false)
                    .iter()
                    .any(|v| variables.contains(&v.as_str()))
            })
        })
    }

    fn render(&self, name: &str, data: &data::LetterData) -> Result<String, ComposeError> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| ComposeError::Template {
                origin: format!("{name}.txt"),
                message: describe(&e),
            })?;
        let text = template
            .render(minijinja::value::Serde(data))
            .map_err(|e| ComposeError::Template {
                origin: format!("{name}.txt"),
                message: describe(&e),
            })?;
        if text.len() > MAX_OUTPUT {
            return Err(ComposeError::Template {
                origin: format!("{name}.txt"),
                message: format!(
                    "it wrote {} bytes; a letter is at most {MAX_OUTPUT}",
                    text.len()
                ),
            });
        }
        Ok(text)
    }
}

fn describe(error: &minijinja::Error) -> String {
    match error.line() {
        Some(line) => format!(
            "line {line}: {}",
            error.detail().unwrap_or(&error.to_string())
        ),
        None => error.to_string(),
    }
}

/// Composes a letter. The richest version that `clean` accepts is chosen (it runs the checks);
/// the letter then sheds what might offend, level by level: the second point of praise, the
/// details the user wrote, the answers to concerns (the concerns themselves stay). If none is
/// clean, the plainest is returned, and the checks will say why.
pub fn compose(
    request: &Request,
    templates: &Templates,
    clean: &dyn Fn(&Draft) -> bool,
) -> Result<Draft, ComposeError> {
    if !LETTER_KINDS.contains(&request.kind) {
        return Err(ComposeError::NoLetter { kind: request.kind });
    }
    let mut last = None;
    // The debrief's lists are sorted into what may be said only for a template that says
    // them: a status call's script needs none of it (nor the rules the sorting uses).
    let mut names = vec![request.kind.as_str()];
    if request.kind == ActionKind::StatusCheck {
        names.push(STATUS_CHECK_SCRIPT);
    }
    let notebook = templates.reads_any(&names, data::FROM_THE_NOTEBOOK);
    for level in 0..=data::PLAINEST {
        let data = data::LetterData::new(request, level, notebook)?;
        let draft = draft(request, templates, &data)?;
        if clean(&draft) {
            return Ok(draft);
        }
        last = Some(draft);
    }
    Ok(last.expect("at least one level"))
}

fn draft(
    request: &Request,
    templates: &Templates,
    data: &data::LetterData,
) -> Result<Draft, ComposeError> {
    let text = templates.render(request.kind.as_str(), data)?;
    let (subject, body) = match text.strip_prefix("Subject:") {
        Some(rest) => {
            let (subject, body) = rest.split_once('\n').unwrap_or((rest, ""));
            (
                subject.trim().to_string(),
                body.trim_start_matches('\n').to_string(),
            )
        }
        None => (String::new(), text),
    };
    let notes = (request.kind == ActionKind::StatusCheck)
        .then(|| templates.render(STATUS_CHECK_SCRIPT, data))
        .transpose()?;
    Ok(Draft {
        kind: request.kind,
        to: data.recipient(),
        subject,
        body: tidy(&body),
        notes: notes.map(|n| tidy(&n)),
    })
}

/// "Litware Inc." at the end of a sentence: the abbreviation's stop ends it too.
static ABBREVIATION_STOP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)\b(inc|ltd|co|corp|plc|llc|etc|e\.g|i\.e)\.\.").expect("valid")
});

/// No trailing spaces, no runs of blank lines, no doubled stop after an abbreviation, one
/// newline at the end.
fn tidy(text: &str) -> String {
    let text = ABBREVIATION_STOP.replace_all(text, "$1.");
    let mut out = String::new();
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_template_with_an_error_is_refused_with_its_line() {
        let source = "Subject: Hello\n\nDear {{ to.first }},\n{% if %}\n".to_string();
        let err = Templates::with_overrides(vec![(
            "thank_you".into(),
            source,
            "my/thank_you.txt".into(),
        )])
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("the template my/thank_you.txt: line 4"),
            "{text}"
        );
        let err =
            Templates::with_overrides(vec![("thanks".into(), "x".into(), "my/thanks.txt".into())])
                .unwrap_err();
        assert!(
            err.to_string().contains("not a template followup uses"),
            "{err}"
        );
    }

    #[test]
    fn a_template_that_never_ends_is_stopped() {
        let looping =
            "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}"
                .to_string();
        let templates =
            Templates::with_overrides(vec![("thank_you".into(), looping, "loop.txt".into())])
                .unwrap();
        let app = Application::new(Key::new("acme").unwrap(), "Acme", "Analyst");
        let profile = Profile::default();
        let request = Request {
            kind: ActionKind::ThankYou,
            application: &app,
            profile: &profile,
            interview: None,
            to: None,
            answer: Answer::Accept,
            counter: Vec::new(),
            accepted_elsewhere: false,
            today: None,
            with_sample: false,
        };
        let err = compose(&request, &templates, &|_| true).unwrap_err();
        assert!(err.to_string().contains("fuel"), "{err}");
    }

    #[test]
    fn tidy_keeps_paragraphs() {
        assert_eq!(tidy("a  \n\n\n\nb\nc\n\n"), "a\n\nb\nc\n");
    }

    #[test]
    fn only_the_templates_that_say_the_notebook_have_it_sorted() {
        let t = Templates::built_in();
        let notebook = data::FROM_THE_NOTEBOOK;
        assert!(!t.reads_any(&["status_check", STATUS_CHECK_SCRIPT], notebook));
        assert!(!t.reads_any(&["answer_offer", "withdraw_politely"], notebook));
        for kind in [
            "thank_you",
            "strategic_letter",
            "report_to_consultant",
            "send_sample",
        ] {
            assert!(t.reads_any(&[kind], notebook), "{kind}");
        }
        // A user's own template that says what went well gets it.
        let mine = Templates::with_overrides(vec![(
            "status_check".into(),
            "Subject: x\n\n{{ highlight }}".into(),
            "status_check.txt".into(),
        )])
        .unwrap();
        assert!(mine.reads_any(&["status_check"], notebook));
    }
}
