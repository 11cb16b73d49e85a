//! The application layer: every change and every view that the command line and the web app
//! share. Each takes plain input (the structs here; with the `cli` feature they are the command
//! line's arguments too), the store and the [`Context`] (the moment, the directories), runs in
//! the store's transactions, and answers a value or an [`AppError`] a person can read. The
//! command line only parses and prints; the web only reads forms and renders.
//!
//! Along the flow: capture (`applications`, `interviews`, `debriefs`, `events`, `settings`),
//! plan (`programme`, `log`), compose and check (`letters`), deliver (`send`, `postman`,
//! `forward` through the consultant, `remind`), with
//! the English checker kept warm in a resident process (`proofreader`).

pub mod accounts;
pub mod applications;
mod context;
pub mod debriefs;
mod error;
pub mod events;
pub mod files;
pub mod forward;
pub mod interviews;
pub mod letters;
pub mod log;
pub mod mailroom;
pub mod own;
pub mod postman;
pub mod programme;
pub mod proofreader;
pub mod remind;
pub mod report;
pub mod send;
pub mod settings;

pub use context::Context;
pub use error::{AlreadyOnItsWay, AppError, Result};
