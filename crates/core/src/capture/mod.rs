//! Capture: how a job search gets in. The JSON document, checked field by field;
//! merging a document into what is already kept; the debrief template; and dates
//! written the way people say them.

pub mod dates;
pub mod debrief_template;
pub mod document;
pub mod merge;
pub mod people;
pub mod times;
mod validate;

pub use document::{DocumentError, Invalid, check_document, parse_document, to_json};
pub use merge::{MergeOutcome, merge_application, merge_profile, merge_settings};
pub use validate::{check_message, is_plausible_email};
