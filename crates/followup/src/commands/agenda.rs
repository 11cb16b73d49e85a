//! `followup agenda`: what to do now, most urgent first; and the programme as the other
//! commands that name an action (`done`, `skip`, `calendar`) read it.

use std::io::IsTerminal;

use followup_core::programme::{
    self, Action, AppFacts, Context as Rules, action_id, summary, when,
};
use followup_core::{Key, Moment};
use followup_store::{ListedAction, Store};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Every open action, the ones whose time has not come too.
    #[arg(long)]
    all: bool,
}

/// The open actions with their ids, and what is needed to show them.
pub struct Programme {
    pub actions: Vec<ListedAction>,
    /// The user's time zone, for showing times.
    pub zone: TimeZone,
}

impl Programme {
    /// The open actions: all of them, or those that may start by `actionable_by`.
    pub async fn load(
        store: &impl Store,
        context: &Context,
        actionable_by: Option<Timestamp>,
    ) -> anyhow::Result<Programme> {
        let view = store.programme(actionable_by).await?;
        let mut actions = view.actions;
        let facts: Vec<AppFacts> = view.few_active.iter().map(|(f, _, _)| f.clone()).collect();
        let rules = Rules::new(&view.profile, &view.settings, Vec::new());
        if let Some(keep) = programme::keep_searching(&facts, &view.searched, &rules)
            && keep.is_open()
            && actionable_by.is_none_or(|by| keep.not_before.instant() <= by)
            && let Some((_, short, company)) = view
                .few_active
                .iter()
                .find(|(f, _, _)| f.key == keep.application)
        {
            actions.push(ListedAction {
                id: action_id(short, keep.number),
                company: company.clone(),
                action: keep,
            });
            actions.sort_by(|a, b| programme::by_urgency(&a.action, &b.action));
        }
        Ok(Programme {
            actions,
            zone: context.time_zone(&view.profile),
        })
    }
}

pub async fn execute(args: Args, store: &impl Store, context: &Context) -> anyhow::Result<()> {
    let by = (!args.all).then_some(context.now);
    let programme = Programme::load(store, context, by).await?;
    if context.json {
        return output::json(&AgendaJson {
            now: Moment::in_zone(context.now, &programme.zone),
            actions: programme
                .actions
                .iter()
                .map(|l| ActionJson::new(&l.id, &l.action))
                .collect(),
        });
    }
    print!("{}", text(&programme, context.now, colour()));
    Ok(())
}

/// The agenda's `--json` (spec/format.md).
#[derive(Serialize)]
struct AgendaJson<'a> {
    now: Moment,
    actions: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
pub struct ActionJson<'a> {
    id: &'a str,
    application: &'a Key,
    interview: Option<&'a Key>,
    kind: &'static str,
    to: Option<&'a str>,
    channel: &'static str,
    not_before: Moment,
    due: Moment,
    state: &'static str,
    why: &'a str,
}

impl<'a> ActionJson<'a> {
    pub fn new(id: &'a str, a: &'a Action) -> ActionJson<'a> {
        ActionJson {
            id,
            application: &a.application,
            interview: a.interview.as_ref(),
            kind: a.kind.as_str(),
            to: a.to(),
            channel: a.channel.as_str(),
            not_before: a.not_before,
            due: a.due,
            state: a.state.as_str(),
            why: &a.why,
        }
    }
}

/// Colour for a terminal that wants it: not under `NO_COLOR`, not into a pipe or a file.
fn colour() -> bool {
    std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

/// The agenda for a person: overdue, today, this week, later; one line per action.
fn text(programme: &Programme, now: Timestamp, colour: bool) -> String {
    use std::fmt::Write as _;
    let paint = |style: anstyle::Style, text: &str| {
        if colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    let bold = anstyle::Style::new().bold();
    let red = bold.fg_color(Some(anstyle::AnsiColor::Red.into()));
    let dim = anstyle::Style::new().dimmed();
    let today = now.to_zoned(programme.zone.clone()).date();
    // Weeks run Monday to Sunday.
    let to_sunday = 7 - i64::from(today.weekday().to_monday_one_offset());
    let week_end = today.checked_add(to_sunday.days()).unwrap_or(today);
    let group = |a: &Action| {
        let due = a.due.instant();
        let day = due.to_zoned(programme.zone.clone()).date();
        if due < now {
            0
        } else if day == today {
            1
        } else if day <= week_end {
            2
        } else {
            3
        }
    };
    let headings = [
        ("Overdue", red),
        ("Today", bold),
        ("This week", bold),
        ("Later", bold),
    ];
    let mut out = String::new();
    for (n, (heading, style)) in headings.iter().enumerate() {
        let lines: Vec<&ListedAction> = programme
            .actions
            .iter()
            .filter(|l| group(&l.action) == n)
            .collect();
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", paint(*style, heading));
        for ListedAction {
            id,
            company,
            action,
        } in lines
        {
            let _ = writeln!(
                out,
                "  {}  {} ({company}) — {}. {}",
                paint(bold, &format!("{id:<6}")),
                summary(action),
                when(action, now, &programme.zone),
                paint(dim, &action.why),
            );
        }
    }
    if out.is_empty() {
        out.push_str("Nothing to do now. `followup agenda --all` shows what is coming.\n");
    }
    out
}
