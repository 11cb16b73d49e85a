//! People written on one line, as a person types them: `Priya Shah, Head of Analytics, priya@acme.example (lead)`.

use crate::model::Interviewer;

/// Reads `name, title, email, phone (lead)`: only the name is required, the rest in any order.
pub fn parse_interviewer(text: &str) -> Result<Interviewer, String> {
    let (text, lead) = match text.strip_suffix("(lead)") {
        Some(rest) => (rest.trim(), true),
        None => (text, false),
    };
    let mut parts = text.split(',').map(str::trim).filter(|p| !p.is_empty());
    let name = parts.next().ok_or("a person needs a name")?.to_string();
    let mut person = Interviewer {
        name,
        title: None,
        email: None,
        phone: None,
        lead,
    };
    let mut title: Vec<&str> = Vec::new();
    for part in parts {
        if part.contains('@') {
            if !super::validate::is_plausible_email(part) {
                return Err(format!("{part:?} is not an email address"));
            }
            person.email = Some(part.to_string());
        } else if part.chars().filter(char::is_ascii_digit).count() >= 6
            && part
                .chars()
                .all(|c| c.is_ascii_digit() || " +-()".contains(c))
        {
            person.phone = Some(part.to_string());
        } else {
            title.push(part);
        }
    }
    if !title.is_empty() {
        person.title = Some(title.join(", "));
    }
    Ok(person)
}

/// The line [`parse_interviewer`] reads back.
pub fn interviewer_line(i: &Interviewer) -> String {
    let mut parts = vec![i.name.clone()];
    parts.extend(i.title.clone());
    parts.extend(i.email.clone());
    parts.extend(i.phone.clone());
    let mut line = parts.join(", ");
    if i.lead {
        line.push_str(" (lead)");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_reads_back() {
        let person = parse_interviewer(
            "Priya Shah, Head of Analytics, priya.shah@acme.example, +44 113 496 0000 (lead)",
        )
        .unwrap();
        assert_eq!(person.name, "Priya Shah");
        assert_eq!(person.title.as_deref(), Some("Head of Analytics"));
        assert_eq!(person.email.as_deref(), Some("priya.shah@acme.example"));
        assert_eq!(person.phone.as_deref(), Some("+44 113 496 0000"));
        assert!(person.lead);
        assert_eq!(
            parse_interviewer(&interviewer_line(&person)).unwrap(),
            person
        );
        assert!(parse_interviewer("Tom, tom@").is_err());
        assert!(parse_interviewer(" , ").is_err());
    }
}
