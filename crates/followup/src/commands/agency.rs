//! `followup agency`: what whoever runs an agency's followup does from the command line.

use std::path::PathBuf;

use anyhow::bail;
use followup_app::accounts;
use followup_app::mailroom::{self, Link};
use followup_store::PostgresStore;

use crate::context::Context;
use crate::web::config;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Set up an agency: its tables (as their owner), the rights of the app's own role (the
    /// user of `database.url`), and its admin, who is emailed an invitation.
    Found(FoundArgs),
    /// Bring the tables up to this version, as their owner, and grant the app's role what a
    /// new version adds: run once after installing a new followup, before its instances start.
    Upgrade(UpgradeArgs),
}

#[derive(Debug, clap::Args)]
pub struct UpgradeArgs {
    /// The agency mode's settings (docs/agency.md), as `serve --config` reads them.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// A PostgreSQL URL of the role that owns followup's tables.
    #[arg(long, value_name = "URL")]
    pub owner_url: String,
}

#[derive(Debug, clap::Args)]
pub struct FoundArgs {
    /// The agency mode's settings (docs/agency.md), as `serve --config` reads them.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// A PostgreSQL URL of the role that owns followup's tables (it creates them if need be).
    #[arg(long, value_name = "URL")]
    pub owner_url: String,
    /// The agency's name.
    #[arg(long)]
    pub name: String,
    /// The admin's email: they are sent the invitation.
    #[arg(long, value_name = "EMAIL")]
    pub admin: String,
    /// The admin's name.
    #[arg(long, value_name = "NAME")]
    pub admin_name: String,
}

pub async fn execute(command: Command, context: &Context) -> anyhow::Result<()> {
    let args = match command {
        Command::Found(args) => args,
        Command::Upgrade(args) => {
            let (_, config, _) = config::load(&args.config)?;
            let owner = owned(&config.database_url, &args.owner_url, &args.config).await?;
            owner.close().await;
            println!(
                "The tables are at schema version {}, and the app's role has what it needs.",
                followup_store::SCHEMA_VERSION
            );
            return Ok(());
        }
    };
    let (_, config, _) = config::load(&args.config)?;
    let owner = owned(&config.database_url, &args.owner_url, &args.config).await?;
    let limits = config.limits();
    let (admin, token) = accounts::found_agency(
        &owner,
        &args.name,
        &args.admin,
        &args.admin_name,
        context.now,
        &limits,
    )
    .await?;
    let url = format!(
        "{}/invitation/{token}",
        config.public_url.trim_end_matches('/')
    );
    let link = Link::Invitation {
        by: args.name.trim(),
    };
    let sent = mailroom::send(
        &config.mailroom(),
        &admin,
        link,
        &url,
        limits.invitation,
        context.now,
    )
    .await;
    owner.close().await;
    match sent {
        Ok(()) => println!(
            "The agency {} is founded; its admin's invitation is on its way to {}.",
            args.name.trim(),
            admin.email
        ),
        // Whoever runs this owns the database: they may hand the link over themself.
        Err(e) => println!(
            "The agency {} is founded, but the invitation's email did not go ({e}). Give {} \
             this link, good once: {url}",
            args.name.trim(),
            admin.email
        ),
    }
    Ok(())
}

/// Connects as the owner (which brings the tables up to date) and grants the app's role,
/// which must be another: row-level security does not hold a table's owner.
async fn owned(
    app_url: &str,
    owner_url: &str,
    file: &std::path::Path,
) -> anyhow::Result<PostgresStore> {
    let app_role = PostgresStore::role_of(app_url)?;
    if app_role == PostgresStore::role_of(owner_url)? {
        bail!(
            "{}: `database.url` connects as {app_role:?}, the owner: the app must connect as a \
             role of its own, which row-level security holds to each job search",
            file.display()
        );
    }
    let owner = PostgresStore::connect(owner_url).await?;
    owner.grant(&app_role).await?;
    Ok(owner)
}
