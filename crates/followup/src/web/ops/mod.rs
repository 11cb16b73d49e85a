//! The operations of the web app, a module per page: one function per thing a person does or
//! looks at. The pages and the API both call these and differ only in how they show the
//! answer; each reads the form and calls the application layer (`followup-app`), as the
//! command line does.

mod application;
mod board;
mod debrief;
mod letter;
mod offer;
mod settings;
mod today;

use followup_core::Application;
use followup_core::capture::dates;
use followup_core::compose::LETTER_KINDS;
use followup_core::programme::{Channel, summary, when};
use followup_store::{ApplicationSummary, ListedAction};
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::error::WebError;
use super::views::*;
use super::{Backend, Shared};
use followup_app::applications;

type Result<T> = std::result::Result<T, WebError>;

pub use application::*;
pub use board::*;
pub use debrief::*;
pub use letter::*;
pub use offer::*;
pub use settings::*;
pub use today::*;

/// A moment in words, in a time zone: "Fri 20 Nov 2026, 14:00".
pub fn moment(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone())
        .strftime("%a %-d %b %Y, %H:%M")
        .to_string()
}

fn action_view(listed: &ListedAction, now: Timestamp, zone: &TimeZone) -> ActionView {
    let a = &listed.action;
    ActionView {
        id: listed.id.clone(),
        application: a.application.to_string(),
        company: listed.company.clone(),
        kind: a.kind.as_str().to_string(),
        summary: summary(a),
        when: when(a, now, zone),
        why: a.why.clone(),
        channel: a.channel.as_str().to_string(),
        to: a.to().map(str::to_string),
        not_before: a.not_before.to_string(),
        due: a.due.to_string(),
        overdue: a.is_overdue(now),
        letter: LETTER_KINDS.contains(&a.kind),
        call: a.channel == Channel::Phone,
    }
}

async fn application_of<S: Backend>(s: &Shared<S>, key: &str) -> Result<Application> {
    Ok(applications::find(&s.store, key).await?)
}

/// An application on the board: what it waits for (its next action, or the employer) and since when.
fn card(summary_: &ApplicationSummary, next: Option<&&ListedAction>, zone: &TimeZone) -> Card {
    let (waiting_for, since) = match next {
        Some(listed) => (
            format!("You: {}", summary(&listed.action)),
            format!(
                "since {}",
                dates::long(
                    listed
                        .action
                        .not_before
                        .instant()
                        .to_zoned(zone.clone())
                        .date()
                )
            ),
        ),
        None if summary_.stage.is_active() => (
            "The employer".to_string(),
            summary_
                .applied_on
                .map(|d| format!("applied {}", dates::long(d)))
                .unwrap_or_default(),
        ),
        None => ("Nothing".to_string(), String::new()),
    };
    Card {
        key: summary_.key.to_string(),
        company: summary_.company.clone(),
        role: summary_.role.clone(),
        waiting_for,
        since,
        interest: summary_.interest,
    }
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
