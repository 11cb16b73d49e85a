//! A letter as a Word document: one paragraph per line of the letter, the subject in bold.

use docx_rs::{Docx, Paragraph, Run};

/// The letter (its subject and body) as the bytes of a `.docx` file.
pub fn docx(subject: &str, body: &str) -> Vec<u8> {
    let mut doc = Docx::new();
    if !subject.is_empty() {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(subject).bold()));
        doc = doc.add_paragraph(Paragraph::new());
    }
    for line in body.lines() {
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
