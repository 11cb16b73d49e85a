//! `followup mail`: the mail server followup sends through. Never the password: that comes
//! from FOLLOWUP_SMTP_PASSWORD or a file only you can read.

use followup_app::postman::PASSWORD_VARIABLE;
use followup_app::settings::{MailChange, update_mail};
use followup_store::Store;

use crate::context::Context;
use crate::output;

pub async fn execute(
    args: MailChange,
    store: &impl Store,
    context: &Context,
) -> anyhow::Result<()> {
    let mail = update_mail(args, store, None).await?;
    if context.json {
        return output::json(&mail);
    }
    match &mail {
        None => println!(
            "No mail server is set: followup mail --host HOST --security starttls --username USER --password-file FILE"
        ),
        Some(m) => {
            println!("{}:{} ({})", m.host, m.port(), m.security.as_str());
            if let Some(user) = &m.username {
                let from = if std::env::var(PASSWORD_VARIABLE).is_ok() {
                    PASSWORD_VARIABLE.to_string()
                } else {
                    m.password_file
                        .clone()
                        .unwrap_or_else(|| "(none set)".into())
                };
                println!("user {user}, password from {from}");
            }
        }
    }
    Ok(())
}
