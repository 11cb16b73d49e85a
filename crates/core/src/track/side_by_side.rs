//! The candidate's impression of an interview held beside the company's feedback, heading by
//! heading, with where they agree and where they differ: what prepares the next stage.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Debrief, Decision, Feedback};

/// One heading, the two sides, and how they stand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub heading: &'static str,
    pub candidate: Vec<Said>,
    pub company: Vec<Said>,
    pub stand: Stand,
}

/// One thing one side said, and whether the other side said something like it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Said {
    pub text: String,
    pub echoed: bool,
}

/// How the two sides stand on a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stand {
    /// Both sides say the same, or something of it.
    Agree,
    /// Both sides speak, and not of the same things.
    Differ,
    /// Only the candidate noted something here.
    CandidateOnly,
    /// Only the company said something here: news to the candidate.
    CompanyOnly,
    /// Neither side said anything.
    Silent,
}

impl Stand {
    /// In words, to the candidate (`to_candidate`) or about them, to the consultant.
    pub fn words(self, to_candidate: bool) -> &'static str {
        match (self, to_candidate) {
            (Stand::Agree, _) => "both agree",
            (Stand::Differ, _) => "they differ",
            (Stand::CandidateOnly, true) => "only you noted this",
            (Stand::CandidateOnly, false) => "only the candidate noted this",
            (Stand::CompanyOnly, true) => "news to you",
            (Stand::CompanyOnly, false) => "news to the candidate",
            (Stand::Silent, _) => "nothing said",
        }
    }
}

/// The debrief (none: not written) beside the company's feedback. `long` writes a date in the
/// user's English.
pub fn side_by_side(
    debrief: Option<&Debrief>,
    feedback: &Feedback,
    long: impl Fn(Date) -> String,
) -> Vec<Point> {
    let empty = Debrief::default();
    let d = debrief.unwrap_or(&empty);
    let strengths: Vec<String> = d
        .went_well
        .iter()
        .chain(&d.responded_well_to)
        .cloned()
        .collect();
    let worries: Vec<String> = d
        .concerns
        .iter()
        .map(|c| c.about.clone())
        .chain(d.went_badly.iter().cloned())
        .collect();
    let fit: Vec<String> = d
        .tone
        .iter()
        .cloned()
        .chain(d.still_interested.map(|yes| {
            if yes {
                "Still interested: yes.".to_string()
            } else {
                "Still interested: no.".to_string()
            }
        }))
        .collect();
    let yours_next = d.next_steps.named();
    let next_mine: Vec<String> = d
        .next_steps
        .said
        .iter()
        .cloned()
        .chain(yours_next.map(|date| format!("By {}.", long(date))))
        .collect();
    let next_theirs: Vec<String> = feedback
        .next_step
        .iter()
        .cloned()
        .chain(feedback.next_date.map(|date| format!("By {}.", long(date))))
        .collect();
    let mut points = vec![
        compare("What went well", &strengths, &feedback.impressed),
        compare("What worried them", &worries, &feedback.worried),
        // How each side sees the fit is said in different words: both are shown, and
        // whether they agree is for the reader.
        shown("Fit", &fit, feedback.fit.as_slice()),
    ];
    // The next step agrees when both name the same date; else it is the words that compare.
    let mut next = compare("Next step", &next_mine, &next_theirs);
    if let (Some(mine), Some(theirs)) = (yours_next, feedback.next_date) {
        next.stand = if mine == theirs {
            Stand::Agree
        } else {
            Stand::Differ
        };
    }
    points.push(next);
    let decision: Vec<String> = feedback
        .decision
        .map(|d: Decision| format!("They are {}.", d.words()))
        .into_iter()
        .collect();
    points.push(shown("Decision", &[], &decision));
    points
}

/// Each side's items, marked where the other side says something like them.
fn compare(heading: &'static str, candidate: &[String], company: &[String]) -> Point {
    let theirs: Vec<Vec<String>> = company.iter().map(|t| words(t)).collect();
    let mine: Vec<Vec<String>> = candidate.iter().map(|t| words(t)).collect();
    let candidate: Vec<Said> = candidate
        .iter()
        .zip(&mine)
        .map(|(text, w)| Said {
            text: text.clone(),
            echoed: theirs.iter().any(|t| overlap(w, t)),
        })
        .collect();
    let company: Vec<Said> = company
        .iter()
        .zip(&theirs)
        .map(|(text, w)| Said {
            text: text.clone(),
            echoed: mine.iter().any(|m| overlap(w, m)),
        })
        .collect();
    let stand = match (candidate.is_empty(), company.is_empty()) {
        (true, true) => Stand::Silent,
        (false, true) => Stand::CandidateOnly,
        (true, false) => Stand::CompanyOnly,
        _ if company.iter().any(|s| s.echoed) => Stand::Agree,
        _ => Stand::Differ,
    };
    Point {
        heading,
        candidate,
        company,
        stand,
    }
}

/// Both sides shown, with no claim that they agree.
fn shown(heading: &'static str, candidate: &[String], company: &[String]) -> Point {
    let said = |items: &[String]| {
        items
            .iter()
            .map(|text| Said {
                text: text.clone(),
                echoed: false,
            })
            .collect::<Vec<_>>()
    };
    let stand = match (candidate.is_empty(), company.is_empty()) {
        (true, true) => Stand::Silent,
        (false, true) => Stand::CandidateOnly,
        (true, false) => Stand::CompanyOnly,
        _ => Stand::Differ,
    };
    Point {
        heading,
        candidate: said(candidate),
        company: said(company),
        stand,
    }
}

/// The words that carry meaning (three letters or more, for SQL and CFO, without the small
/// words every sentence has), cut to their first five letters so that "stakeholders" and
/// "stakeholder", "presented" and "presentation" meet.
fn words(text: &str) -> Vec<String> {
    const SMALL: &[&str] = &[
        "about", "after", "again", "also", "been", "being", "from", "have", "into", "just", "more",
        "much", "only", "over", "some", "that", "their", "them", "then", "there", "they", "this",
        "very", "were", "what", "when", "with", "would", "your", "thought", "seemed", "really",
        "quite", "the", "and", "for", "was", "her", "his", "she", "him", "you", "our", "are",
        "but", "not", "had", "has", "its", "who", "all", "any", "can", "did", "get", "how", "one",
        "out", "too", "way", "why", "yes",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3 && !SMALL.contains(&w.as_str()))
        .map(|w| w.chars().take(5).collect())
        .collect()
}

fn overlap(a: &[String], b: &[String]) -> bool {
    a.iter().any(|w| b.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Concern, NextSteps};

    fn long(d: Date) -> String {
        d.to_string()
    }

    #[test]
    fn the_two_sides_meet_where_they_speak_of_the_same_things() {
        let debrief = Debrief {
            went_well: vec!["The SQL exercise".into()],
            responded_well_to: vec!["cutting report time from 3 days to 4 hours".into()],
            concerns: vec![Concern {
                about: "no Power BI".into(),
                raised_by: None,
                detail: None,
                answer: None,
            }],
            still_interested: Some(true),
            next_steps: NextSteps {
                said: Some("Decision by Friday".into()),
                decision_by: Some("2026-12-04".parse().unwrap()),
                ..NextSteps::default()
            },
            ..Debrief::default()
        };
        let feedback = Feedback {
            impressed: vec!["Her reporting automation".into()],
            worried: vec!["Stakeholder management at director level".into()],
            fit: Some("Good fit for the team".into()),
            next_step: Some("Second interview with the CFO".into()),
            next_date: Some("2026-12-09".parse().unwrap()),
            decision: Some(Decision::NextRound),
        };
        let points = side_by_side(Some(&debrief), &feedback, long);
        let stand = |h: &str| points.iter().find(|p| p.heading == h).unwrap().stand;
        assert_eq!(
            stand("What went well"),
            Stand::Agree,
            "report and reporting meet"
        );
        assert!(points[0].candidate[1].echoed && !points[0].candidate[0].echoed);
        assert_eq!(stand("What worried them"), Stand::Differ);
        assert_eq!(stand("Next step"), Stand::Differ, "4 and 9 December");
        assert_eq!(stand("Decision"), Stand::CompanyOnly);
        assert_eq!(
            points.last().unwrap().company[0].text,
            "They are inviting you to the next round."
        );
        // No debrief: everything the company said is news.
        let none = side_by_side(None, &feedback, long);
        assert!(
            none.iter()
                .filter(|p| p.heading != "Fit")
                .all(|p| p.stand == Stand::CompanyOnly)
        );
        let same = Feedback {
            next_date: Some("2026-12-04".parse().unwrap()),
            ..Feedback::default()
        };
        let points = side_by_side(Some(&debrief), &same, long);
        assert_eq!(points[3].stand, Stand::Agree);
        assert_eq!(points[0].stand, Stand::CandidateOnly);
        // The small words every sentence has are no agreement.
        let small = Feedback {
            worried: vec!["The pace and the team".into()],
            ..Feedback::default()
        };
        let points = side_by_side(Some(&debrief), &small, long);
        assert_eq!(points[1].stand, Stand::Differ, "{:?}", points[1]);
    }
}
