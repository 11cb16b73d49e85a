//! One file per subcommand: its arguments and its `execute`.

pub mod agency;
pub mod agenda;
pub mod app;
pub mod calendar;
pub mod check;
mod debrief;
pub mod done;
pub mod draft;
pub mod event;
pub mod export;
mod import;
pub mod interview;
pub mod mail;
mod migrate;
mod outbox;
pub mod profile;
mod remind;
pub mod send;

use std::process::ExitCode;

use clap::Subcommand;
use followup_store::{Outbox, Store};

use crate::context::Context;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a job search from a JSON file (merging by key; nothing is deleted).
    Import(import::Args),
    /// Write the whole job search as JSON.
    Export(export::Args),
    /// Add, list, show and edit applications.
    #[command(subcommand)]
    App(app::Command),
    /// Record interviews.
    #[command(subcommand)]
    Interview(interview::Command),
    /// Write down how an interview went, while it is fresh.
    Debrief(debrief::Args),
    /// Record what the employer did: a reply, an invitation, a rejection, an offer...
    #[command(subcommand)]
    Event(event::Command),
    /// Show or set who you are, the English you write and your time zone.
    Profile(followup_app::settings::ProfileChange),
    /// What to do now, most urgent first: the programme's actions whose time has come.
    Agenda(agenda::Args),
    /// Mark an action done (`followup done np-3`).
    Done(followup_app::log::DoneInput),
    /// Decide not to do an action, and say why.
    Skip(followup_app::log::SkipInput),
    /// The open actions as an iCalendar file, for a calendar app.
    Calendar(calendar::Args),
    /// Check a letter before it goes: spelling, tone, names, and the programme's timing.
    Check(check::Args),
    /// Compose a letter from the debrief and the programme, checked before you see it.
    Draft(draft::Args),
    /// Check a letter and send it: by email, or through the consultant.
    Send(send::Args),
    /// The letters on their way, and those that wait for your decision.
    Outbox {
        #[command(subcommand)]
        command: Option<outbox::Command>,
    },
    /// The mail server followup sends through.
    Mail(followup_app::settings::MailChange),
    /// Email yourself what is due today (once a day; nothing when nothing is due).
    Remind(remind::Args),
    /// The letters' templates: write the built-in ones out to edit.
    #[command(subcommand)]
    Templates(draft::TemplatesCommand),
    /// The web app, on this machine: http://127.0.0.1:7878/ by default.
    Serve(crate::web::Args),
    /// Move this machine's job search into a candidate's account at an agency
    /// (`--to URL --agency NAME --candidate EMAIL`), losing nothing.
    Migrate(migrate::Args),
    /// An agency's followup on PostgreSQL: set one up (docs/agency.md).
    #[command(subcommand)]
    Agency(agency::Command),
    /// The resident proofreader that keeps checks fast (started by `check` when needed).
    #[command(subcommand, hide = true)]
    Proofreader(ProofreaderCommand),
}

pub async fn execute(
    command: Command,
    store: &(impl Store + Outbox),
    context: &Context,
) -> anyhow::Result<ExitCode> {
    if let Command::Check(args) = command {
        return check::execute(args, store, context).await;
    }
    match command {
        Command::Import(args) => import::execute(args, store, context).await,
        Command::Export(args) => export::execute(args, store).await,
        Command::App(command) => app::execute(command, store, context).await,
        Command::Interview(command) => interview::execute(command, store, context).await,
        Command::Debrief(args) => debrief::execute(args, store, context).await,
        Command::Event(command) => event::execute(command, store, context).await,
        Command::Profile(args) => profile::execute(args, store, context).await,
        Command::Agenda(args) => agenda::execute(args, store, context).await,
        Command::Done(args) => done::done(args, store, context).await,
        Command::Skip(args) => done::skip(args, store, context).await,
        Command::Calendar(args) => calendar::execute(args, store, context).await,
        Command::Check(_) => unreachable!("answered above, with its own exit status"),
        Command::Draft(args) => draft::execute(args, store, context).await,
        Command::Templates(command) => draft::templates(command, context).await,
        Command::Send(args) => send::execute(args, store, context).await,
        Command::Outbox { command } => outbox::execute(command, store, context).await,
        Command::Mail(args) => mail::execute(args, store, context).await,
        Command::Remind(args) => remind::execute(args, store, context).await,
        Command::Migrate(args) => migrate::execute(args, store, context).await,
        Command::Proofreader(_) => unreachable!("answered before the database is opened"),
        Command::Serve(_) => unreachable!("served by main, which owns the store"),
        Command::Agency(_) => unreachable!("answered before the database is opened"),
    }
    .map(|()| ExitCode::SUCCESS)
}

/// The resident proofreader's own commands.
#[derive(Debug, Subcommand)]
pub enum ProofreaderCommand {
    /// Run the resident proofreader (started by `followup check` when needed).
    Serve,
    /// Stop the resident proofreader, if it runs.
    Stop,
}

pub fn proofreader(command: ProofreaderCommand, data_dir: &std::path::Path) -> anyhow::Result<()> {
    match command {
        ProofreaderCommand::Serve => followup_app::proofreader::serve(data_dir)?,
        ProofreaderCommand::Stop => followup_app::proofreader::stop(data_dir)?,
    }
    Ok(())
}
