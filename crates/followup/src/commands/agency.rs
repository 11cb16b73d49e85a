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
    let Command::Found(args) = command;
    let (file, config, _) = config::load(&args.config)?;
    let app_role = PostgresStore::role_of(&config.database_url)?;
    if app_role == PostgresStore::role_of(&args.owner_url)? {
        bail!(
            "{file}: `database.url` connects as {app_role:?}, the owner: the app must connect as \
             a role of its own, which row-level security holds to each job search"
        );
    }
    let owner = PostgresStore::connect(&args.owner_url).await?;
    owner.grant(&app_role).await?;
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
