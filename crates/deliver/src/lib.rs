//! How a letter leaves followup: as an RFC 5322 message (`.eml`, UTF-8 headers encoded as RFC
//! 2047 says) and as a Word document (`.docx`), directly or through the consultant.

mod docx;
mod eml;
mod smtp;

pub use docx::docx;
pub use eml::{EmlError, eml, message_id, notice};
pub use smtp::{Connection, SendError, Server};
