//! The debrief as a Markdown page to fill in an editor: one heading per field, a one-line
//! prompt under each (as an HTML comment, so it never ends up in the answer), read back
//! into a [`Debrief`] with the line of every mistake.

use std::fmt::Write;

use jiff::civil::Date;

use super::{dates, people};
use crate::model::{Concern, Debrief, Interviewer, Language, NextSteps};
use crate::programme::BusinessDays;

/// The sections of the template, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Met,
    Job,
    Company,
    Tone,
    Focus,
    WentWell,
    WentBadly,
    Concerns,
    RespondedWellTo,
    Forgot,
    Samples,
    QuestionsLeft,
    NextSteps,
    StillInterested,
}

const SECTIONS: [(Section, &str, &str); 14] = [
    (
        Section::Met,
        "Who you met",
        "One line each: name, title, email. Put (lead) after the one who led.",
    ),
    (
        Section::Job,
        "The job, as they described it",
        "What would you own? Who would you report to? How big is the team?",
    ),
    (
        Section::Company,
        "The company and the department",
        "What did you learn about how they work and where they are going?",
    ),
    (Section::Tone, "The tone", "Warm, formal, brisk, testing?"),
    (
        Section::Focus,
        "What the questions focused on",
        "One topic per line.",
    ),
    (
        Section::WentWell,
        "What went well",
        "Which answers landed? One per line.",
    ),
    (
        Section::WentBadly,
        "What went badly",
        "Where did you stumble? One per line.",
    ),
    (
        Section::Concerns,
        "What worried them",
        "One per line: the topic, a colon, what they asked. Under it, \"Raised by:\" and who asked, and \"Answer:\" and what you would say to it now.",
    ),
    (
        Section::RespondedWellTo,
        "What they responded well to",
        "What made them lean in? One per line.",
    ),
    (
        Section::Forgot,
        "What you forgot to mention",
        "What would you add if you could go back in? One per line.",
    ),
    (
        Section::Samples,
        "Work samples discussed",
        "Anything you offered to send or show. One per line.",
    ),
    (
        Section::QuestionsLeft,
        "Questions you still have",
        "What would you still like to know? One per line.",
    ),
    (
        Section::NextSteps,
        "What happens next, and when",
        "Their words, then the dates they named, as you would say them (\"Friday 4 December\", \"next Wednesday\").",
    ),
    (Section::StillInterested, "Still interested?", "yes or no"),
];

const SAID: &str = "They said";
const DATE_LABELS: [&str; 4] = [
    "First round ends",
    "Shortlist by",
    "Second round",
    "Decision by",
];

/// What the interview was, for the page's title.
pub struct Heading<'a> {
    pub role: &'a str,
    pub company: &'a str,
    pub when: String,
}

/// The page to fill in, with whatever is already known written in.
pub fn render(
    heading: &Heading<'_>,
    interviewers: &[Interviewer],
    debrief: Option<&Debrief>,
) -> String {
    let empty = Debrief::default();
    let d = debrief.unwrap_or(&empty);
    let mut page = format!(
        "# Debrief: {} at {}, {}\n\n<!-- Write under each heading and leave empty what does not apply. \
         Text between these marks is a prompt and is ignored. -->\n",
        heading.role, heading.company, heading.when
    );
    for (section, title, prompt) in SECTIONS {
        let _ = write!(page, "\n## {title}\n<!-- {prompt} -->\n");
        page.push_str(&section_body(section, interviewers, d));
    }
    page
}

/// What the page writes under a section's heading.
fn section_body(section: Section, interviewers: &[Interviewer], d: &Debrief) -> String {
    match section {
        Section::Met => interviewers
            .iter()
            .map(|i| format!("- {}\n", people::interviewer_line(i)))
            .collect(),
        Section::Job => paragraph(&d.job_details),
        Section::Company => paragraph(&d.company_notes),
        Section::Tone => paragraph(&d.tone),
        Section::Focus => bullets(&d.question_focus),
        Section::WentWell => bullets(&d.went_well),
        Section::WentBadly => bullets(&d.went_badly),
        Section::Concerns => concerns_text(&d.concerns),
        Section::RespondedWellTo => bullets(&d.responded_well_to),
        Section::Forgot => bullets(&d.forgot_to_mention),
        Section::Samples => bullets(&d.samples_discussed),
        Section::QuestionsLeft => bullets(&d.questions_left),
        Section::NextSteps => next_steps_lines(&d.next_steps),
        Section::StillInterested => match d.still_interested {
            Some(true) => "yes\n".into(),
            Some(false) => "no\n".into(),
            None => String::new(),
        },
    }
}

/// The sections that hold anything, each with its title and what the page writes under it:
/// the report to the consultant reads the debrief so.
pub fn written_sections(interviewers: &[Interviewer], d: &Debrief) -> Vec<(&'static str, String)> {
    SECTIONS
        .iter()
        .map(|(section, title, _)| (*title, section_body(*section, interviewers, d)))
        .filter(|(_, body)| !body.trim().is_empty())
        .collect()
}

/// The headings under which two debriefs differ, as the page names them.
pub fn differing_sections(a: &Debrief, b: &Debrief) -> Vec<&'static str> {
    SECTIONS
        .iter()
        .filter(|(section, _, _)| *section != Section::Met)
        .filter(|(section, _, _)| section_body(*section, &[], a) != section_body(*section, &[], b))
        .map(|(_, title, _)| *title)
        .collect()
}

/// The concerns as the page writes them (the topic, what they asked, and "Answer:" under it):
/// what the web form's field shows, so the form and the page cannot disagree.
pub fn concerns_text(concerns: &[Concern]) -> String {
    concerns.iter().map(concern_lines).collect()
}

/// Concerns written as the page writes them, read as the page reads them.
pub fn parse_concerns(text: &str) -> Result<Vec<Concern>, TemplateError> {
    let title = SECTIONS
        .iter()
        .find(|(section, _, _)| *section == Section::Concerns)
        .map(|(_, title, _)| *title)
        .unwrap_or_default();
    // The section alone, as a page: the one reader of concerns reads it. Its lines are
    // counted from the field's first.
    let page = format!("## {title}\n{text}");
    let day = Date::constant(2000, 1, 1);
    let days = BusinessDays::new(&crate::model::Settings::default());
    parse(&page, day, Language::default(), &days)
        .map(|filled| filled.debrief.concerns)
        .map_err(|e| TemplateError {
            line: e.line.saturating_sub(1).max(1),
            message: e.message,
        })
}

fn paragraph(text: &Option<String>) -> String {
    text.as_deref()
        .map(|t| format!("{t}\n"))
        .unwrap_or_default()
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|item| format!("- {}\n", item.replace('\n', "\n  ")))
        .collect()
}

fn concern_lines(c: &Concern) -> String {
    let mut text = match &c.detail {
        Some(detail) => format!("- {}: {detail}\n", c.about),
        None => format!("- {}\n", c.about),
    };
    if let Some(who) = &c.raised_by {
        let _ = writeln!(text, "  {RAISED_BY}: {who}");
    }
    if let Some(answer) = &c.answer {
        let _ = writeln!(text, "  Answer: {answer}");
    }
    text
}

/// The label of the line under a concern that says who raised it.
const RAISED_BY: &str = "Raised by";

fn next_steps_lines(n: &NextSteps) -> String {
    let mut text = format!("{SAID}: {}\n", n.said.as_deref().unwrap_or(""));
    for (label, date) in DATE_LABELS.iter().zip([
        n.first_round_ends,
        n.shortlist_by,
        n.second_round,
        n.decision_by,
    ]) {
        let _ = writeln!(
            text,
            "{label}: {}",
            date.map(dates::long).unwrap_or_default()
        );
    }
    text
}

/// A filled-in page, read back.
#[derive(Debug, Clone, PartialEq)]
pub struct FilledDebrief {
    pub debrief: Debrief,
    /// The people met; empty when the section was left empty.
    pub interviewers: Vec<Interviewer>,
    /// Every date as written and as understood, for the user to confirm.
    pub dates: Vec<ResolvedDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedDate {
    pub label: &'static str,
    pub written: String,
    pub date: Date,
}

/// A mistake in the page, with its line (counted from 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TemplateError {
    pub line: usize,
    pub message: String,
}

/// Reads a filled-in page. Dates are resolved against `interview_day` in the user's English,
/// working days by the settings' business days.
pub fn parse(
    page: &str,
    interview_day: Date,
    language: Language,
    days: &BusinessDays,
) -> Result<FilledDebrief, TemplateError> {
    let mut filled = FilledDebrief {
        debrief: Debrief::default(),
        interviewers: Vec::new(),
        dates: Vec::new(),
    };
    let mut section: Option<Section> = None;
    let mut seen: Vec<Section> = Vec::new();
    let mut paragraph_lines: Vec<String> = Vec::new();
    let mut in_comment = false;

    for (index, raw) in page.lines().enumerate() {
        let number = index + 1;
        let fail = |message: String| TemplateError {
            line: number,
            message,
        };
        let line = strip_comments(raw, &mut in_comment);
        let trimmed = line.trim();
        if let Some(title) = trimmed.strip_prefix("## ") {
            flush_paragraph(section, &mut paragraph_lines, &mut filled.debrief);
            let found = SECTIONS
                .iter()
                .find(|(_, t, _)| same_heading(t, title))
                .map(|(s, _, _)| *s)
                .ok_or_else(|| {
                    fail(format!(
                        "{title:?} is not a section of the debrief; the sections are: {}",
                        SECTIONS
                            .iter()
                            .map(|(_, t, _)| *t)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
            if seen.contains(&found) {
                return Err(fail(format!("the section {title:?} appears twice")));
            }
            seen.push(found);
            section = Some(found);
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let Some(current) = section else {
            if trimmed.starts_with("# ") {
                continue;
            }
            return Err(fail(format!(
                "{trimmed:?} is outside any section: write it under a heading"
            )));
        };
        let continuation = raw.starts_with([' ', '\t']) && !is_bullet(trimmed);
        match current {
            Section::Job | Section::Company | Section::Tone => {
                paragraph_lines.push(trimmed.to_string())
            }
            Section::Met => filled
                .interviewers
                .push(people::parse_interviewer(bullet_text(trimmed)).map_err(fail)?),
            Section::Concerns => {
                let concerns = &mut filled.debrief.concerns;
                if continuation && let Some(last) = concerns.last_mut() {
                    add_to_concern(last, trimmed);
                } else if let Some(who) = raised_by_text(trimmed) {
                    let last = concerns
                        .last_mut()
                        .ok_or_else(|| fail("\"Raised by\" needs a concern above it".into()))?;
                    last.raised_by = Some(who.to_string());
                } else if let Some(answer) = answer_text(trimmed) {
                    let last = concerns
                        .last_mut()
                        .ok_or_else(|| fail("an answer needs a concern above it".into()))?;
                    last.answer = Some(answer.to_string());
                } else {
                    concerns.push(parse_concern(bullet_text(trimmed)));
                }
            }
            Section::NextSteps => {
                parse_next_step(trimmed, interview_day, language, days, &mut filled)
                    .map_err(fail)?
            }
            Section::StillInterested => {
                filled.debrief.still_interested =
                    Some(match trimmed.to_lowercase().trim_end_matches('.') {
                        "yes" | "y" | "true" | "still interested" => true,
                        "no" | "n" | "false" | "not interested" => false,
                        other => return Err(fail(format!("{other:?}: answer yes or no"))),
                    });
            }
            list => {
                let items = list_field(&mut filled.debrief, list);
                match items.last_mut() {
                    Some(last) if continuation => {
                        last.push('\n');
                        last.push_str(trimmed);
                    }
                    _ => items.push(bullet_text(trimmed).to_string()),
                }
            }
        }
    }
    flush_paragraph(section, &mut paragraph_lines, &mut filled.debrief);
    if filled.interviewers.iter().filter(|i| i.lead).count() > 1 {
        return Err(TemplateError {
            line: 1,
            message: "only one of the people you met can be marked (lead)".into(),
        });
    }
    Ok(filled)
}

fn same_heading(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.trim()
            .trim_end_matches(['?', ':', '.'])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // A heading may be shortened: "What happens next" for "What happens next, and when".
    let (full, given) = (norm(a), norm(b));
    full == given
        || (given.len() >= 8
            && full.starts_with(&given)
            && !full[given.len()..].starts_with(char::is_alphanumeric))
}

fn strip_comments(line: &str, in_comment: &mut bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if *in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    *in_comment = false;
                }
                None => return out,
            }
        } else {
            match rest.find("<!--") {
                Some(start) => {
                    out.push_str(&rest[..start]);
                    rest = &rest[start + 4..];
                    *in_comment = true;
                }
                None => {
                    out.push_str(rest);
                    return out;
                }
            }
        }
    }
}

fn is_bullet(line: &str) -> bool {
    line.starts_with("- ") || line.starts_with("* ") || line == "-" || line == "*"
}

fn bullet_text(line: &str) -> &str {
    if is_bullet(line) {
        line[1..].trim()
    } else {
        line
    }
}

fn answer_text(line: &str) -> Option<&str> {
    labelled(line, "answer")
}

fn raised_by_text(line: &str) -> Option<&str> {
    labelled(line, RAISED_BY).filter(|who| !who.is_empty())
}

/// The text after `label:` on a line under a concern (any case).
fn labelled<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let (head, rest) = line.split_once(':')?;
    head.trim().eq_ignore_ascii_case(label).then(|| rest.trim())
}

fn add_to_concern(concern: &mut Concern, line: &str) {
    if let Some(who) = raised_by_text(line) {
        concern.raised_by = Some(who.to_string());
        return;
    }
    match answer_text(line) {
        Some(answer) => concern.answer = Some(answer.to_string()),
        None => {
            let target = if concern.answer.is_some() {
                &mut concern.answer
            } else {
                &mut concern.detail
            };
            match target {
                Some(text) => {
                    text.push('\n');
                    text.push_str(line);
                }
                None => *target = Some(line.to_string()),
            }
        }
    }
}

fn parse_concern(text: &str) -> Concern {
    match text.split_once(':') {
        Some((about, detail)) if !detail.trim().is_empty() => Concern {
            about: about.trim().to_string(),
            raised_by: None,
            detail: Some(detail.trim().to_string()),
            answer: None,
        },
        _ => Concern {
            about: text.trim_end_matches(':').trim().to_string(),
            raised_by: None,
            detail: None,
            answer: None,
        },
    }
}

fn parse_next_step(
    line: &str,
    interview_day: Date,
    language: Language,
    days: &BusinessDays,
    filled: &mut FilledDebrief,
) -> Result<(), String> {
    let steps = &mut filled.debrief.next_steps;
    let labelled = line.split_once(':').and_then(|(label, value)| {
        let label = label.trim();
        if label.eq_ignore_ascii_case(SAID) {
            return Some((SAID, value.trim()));
        }
        DATE_LABELS
            .iter()
            .find(|l| l.eq_ignore_ascii_case(label))
            .map(|l| (*l, value.trim()))
    });
    let Some((label, value)) = labelled else {
        // Free text under the heading is what they said.
        let said = steps.said.get_or_insert_with(String::new);
        if !said.is_empty() {
            said.push('\n');
        }
        said.push_str(line);
        return Ok(());
    };
    if label == SAID {
        steps.said = (!value.is_empty()).then(|| value.to_string());
        return Ok(());
    }
    if value.is_empty() {
        return Ok(());
    }
    let date = dates::resolve_ahead(value, interview_day, language, days)
        .map_err(|e| format!("{label}: {e}"))?;
    let slot = match label {
        "First round ends" => &mut steps.first_round_ends,
        "Shortlist by" => &mut steps.shortlist_by,
        "Second round" => &mut steps.second_round,
        _ => &mut steps.decision_by,
    };
    *slot = Some(date);
    filled.dates.push(ResolvedDate {
        label,
        written: value.to_string(),
        date,
    });
    Ok(())
}

fn flush_paragraph(section: Option<Section>, lines: &mut Vec<String>, debrief: &mut Debrief) {
    if lines.is_empty() {
        return;
    }
    let text = Some(lines.join("\n"));
    lines.clear();
    match section {
        Some(Section::Job) => debrief.job_details = text,
        Some(Section::Company) => debrief.company_notes = text,
        Some(Section::Tone) => debrief.tone = text,
        _ => {}
    }
}

fn list_field(debrief: &mut Debrief, section: Section) -> &mut Vec<String> {
    match section {
        Section::Focus => &mut debrief.question_focus,
        Section::WentWell => &mut debrief.went_well,
        Section::WentBadly => &mut debrief.went_badly,
        Section::RespondedWellTo => &mut debrief.responded_well_to,
        Section::Forgot => &mut debrief.forgot_to_mention,
        Section::Samples => &mut debrief.samples_discussed,
        _ => &mut debrief.questions_left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn heading() -> Heading<'static> {
        Heading {
            role: "Data Analyst",
            company: "Acme Ltd",
            when: "round 1, Friday 20 November 2026 14:00".into(),
        }
    }

    fn sample() -> (Vec<Interviewer>, Debrief) {
        let people = vec![
            Interviewer {
                name: "Priya Shah".into(),
                title: Some("Head of Analytics".into()),
                email: Some("priya.shah@acme.example".into()),
                phone: None,
                lead: true,
            },
            Interviewer {
                name: "Tom Reed".into(),
                title: Some("Senior Analyst".into()),
                email: None,
                phone: None,
                lead: false,
            },
        ];
        let debrief = Debrief {
            job_details: Some("Owns the monthly finance dashboards.\nTeam of four.".into()),
            tone: Some("warm, conversational".into()),
            question_focus: vec!["SQL".into(), "stakeholder reporting".into()],
            went_badly: vec!["froze on the Python question".into()],
            concerns: vec![Concern {
                about: "Python".into(),
                raised_by: Some("Tom Reed".into()),
                detail: Some("asked about pandas experience".into()),
                answer: Some("I automate our month-end reconciliation with pandas".into()),
            }],
            forgot_to_mention: vec!["Power BI certification (PL-300)".into()],
            still_interested: Some(true),
            next_steps: NextSteps {
                said: Some("We'll decide by Friday 4 December.".into()),
                decision_by: Some(date(2026, 12, 4)),
                ..NextSteps::default()
            },
            ..Debrief::default()
        };
        (people, debrief)
    }

    #[test]
    fn a_rendered_debrief_reads_back_the_same() {
        let (people, debrief) = sample();
        let page = render(&heading(), &people, Some(&debrief));
        let filled = parse(
            &page,
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap();
        assert_eq!(filled.debrief, debrief);
        assert_eq!(filled.interviewers, people);
        assert_eq!(filled.dates.len(), 1);
    }

    #[test]
    fn the_empty_page_has_a_prompt_under_every_heading_and_reads_as_nothing() {
        let page = render(&heading(), &[], None);
        assert_eq!(page.matches("\n## ").count(), SECTIONS.len());
        assert_eq!(page.matches("<!--").count(), SECTIONS.len() + 1);
        let filled = parse(
            &page,
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap();
        assert_eq!(filled.debrief, Debrief::default());
    }

    #[test]
    fn dates_are_written_as_people_say_them() {
        let page = "## What happens next, and when\nThey said: by next Wednesday\nDecision by: next Wednesday\n\
                    Second round: 4/12\n## Still interested?\nYes";
        let filled = parse(
            page,
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap();
        assert_eq!(
            filled.debrief.next_steps.decision_by,
            Some(date(2026, 11, 25))
        );
        assert_eq!(
            filled.debrief.next_steps.second_round,
            Some(date(2026, 12, 4))
        );
        assert_eq!(filled.debrief.still_interested, Some(true));
        let us = parse(
            page,
            date(2026, 11, 20),
            Language::EnUs,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap();
        assert_eq!(us.debrief.next_steps.second_round, Some(date(2027, 4, 12)));
    }

    #[test]
    fn mistakes_name_their_line() {
        let err = parse(
            "## What went well\n- fine\n## Decision by\n",
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        let err = parse(
            "## What happens next\nDecision by: 31 February\n",
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "line 2: Decision by: February has no day 31"
        );
        let err = parse(
            "## Still interested?\nmaybe\n",
            date(2026, 11, 20),
            Language::EnGb,
            &BusinessDays::new(&Default::default()),
        )
        .unwrap_err();
        assert_eq!(err.line, 2);
    }
}
