//! What every command may need from the outside world: the application layer's context (the
//! moment, the directories) and how to print. The clock is read here, at the edge.

use anyhow::anyhow;
use followup_core::Moment;
use jiff::Timestamp;

pub struct Context {
    pub app: followup_app::Context,
    pub json: bool,
    /// `--agency` and `--candidate`: the account whose job search an agency's database is
    /// read and written in (for `migrate`, the account it moves into).
    pub account: Option<Candidate>,
}

/// A candidate's account at an agency, by the agency's name and the candidate's email.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub agency: String,
    pub email: String,
}

impl Context {
    pub fn new(now: Option<&str>, json: bool) -> anyhow::Result<Context> {
        let fixed = now.is_some();
        let now = match now {
            Some(text) => Moment::parse(text)
                .map_err(|e| anyhow!("--now: {e}"))?
                .instant(),
            None => Timestamp::now(),
        };
        Ok(Context {
            app: followup_app::Context {
                now,
                fixed,
                keeping: followup_app::own::Keeping::Files,
            },
            json,
            account: None,
        })
    }
}

/// The application layer's context is the command's: `context.now`, `context.today(..)`.
impl std::ops::Deref for Context {
    type Target = followup_app::Context;

    fn deref(&self) -> &followup_app::Context {
        &self.app
    }
}
