//! Today: the agenda, the actions whose time has come, most urgent first.

use crate::web::error::WebError;
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::programme::{GROUPS, Programme, agenda_reading, group};

type Result<T> = std::result::Result<T, WebError>;
use super::*;

/// The agenda: the actions whose time has come (with `all`, every open one), most urgent first.
pub async fn today<S: Backend>(
    s: &Shared<S>,
    all: bool,
    listing: Listing<'_>,
) -> Result<TodayView> {
    let ctx = s.context();
    // The page as a person first reads it needs only the first of each group and the counts.
    let programme = match listing {
        Listing::First { count, whole: None } if !all => {
            Programme::for_person(&s.store, &ctx, count).await?
        }
        _ => Programme::load(&s.store, &ctx, agenda_reading(all, ctx.now)).await?,
    };
    let mut groups: Vec<AgendaGroup> = GROUPS
        .iter()
        .map(|title| AgendaGroup {
            id: title.to_lowercase().replace(' ', "-"),
            title: title.to_string(),
            actions: Vec::new(),
            more: 0,
        })
        .collect();
    for listed in &programme.actions {
        let g = &mut groups[group(&listed.action, ctx.now, &programme.zone)];
        if listing.lists(&g.id, g.actions.len()) {
            g.actions
                .push(action_view(listed, ctx.now, &programme.zone));
        } else {
            g.more += 1;
        }
    }
    if let Some(counts) = programme.counts {
        for (g, n) in groups.iter_mut().zip(counts) {
            g.more = n.saturating_sub(g.actions.len());
        }
    }
    groups.retain(|g| !g.actions.is_empty());
    let outbox = s.store.outbox(false).await?;
    let waiting = outbox
        .iter()
        .filter(|o| o.message.state.needs_the_user())
        .count();
    let applications = if groups.is_empty() {
        s.store.summaries().await?.len()
    } else {
        0
    };
    Ok(TodayView {
        now: moment(ctx.now, &programme.zone),
        groups,
        letters_waiting: waiting,
        letters_queued: outbox.len() - waiting,
        applications,
    })
}

/// Which actions of each group the agenda lists: the API lists every one; the page lists the
/// first few of each group (the most urgent come first) and counts the others, so that a long
/// search still gives a page to read, and lists one group whole when asked.
#[derive(Debug, Clone, Copy)]
pub enum Listing<'a> {
    Every,
    First {
        count: usize,
        whole: Option<&'a str>,
    },
}

impl Listing<'_> {
    fn lists(&self, group: &str, listed: usize) -> bool {
        match *self {
            Listing::Every => true,
            Listing::First { count, whole } => listed < count || whole == Some(group),
        }
    }
}
