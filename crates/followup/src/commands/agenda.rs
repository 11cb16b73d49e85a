//! `followup agenda`: what to do now, most urgent first.

use std::io::IsTerminal;

use followup_app::programme::{GROUPS, LISTED, Programme, agenda_reading, group};
use followup_core::programme::{Action, Channel, summary, when};
use followup_core::track::{self, Entry};
use followup_core::{Key, Moment};
use followup_store::{ListedAction, Outbox, Store};
use jiff::Timestamp;
use serde::Serialize;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Every open action, the ones whose time has not come too.
    #[arg(long)]
    all: bool,
}

pub async fn execute(
    args: Args,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<()> {
    // A person reads the first of each group (their counts come with them); a script or
    // `--all` gets every one.
    let programme = if context.json || args.all {
        Programme::load(store, context, agenda_reading(args.all, context.now)).await?
    } else {
        Programme::for_person(store, context, LISTED).await?
    };
    let outbox = store.outbox(false).await?;
    if context.json {
        // The record of every application on the agenda, and of those whose letters wait.
        let mut seen = std::collections::HashSet::new();
        let listed = programme.actions.iter().map(|l| &l.action.application);
        let waiting = outbox.iter().filter_map(|o| o.application.as_ref());
        let keys: Vec<Key> = listed
            .chain(waiting)
            .filter(|key| seen.insert(*key))
            .cloned()
            .collect();
        let record: Vec<Entry> = store
            .record(&keys)
            .await?
            .iter()
            .flat_map(|r| track::entries(&r.application, &r.messages, &r.calls))
            .collect();
        output::json(&AgendaJson {
            now: Moment::in_zone(context.now, &programme.zone),
            actions: programme
                .actions
                .iter()
                .map(|l| ActionJson::new(&l.id, &l.action))
                .collect(),
            record: &record,
        })?;
        // The process ends here: freeing tens of thousands of actions one by one would cost
        // more than writing them out did.
        std::mem::forget((programme, record));
        return Ok(());
    }
    let limit = (!args.all).then_some(LISTED);
    let (agenda, shown) = text(&programme, context.now, limit, colour());
    print!("{agenda}");
    let scripts = call_scripts(store, context, &programme, &shown).await?;
    print!("{scripts}");
    let waiting = outbox
        .iter()
        .filter(|o| o.message.state.needs_the_user())
        .count();
    if waiting > 0 {
        println!(
            "\n{waiting} letter{} in the outbox need{} your decision: `followup outbox`.",
            if waiting == 1 { "" } else { "s" },
            if waiting == 1 { "s" } else { "" }
        );
    }
    let queued = outbox.len() - waiting;
    if queued > 0 {
        println!(
            "\n{queued} letter{} on the way: `followup outbox send` sends what is due.",
            if queued == 1 { " is" } else { "s are" }
        );
    }
    Ok(())
}

/// The script of the first calls whose time has come, to have in front of you as you dial.
/// Only the calls the agenda shows, and the first [`SCRIPTED`] of them.
async fn call_scripts(
    store: &impl Store,
    context: &Context,
    programme: &Programme,
    shown: &std::collections::HashSet<&str>,
) -> anyhow::Result<String> {
    use followup_core::compose::{Answer, Request, compose};
    let mut out = String::new();
    let due = |l: &ListedAction| {
        l.action.channel == Channel::Phone
            && l.action.not_before.instant() <= context.now
            && shown.contains(l.id.as_str())
    };
    if !programme.actions.iter().any(due) {
        return Ok(out);
    }
    let templates = followup_app::own::OwnFiles::read(store, context)
        .await?
        .templates()?;
    let (profile, _) = store.profile().await?;
    let calls: Vec<&ListedAction> = programme.actions.iter().filter(|l| due(l)).collect();
    for listed in calls.iter().take(SCRIPTED) {
        let a = &listed.action;
        let Some(app) = store.application(&a.application).await? else {
            continue;
        };
        let request = Request {
            kind: a.kind,
            application: &app,
            profile: &profile,
            interview: a.interview.as_ref(),
            to: a.to(),
            answer: Answer::Accept,
            counter: Vec::new(),
            accepted_elsewhere: false,
            today: Some(context.now.to_zoned(programme.zone.clone()).date()),
            with_sample: false,
        };
        let Ok(draft) = compose(&request, &templates, &|_| true) else {
            continue;
        };
        let script = draft.notes.unwrap_or(draft.body);
        out.push_str(&format!(
            "\nThe call {} ({}): `followup done {} --answered|--voicemail` after it.\n",
            listed.id,
            a.to().unwrap_or_default(),
            listed.id
        ));
        for line in script.lines() {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if let Some(next) = calls.get(SCRIPTED) {
        let more = calls.len() - SCRIPTED;
        out.push_str(&format!(
            "\nThe script{s} of the other {more} call{s} due: `followup draft {}` and so on.\n",
            next.id,
            s = if more == 1 { "" } else { "s" },
        ));
    }
    Ok(out)
}

/// How many calls the agenda gives a script for: the most urgent, one at a time is how they
/// are made; the others' scripts are a `followup draft` away.
const SCRIPTED: usize = 3;

/// The agenda's `--json` (spec/format.md), with the record of the applications it names.
#[derive(Serialize)]
struct AgendaJson<'a> {
    now: Moment,
    actions: Vec<ActionJson<'a>>,
    record: &'a [Entry],
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

/// The agenda for a person: overdue, today, this week, later; one line per action, at most
/// `limit` a group (the most urgent), the rest counted. Also the ids it shows.
fn text(
    programme: &Programme,
    now: Timestamp,
    limit: Option<usize>,
    colour: bool,
) -> (String, std::collections::HashSet<&str>) {
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
    let group = |a: &Action| group(a, now, &programme.zone);
    let headings = GROUPS.map(|g| (g, if g == "Overdue" { red } else { bold }));
    let mut out = String::new();
    let mut shown = std::collections::HashSet::new();
    // One pass: the actions come most urgent first, so each group keeps its first ones.
    let mut groups: Vec<(Vec<&ListedAction>, usize)> = vec![(Vec::new(), 0); GROUPS.len()];
    for listed in &programme.actions {
        let (lines, more) = &mut groups[group(&listed.action)];
        if limit.is_none_or(|l| lines.len() < l) {
            lines.push(listed);
        } else {
            *more += 1;
        }
    }
    // Loaded for a person, the programme holds only the first of each group: the counts say
    // how many there are.
    if let Some(counts) = programme.counts {
        for ((lines, more), total) in groups.iter_mut().zip(counts) {
            *more = total.saturating_sub(lines.len());
        }
    }
    for ((heading, style), (lines, more)) in headings.iter().zip(groups) {
        if lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{}", paint(*style, heading));
        for listed in lines {
            let ListedAction {
                id,
                company,
                action,
            } = listed;
            shown.insert(id.as_str());
            let _ = writeln!(
                out,
                "  {}  {} ({company}) — {}. {}",
                paint(bold, &format!("{id:<6}")),
                summary(action),
                when(action, now, &programme.zone),
                paint(dim, &action.why),
            );
        }
        if more > 0 {
            let _ = writeln!(
                out,
                "  {}",
                paint(
                    dim,
                    &format!("… and {more} more: `followup agenda --all` lists every one.")
                )
            );
        }
    }
    if out.is_empty() {
        out.push_str("Nothing to do now. `followup agenda --all` shows what is coming.\n");
    }
    (out, shown)
}
