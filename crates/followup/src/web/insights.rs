//! Insights: the job search in pictures, drawn on the server as SVG. Each chart also says in
//! a sentence what it shows, for a screen reader and for anyone who would rather read.

use followup_core::{ActionKind, EventKind, JobSearch, Stage};

use super::views::{Bar, Chart, InsightsView};

pub fn view(search: &JobSearch) -> InsightsView {
    InsightsView {
        charts: vec![funnel(search), answer_times(search), thank_yous(search)],
    }
}

/// How far the applications got: applied, interviewed, offered, accepted.
fn funnel(search: &JobSearch) -> Chart {
    let apps = &search.applications;
    let offered = |a: &&followup_core::Application| {
        a.events.iter().any(|e| e.kind == EventKind::Offer)
            || matches!(a.stage(), Stage::Offered | Stage::Accepted)
    };
    let bars = vec![
        bar("Applied", apps.len()),
        bar(
            "Interviewed",
            apps.iter().filter(|a| !a.interviews.is_empty()).count(),
        ),
        bar("Offered", apps.iter().filter(offered).count()),
        bar(
            "Accepted",
            apps.iter().filter(|a| a.stage() == Stage::Accepted).count(),
        ),
    ];
    let summary = format!(
        "Of {} applications, {} reached an interview, {} an offer and {} were accepted.",
        bars[0].value, bars[1].value, bars[2].value, bars[3].value
    );
    chart("From applied to offer", summary, bars)
}

/// How long employers took to answer after an interview, in days.
fn answer_times(search: &JobSearch) -> Chart {
    let buckets = [
        ("0–2 days", 0, 2),
        ("3–7 days", 3, 7),
        ("8–14 days", 8, 14),
        ("15–30 days", 15, 30),
        ("Over 30", 31, i64::MAX),
    ];
    let mut counts = [0usize; 5];
    let mut waiting = 0;
    for app in &search.applications {
        for interview in &app.interviews {
            let end = interview.end();
            let answer = app
                .events
                .iter()
                .filter(|e| e.kind.is_response() && e.at.instant() > end)
                .map(|e| e.at.instant())
                .min();
            match answer {
                Some(at) => {
                    let days = (at - end).get_seconds() / 86_400;
                    if let Some(n) = buckets
                        .iter()
                        .position(|(_, low, high)| (*low..=*high).contains(&days))
                    {
                        counts[n] += 1;
                    }
                }
                None => waiting += 1,
            }
        }
    }
    let bars: Vec<Bar> = buckets
        .iter()
        .zip(counts)
        .map(|((label, _, _), n)| bar(label, n))
        .collect();
    let answered: usize = counts.iter().sum();
    let summary = format!(
        "Employers answered {answered} interviews: {}; {waiting} still without an answer.",
        bars.iter()
            .map(|b| format!("{} in {}", b.value, b.label))
            .collect::<Vec<_>>()
            .join(", ")
    );
    chart("How long employers take to answer", summary, bars)
}

/// Whether each interviewer was thanked within 24 hours of the interview's end.
fn thank_yous(search: &JobSearch) -> Chart {
    let (mut within, mut late, mut never) = (0, 0, 0);
    for app in &search.applications {
        for interview in &app.interviews {
            let end = interview.end();
            for person in &interview.interviewers {
                let sent = app
                    .messages
                    .iter()
                    .filter(|m| {
                        m.kind == Some(ActionKind::ThankYou)
                            && m.state.does_the_action()
                            && person.answers_to(&m.to.email)
                    })
                    .map(|m| m.done_at().instant())
                    .chain(
                        app.done
                            .iter()
                            .filter(|d| {
                                d.kind == ActionKind::ThankYou
                                    && !d.skipped
                                    && d.to.as_deref().is_none_or(|to| person.answers_to(to))
                            })
                            .map(|d| d.at.instant()),
                    )
                    .filter(|at| *at >= interview.starts_at.instant())
                    .min();
                match sent {
                    Some(at) if (at - end).get_seconds() <= 86_400 => within += 1,
                    Some(_) => late += 1,
                    None => never += 1,
                }
            }
        }
    }
    let bars = vec![
        bar("Within 24 hours", within),
        bar("Later", late),
        bar("Not sent", never),
    ];
    let summary = format!(
        "Of {} interviewers, {within} were thanked within 24 hours, {late} later, and {never} not at all.",
        within + late + never
    );
    chart("Thank-yous within 24 hours", summary, bars)
}

/// The agency's insights, drawn as the candidate's are: debriefs received within a day,
/// letters forwarded within 24 hours, and how long employers take to give feedback.
pub fn desk(d: &followup_core::track::Desk) -> Vec<Chart> {
    let debriefs = vec![
        bar("Within a day", d.debriefs_within_a_day),
        bar("Later", d.debriefs_later),
        bar("Not shared", d.debriefs_not_shared),
    ];
    let letters = vec![
        bar("Within 24 hours", d.letters_within_a_day),
        bar("Later", d.letters_later),
        bar("Still waiting", d.letters_waiting),
    ];
    let mut feedback: Vec<Bar> = followup_core::track::FEEDBACK_BUCKETS
        .iter()
        .zip(d.feedback_days)
        .map(|((label, _), n)| bar(label, n))
        .collect();
    feedback.push(bar("No feedback yet", d.feedback_waiting));
    let feedback_words = followup_core::track::FEEDBACK_BUCKETS
        .iter()
        .zip(d.feedback_days)
        .map(|((label, _), n)| format!("in {}: {n}", label.to_lowercase()))
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        chart(
            "Debriefs received within a day",
            format!(
                "Interviews over: {}. Debrief shared within a day of the end: {}; later: {}; not yet: {}.",
                d.debriefs_within_a_day + d.debriefs_later + d.debriefs_not_shared,
                d.debriefs_within_a_day,
                d.debriefs_later,
                d.debriefs_not_shared
            ),
            debriefs,
        ),
        chart(
            "Letters forwarded within 24 hours",
            format!(
                "Letters submitted: {}. Forwarded within 24 hours: {}; later: {}; still waiting: {}.",
                d.letters_within_a_day + d.letters_later + d.letters_waiting,
                d.letters_within_a_day,
                d.letters_later,
                d.letters_waiting
            ),
            letters,
        ),
        chart(
            "How long employers take to give feedback",
            format!(
                "Reports shared: {}. The company's feedback came {feedback_words}; none yet: {}.",
                d.feedback_days.iter().sum::<usize>() + d.feedback_waiting,
                d.feedback_waiting
            ),
            feedback,
        ),
    ]
}

fn bar(label: &str, value: usize) -> Bar {
    Bar {
        label: label.to_string(),
        value: value as f64,
    }
}

fn chart(title: &str, summary: String, bars: Vec<Bar>) -> Chart {
    let svg = svg(title, &summary, &bars);
    Chart {
        title: title.to_string(),
        summary,
        bars,
        svg,
    }
}

/// Horizontal bars with their labels and values. Every text is escaped: labels come from code,
/// but the picture is markup and is treated as such.
fn svg(title: &str, summary: &str, bars: &[Bar]) -> String {
    use std::fmt::Write as _;
    const WIDTH: f64 = 600.0;
    const LABEL: f64 = 150.0;
    const ROW: f64 = 36.0;
    let height = ROW * bars.len() as f64 + 8.0;
    let top = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="t-{id} d-{id}"><title id="t-{id}">{}</title><desc id="d-{id}">{}</desc>"#,
        escape(title),
        escape(summary),
        id = slug(title),
    );
    for (n, b) in bars.iter().enumerate() {
        let y = n as f64 * ROW + 4.0;
        let length = (WIDTH - LABEL - 60.0) * b.value / top;
        let _ = write!(
            out,
            r#"<text x="{x}" y="{ty}" text-anchor="end" class="label">{label}</text><rect x="{LABEL}" y="{y}" width="{length:.1}" height="{h}" rx="3" class="bar"/><text x="{vx:.1}" y="{ty}" class="value">{value}</text>"#,
            x = LABEL - 8.0,
            ty = y + ROW / 2.0 + 1.0,
            label = escape(&b.label),
            h = ROW - 12.0,
            vx = LABEL + length + 6.0,
            value = b.value,
        );
    }
    out.push_str("</svg>");
    out
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
