//! The pure core of followup: the job search as data, and the rules that act on it.
//!
//! Nothing here touches a database, the network or the clock. Time is always an
//! argument, so every rule can be tested at any moment.

pub mod capture;
pub mod check;
pub mod compose;
pub mod deliver;
pub mod model;
pub mod programme;
pub mod track;

pub use model::*;
