//! The offer beside what the candidate expects, each difference marked.

use followup_core::capture::dates;
use followup_core::{ActionKind, Verdict};

use crate::web::error::WebError;
use crate::web::views::*;
use crate::web::{Backend, Shared};
use followup_app::programme::Programme;

type Result<T> = std::result::Result<T, WebError>;
use super::*;

/// The latest offer beside what the candidate expects, each difference marked.
pub async fn offer<S: Backend>(s: &Shared<S>, key: &str) -> Result<OfferView> {
    let ctx = s.context();
    let app = application_of(s, key).await?;
    let offer = app
        .events
        .iter()
        .rev()
        .find_map(|e| e.offer.clone())
        .ok_or_else(|| WebError::NotFound(format!("{} has no offer yet", app.key)))?;
    let expected = app.expectations.clone().unwrap_or_default();
    let money = |v: Option<f64>, currency: &Option<String>| match v {
        Some(v) => format!("{} {}", v, currency.as_deref().unwrap_or(""))
            .trim()
            .to_string(),
        None => "—".to_string(),
    };
    let verdict = |v: Option<Verdict>| v.map_or("", Verdict::as_str).to_string();
    let mut rows = vec![
        OfferRow {
            term: "Salary".into(),
            offered: money(offer.salary.map(|a| a.value()), &offer.currency),
            expected: money(expected.salary.map(|a| a.value()), &expected.currency),
            verdict: verdict(offer.salary_against(&expected)),
        },
        OfferRow {
            term: "Hours a week".into(),
            offered: money(offer.hours_per_week.map(|a| a.value()), &None),
            expected: money(expected.hours_per_week.map(|a| a.value()), &None),
            verdict: verdict(offer.hours_against(&expected)),
        },
    ];
    for benefit in &expected.benefits {
        let there = offer.offers_benefit(benefit);
        rows.push(OfferRow {
            term: format!("Benefit: {benefit}"),
            offered: if there { "yes" } else { "not offered" }.into(),
            expected: "yes".into(),
            verdict: verdict(Some(if there {
                Verdict::Same
            } else {
                Verdict::Missing
            })),
        });
    }
    for benefit in offer
        .benefits
        .iter()
        .filter(|b| !expected.benefits.iter().any(|e| e.eq_ignore_ascii_case(b)))
    {
        rows.push(OfferRow {
            term: format!("Benefit: {benefit}"),
            offered: "yes".into(),
            expected: "—".into(),
            verdict: verdict(Some(Verdict::Better)),
        });
    }
    if let Some(start) = offer.start_date {
        rows.push(OfferRow {
            term: "Start date".into(),
            offered: dates::long(start),
            expected: "—".into(),
            verdict: String::new(),
        });
    }
    let programme = Programme::of(&s.store, &ctx, std::slice::from_ref(&app.key)).await?;
    Ok(OfferView {
        application: app.key.to_string(),
        company: app.company.clone(),
        role: app.role.clone(),
        rows,
        respond_by: offer.respond_by.map(dates::long),
        terms: offer.terms.clone(),
        actions: programme
            .actions
            .iter()
            .filter(|l| {
                matches!(
                    l.action.kind,
                    ActionKind::ReviewOffer | ActionKind::AnswerOffer | ActionKind::ReturnContract
                )
            })
            .map(|l| action_view(l, ctx.now, &programme.zone))
            .collect(),
    })
}
