//! The board: the applications by stage, and the insights drawn from the whole search.

use std::collections::BTreeMap;

use followup_core::{Key, Stage};
use followup_store::{ApplicationSummary, ListedAction};

use crate::web::error::WebError;
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::programme::Programme;

type Result<T> = std::result::Result<T, WebError>;
use super::*;

/// The applications by stage, with what each waits for and since when.
pub async fn board<S: Backend>(s: &Shared<S>) -> Result<BoardView> {
    let ctx = s.context();
    let summaries = s.store.summaries().await?;
    let mut columns: Vec<(Column, Vec<&ApplicationSummary>)> = Stage::ALL
        .iter()
        .map(|stage| {
            let column = Column {
                stage: stage.as_str().to_string(),
                title: title_case(stage.as_str()),
                count: 0,
                cards: Vec::new(),
            };
            (column, Vec::new())
        })
        .collect();
    for summary_ in &summaries {
        let Some((column, shown)) = columns
            .iter_mut()
            .find(|(c, _)| c.stage == summary_.stage.as_str())
        else {
            continue;
        };
        column.count += 1;
        // A board is for looking at: the rest of a long column is a count.
        if shown.len() < 100 {
            shown.push(summary_);
        }
    }
    let keys: Vec<Key> = columns
        .iter()
        .flat_map(|(_, shown)| shown.iter().map(|s| s.key.clone()))
        .collect();
    let programme = Programme::of(&s.store, &ctx, &keys).await?;
    // The most urgent open action of each application (actions come most urgent first).
    let mut next: BTreeMap<&Key, &ListedAction> = BTreeMap::new();
    for listed in &programme.actions {
        next.entry(&listed.action.application).or_insert(listed);
    }
    for (column, shown) in &mut columns {
        for summary_ in shown.iter() {
            column
                .cards
                .push(card(summary_, next.get(&summary_.key), &programme.zone));
        }
    }
    Ok(BoardView {
        columns: columns.into_iter().map(|(c, _)| c).collect(),
    })
}

/// The pictures: the funnel, how long employers take, thank-yous in time.
pub async fn insights<S: Backend>(s: &Shared<S>) -> Result<InsightsView> {
    let search = s.store.export().await?;
    Ok(crate::web::insights::view(&search))
}
