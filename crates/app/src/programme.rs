//! The programme as the edges read it: the open actions with their ids, and the calendar feed.

use followup_core::Key;
use followup_core::programme::ical::{Entry, Hours, calendar};
use followup_core::programme::{self, Action, AppFacts, Context as Rules, action_id};
use followup_store::{ListedAction, Reading, Store};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::{Context, Result};

/// The open actions with their ids, and what is needed to show them.
pub struct Programme {
    pub actions: Vec<ListedAction>,
    /// Letters still open whose moment has passed (their interview's first call has opened):
    /// off the agenda, but the log may still record one that was sent late.
    pub lapsed: Vec<ListedAction>,
    /// From [`Programme::for_person`]: how many actions each of [`GROUPS`] holds, of which
    /// `actions` has the first.
    pub counts: Option<[usize; 4]>,
    /// The user's time zone, for showing times.
    pub zone: TimeZone,
}

impl Programme {
    /// The open actions the reading asks for.
    pub async fn load(
        store: &impl Store,
        context: &Context,
        reading: Reading,
    ) -> Result<Programme> {
        let view = store.programme(reading).await?;
        Ok(Programme::from_view(view, context, reading.actionable_by()))
    }

    /// The agenda as a person reads it now: of the actions whose time has come, the first
    /// `limit` of each of [`GROUPS`], with [`Programme::counts`] saying how many each holds.
    pub async fn for_person(
        store: &impl Store,
        context: &Context,
        limit: usize,
    ) -> Result<Programme> {
        let (profile, _) = store.profile().await?;
        let now = context.now;
        let bounds = group_bounds(now, &context.time_zone(&profile));
        let view = store.programme_groups(now, bounds, limit).await?;
        let mut totals = [0; GROUPS.len()];
        for (total, n) in totals.iter_mut().zip(&view.counts) {
            *total = *n;
        }
        let mut programme = Programme::from_view(view, context, Some(now));
        // keep_searching is worked out here, not stored: count it where it falls.
        for listed in &programme.actions {
            if listed.action.kind == followup_core::ActionKind::KeepSearching {
                totals[group(&listed.action, now, &programme.zone)] += 1;
            }
        }
        programme.counts = Some(totals);
        Ok(programme)
    }

    fn from_view(
        view: followup_store::ProgrammeView,
        context: &Context,
        actionable_by: Option<Timestamp>,
    ) -> Programme {
        // A letter whose moment has passed is no longer open.
        let mut actions = view.actions;
        let lapsed: Vec<ListedAction> = actions
            .extract_if(.., |l| !l.action.is_open_at(context.now))
            .collect();
        let facts: Vec<AppFacts> = view.few_active.iter().map(|(f, _, _)| f.clone()).collect();
        let rules = Rules::new(&view.profile, &view.settings, Vec::new());
        if let Some(keep) = programme::keep_searching(&facts, &view.others, &view.searched, &rules)
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
        Programme {
            actions,
            lapsed,
            counts: None,
            zone: context.time_zone(&view.profile),
        }
    }

    /// The open actions of these applications. The one action that looks across them all
    /// (keep searching) is not among them: it belongs to the whole programme.
    pub async fn of(
        store: &impl Store,
        context: &Context,
        applications: &[Key],
    ) -> Result<Programme> {
        let (actions, lapsed) = store
            .open_actions(applications)
            .await?
            .into_iter()
            .partition(|l| l.action.is_open_at(context.now));
        let (profile, _) = store.profile().await?;
        Ok(Programme {
            actions,
            lapsed,
            counts: None,
            zone: context.time_zone(&profile),
        })
    }
}

/// What an agenda reads at `now`: the actions whose time has come, or with `all` every one
/// still open, whenever it may start.
pub fn agenda_reading(all: bool, now: Timestamp) -> Reading {
    if all {
        Reading::OpenAt(now)
    } else {
        Reading::ActionableAt(now)
    }
}

/// Every open action as an iCalendar file (RFC 5545), and how many there are: the file
/// `followup calendar` writes and the web app's private feed serves.
pub async fn calendar_feed(store: &impl Store, context: &Context) -> Result<(String, usize)> {
    let programme = Programme::load(store, context, Reading::OpenAt(context.now)).await?;
    let entries: Vec<Entry> = programme
        .actions
        .iter()
        .map(|l| Entry {
            id: &l.id,
            company: &l.company,
            action: &l.action,
        })
        .collect();
    let (profile, settings) = store.profile().await?;
    let hours = Hours {
        zone: programme.zone.clone(),
        timings: &settings.programme,
        business_days: &programme::BusinessDays::new(&settings),
        language: profile.language(),
    };
    Ok((calendar(&entries, context.now, &hours), entries.len()))
}

/// The agenda's sections, most urgent first.
pub const GROUPS: [&str; 4] = ["Overdue", "Today", "This week", "Later"];

/// How many actions of each group the agenda shows a person (Today, `followup agenda`): the
/// most urgent; the rest are counted, and listed on asking.
pub const LISTED: usize = 25;

/// Which of [`GROUPS`] an action falls in: by when it is due, in the user's time zone.
pub fn group(a: &Action, now: Timestamp, zone: &TimeZone) -> usize {
    let due = a.due.instant();
    group_bounds(now, zone)
        .iter()
        .position(|bound| due < *bound)
        .unwrap_or(GROUPS.len() - 1)
}

/// Where each of [`GROUPS`] but the last ends: now (overdue before it), the start of
/// tomorrow (today), the start of next Monday (this week; weeks run Monday to Sunday).
pub fn group_bounds(now: Timestamp, zone: &TimeZone) -> [Timestamp; 3] {
    let today = now.to_zoned(zone.clone()).date();
    let start = |days: i64| {
        today
            .checked_add(days.days())
            .ok()
            .and_then(|d| d.to_zoned(zone.clone()).ok())
            .map_or(Timestamp::MAX, |z| z.timestamp())
    };
    let to_monday = 8 - i64::from(today.weekday().to_monday_one_offset());
    [now, start(1), start(to_monday)]
}
