//! `followup migrate --to URL --agency NAME --candidate EMAIL`: moves the job search on this
//! machine into a candidate's account at an agency, losing nothing. The way back is
//! `followup --database-url URL --agency NAME --candidate EMAIL export`, then `import`.

use anyhow::{Context as _, bail};
use followup_app::own::OwnFiles;
use followup_core::capture::to_json;
use followup_store::{PostgresStore, Store, StoreError};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The agency's PostgreSQL database, as its app's role or its owner.
    #[arg(long, value_name = "URL")]
    to: String,
}

pub async fn execute(args: Args, here: &impl Store, context: &Context) -> anyhow::Result<()> {
    let Some(account) = &context.account else {
        bail!(
            "migrate --to needs --agency NAME --candidate EMAIL: the account the job search \
             moves into"
        );
    };
    let agency = PostgresStore::connect(&args.to).await?;
    let search =
        followup_app::accounts::candidate_search(&agency, &account.agency, &account.email).await?;
    let there = agency.for_search(search);
    let doc = here.export().await?;
    // The words, rules and templates of this machine go with it: in the account they are
    // the job search's own.
    let own = OwnFiles::read(here, context).await?.into_map();
    match there.move_in(&doc, &own).await {
        Ok(_) => {}
        Err(StoreError::NotEmpty {
            applications,
            files,
        }) => bail!(
            "{}'s account already holds {applications} applications and {files} of their own \
             files: migrate moves a job search into an empty account only. Nothing was changed",
            account.email
        ),
        Err(e) => return Err(e).context("nothing was moved: the account is as it was"),
    }
    // Read back and compared whole: what the account holds is what this machine held.
    if to_json(&there.export().await?) != to_json(&doc) || there.own_files().await? != own {
        bail!(
            "the account's copy differs from this machine's job search; this machine's is kept \
             as it was. Tell whoever runs the agency's followup"
        );
    }
    println!(
        "Moved {} applications and {} of your own files (words, rules, templates) into {}'s \
         account at {}; the copy reads back the same. The job search on this machine is kept as \
         it was: delete it when you no longer need it.",
        doc.applications.len(),
        own.len(),
        account.email,
        account.agency
    );
    agency.close().await;
    Ok(())
}
