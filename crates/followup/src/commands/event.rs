use followup_app::events::{NewEvent, record};
use followup_app::programme::Programme;
use followup_core::capture::dates;
use followup_core::programme::{BusinessDays, summary, when};
use followup_store::Store;

use crate::context::Context;
use crate::output;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record an event: reply, invitation, rejection, offer, offer_accepted, offer_declined,
    /// interview_cancelled or feedback.
    Add(NewEvent),
}

pub async fn execute(
    command: Command,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    let Command::Add(args) = command;
    let (app, event) = record(args, store, context).await?;
    let kind = event.kind;
    if context.json {
        return output::json(&event);
    }
    println!(
        "Recorded {} for {} at {}. The application is now {}.",
        kind,
        app.key,
        event.at,
        app.stage()
    );
    // Each date they named, in full to confirm it, with a word when it is not a working day.
    let (profile, settings) = store.profile().await?;
    let (language, days) = (profile.language(), BusinessDays::new(&settings));
    let offer = event.offer.as_ref();
    let named = [
        ("for their decision", event.decision_by),
        ("to answer by", offer.and_then(|o| o.respond_by)),
        ("for the start", offer.and_then(|o| o.start_date)),
    ];
    for (what, date) in named {
        let Some(date) = date else { continue };
        println!("They named {} {what}.", dates::long_in(date, language));
        if let Some(note) = days.day_off_note(date, language) {
            println!("  {note}");
        }
    }
    // What the programme asks next of this application, now that the event is in.
    let programme = Programme::of(store, context, std::slice::from_ref(&app.key)).await?;
    let next: Vec<_> = programme
        .actions
        .iter()
        .filter(|l| l.action.application == app.key)
        .take(5)
        .collect();
    if next.is_empty() {
        println!("Nothing more to do for it.");
    }
    for listed in next {
        println!(
            "  {:<6}  {} — {}.",
            listed.id,
            summary(&listed.action),
            when(&listed.action, context.now, &programme.zone)
        );
    }
    Ok(())
}
