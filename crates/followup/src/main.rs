//! `followup`: the command line. `main` only parses, opens the store once, and dispatches.

mod commands;
mod context;
mod output;
mod web;

use std::process::ExitCode;

use anyhow::bail;
use clap::Parser;
use followup_store::Store as _;
use followup_store::{Location, PostgresStore, SqliteStore};

use crate::commands::Command;
use crate::context::Context;

/// Follow up after a job interview: debrief, plan, write, check, send, track.
#[derive(Debug, Parser)]
#[command(name = "followup", version, about, max_term_width = 100)]
struct Cli {
    /// The SQLite database file (default: followup.db in your data directory).
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        conflicts_with = "database_url"
    )]
    db: Option<std::path::PathBuf>,

    /// The database as a URL: sqlite:PATH or postgres://USER@HOST/DB.
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "FOLLOWUP_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,

    /// With --candidate: the agency whose PostgreSQL database --database-url names.
    #[arg(long, global = true, value_name = "NAME", requires = "candidate")]
    agency: Option<String>,

    /// Work in this candidate's job search of the agency's database (`export`, `import`,
    /// any command); for `migrate`, the account the job search moves into.
    #[arg(long, global = true, value_name = "EMAIL", requires = "agency")]
    candidate: Option<String>,

    /// Act as if it were this moment (RFC 3339), for scripts and "what if" questions.
    #[arg(long, global = true, value_name = "TIME")]
    now: Option<String>,

    /// Print data as JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A command does one thing at a time; the web server answers requests side by side.
    let runtime = match cli.command {
        Command::Serve(_) => tokio::runtime::Builder::new_multi_thread(),
        _ => tokio::runtime::Builder::new_current_thread(),
    }
    .enable_all()
    .build()
    .expect("a runtime builds");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", output::error(&err));
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut context = Context::new(cli.now.as_deref(), cli.json)?;
    context.account = cli
        .agency
        .clone()
        .zip(cli.candidate.clone())
        .map(|(agency, email)| context::Candidate { agency, email });
    // For `migrate`, the account is where the job search goes, not where it is read.
    let in_account = context
        .account
        .clone()
        .filter(|_| !matches!(cli.command, Command::Migrate(_)));
    // The resident proofreader needs no database.
    if let Command::Proofreader(command) = cli.command {
        commands::proofreader(command, &context.data_dir()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Serve(args) = &cli.command
        && args.routes
    {
        web::print_routes()?;
        return Ok(ExitCode::SUCCESS);
    }
    // The agency mode names its own database, in its settings.
    if let Command::Agency(command) = cli.command {
        commands::agency::execute(command, &context).await?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Serve(args) = &cli.command
        && let Some(path) = &args.config
    {
        web::agency(path, args.check, &context).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let location = match (&cli.db, &cli.database_url) {
        (Some(path), _) => Location::Sqlite(path.clone()),
        (None, Some(url)) => Location::parse(url)?,
        (None, None) => Location::Sqlite(SqliteStore::default_path(&context.data_dir()?)),
    };
    // The backend is chosen here, once, and passed down as a generic.
    match location {
        Location::Sqlite(path) => {
            if in_account.is_some() {
                bail!(
                    "--agency and --candidate name an account of an agency's PostgreSQL \
                     database: give it with --database-url postgres://..."
                );
            }
            let store = SqliteStore::open(&path).await?;
            let result = match cli.command {
                Command::Serve(args) => web::serve(args, store.clone(), &context)
                    .await
                    .map(|()| ExitCode::SUCCESS),
                command => commands::execute(command, &store, &context).await,
            };
            store.close().await;
            result
        }
        Location::Postgres(url) => {
            let mut store = PostgresStore::connect(&url).await?;
            if let Some(account) = &in_account {
                let search = followup_app::accounts::candidate_search(
                    &store,
                    &account.agency,
                    &account.email,
                )
                .await?;
                store = store.for_search(search);
                // The account's own words, rules and templates are its search's, not this machine's.
                context.app.keeping = followup_app::own::Keeping::Store;
            }
            let result = match cli.command {
                Command::Serve(args) => web::serve(args, store.clone(), &context)
                    .await
                    .map(|()| ExitCode::SUCCESS),
                command => commands::execute(command, &store, &context).await,
            };
            store.close().await;
            result
        }
    }
}
