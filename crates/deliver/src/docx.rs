//! A letter as a Word document (Office Open XML, ECMA-376): a business letter, with the
//! sender's name and details, the date, the recipient, the subject, the letter and its
//! sign-off, in the user's English and on the paper of their country. Written by hand over
//! `zip`: the document is six small parts, and the crates that write Word documents cannot
//! set the language or the author.

use std::io::Write;

use followup_core::{Language, Letterhead};
use jiff::Timestamp;
use zip::write::SimpleFileOptions;

/// The letter (its subject and body) as the bytes of a `.docx` file, with its heading. The
/// document says it was written by the sender, at `created`.
pub fn docx(subject: &str, body: &str, head: &Letterhead, created: Timestamp) -> Vec<u8> {
    let author = head.sender.first().map_or("", String::as_str);
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/document.xml", document(subject, body, head)),
        ("word/styles.xml", styles(head.language)),
        (
            "docProps/core.xml",
            core(subject, author, head.language, created),
        ),
        ("docProps/app.xml", APP.to_string()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options)
            .and_then(|()| zip.write_all(text.as_bytes()).map_err(Into::into))
            .expect("writing a zip to memory does not fail");
    }
    zip.finish()
        .expect("writing a zip to memory does not fail")
        .into_inner()
}

/// Twips (1/1440 inch): A4 where the user's English is British or Australian, US Letter where
/// it is American or Canadian.
fn page(language: Language) -> (u32, u32) {
    match language {
        Language::EnUs | Language::EnCa => (12240, 15840),
        Language::EnGb | Language::EnAu => (11906, 16838),
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // XML 1.0 allows no other control characters.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// One paragraph of lines (line breaks within it); `bold` for the subject.
fn paragraph(lines: &[&str], bold: bool) -> String {
    let run_props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let runs: Vec<String> = lines
        .iter()
        .map(|line| {
            format!(
                r#"<w:r>{run_props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                escape(line)
            )
        })
        .collect();
    format!("<w:p>{}</w:p>", runs.join("<w:r><w:br/></w:r>"))
}

fn document(subject: &str, body: &str, head: &Letterhead) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let lines = |list: &[String]| -> Vec<String> {
        list.iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    let sender = lines(&head.sender);
    if !sender.is_empty() {
        blocks.push(paragraph(
            &sender.iter().map(String::as_str).collect::<Vec<_>>(),
            false,
        ));
    }
    if !head.date.trim().is_empty() {
        blocks.push(paragraph(&[head.date.trim()], false));
    }
    let recipient = lines(&head.recipient);
    if !recipient.is_empty() {
        blocks.push(paragraph(
            &recipient.iter().map(String::as_str).collect::<Vec<_>>(),
            false,
        ));
    }
    if !subject.trim().is_empty() {
        blocks.push(paragraph(&[subject.trim()], true));
    }
    // The letter's paragraphs, as its blank lines divide them.
    for chunk in body.split("\n\n") {
        let chunk: Vec<&str> = chunk
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if !chunk.is_empty() {
            blocks.push(paragraph(&chunk, false));
        }
    }
    let (width, height) = page(head.language);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}<w:sectPr><w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>"#,
        blocks.join("")
    )
}

/// Calibri 11 pt with room between paragraphs, in the user's English.
fn styles(language: Language) -> String {
    let lang = language.as_str();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{lang}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="240" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    )
}

fn core(title: &str, author: &str, language: Language, created: Timestamp) -> String {
    let when = created.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let author = escape(author);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>{}</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified></cp:coreProperties>"#,
        escape(title),
        language.as_str()
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>followup</Application></Properties>"#;
