//! A letter as a Word document: one paragraph per line of the letter, the subject in bold.

use docx_rs::{Docx, Paragraph, Run};
use followup_core::compose::Draft;

/// The letter as the bytes of a `.docx` file.
pub fn docx(draft: &Draft) -> Vec<u8> {
    let mut doc = Docx::new();
    if !draft.subject.is_empty() {
        doc =
            doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(&draft.subject).bold()));
        doc = doc.add_paragraph(Paragraph::new());
    }
    for line in draft.body.lines() {
        let mut paragraph = Paragraph::new();
        if !line.is_empty() {
            paragraph = paragraph.add_run(Run::new().add_text(line));
        }
        doc = doc.add_paragraph(paragraph);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .expect("writing a zip to memory does not fail");
    bytes.into_inner()
}
