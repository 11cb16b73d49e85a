#!/usr/bin/env python3
"""Writes a large, varied job search in followup's JSON format, for the benchmarks.

Usage: bench/generate.py APPLICATIONS INTERVIEWS_PER_APPLICATION [bare] > search.json
(`bare`: no history at all, as if nothing had ever been done: the agenda's worst case)
The same arguments always give the same file (a fixed seed); the names are made up.

Applications are spread over 2026 up to the end of November, with a history as a candidate
who uses followup would have on 22 November 2026: the thank-yous of interviews more than two
days old sent; and where the last interview was more than three weeks ago, a rejection, an
offer declined, or two status calls and the application closed quietly. The rest are in play.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

FIRST = ["Alex", "Sam", "Priya", "Tom", "Dana", "Luis", "Kim", "Jo", "Anna", "Michael", "Zoë", "Olu", "Mei", "Ravi", "Ines"]
LAST = ["Shah", "Reed", "Park", "Lowe", "Brown", "Ortega", "Whitfield", "Kowalski", "Nguyen", "Okafor", "Silva", "Müller"]
COMPANY = ["Acme", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware", "Adatum", "Proseware", "Woodgrove"]
ROLE = ["Data Analyst", "Product Manager", "Backend Engineer", "Designer", "Finance Director", "Support Lead", "QA Engineer"]
TOPICS = ["SQL", "Python", "stakeholder reporting", "budgets", "system design", "code review", "forecasting", "hiring"]


def person(rng, company, lead=False):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    p = {"name": f"{first} {last}", "title": rng.choice(["Head of Analytics", "VP Product", "Staff Engineer", "Director"])}
    p["email"] = f"{first.lower()}.{last.lower()}.{rng.randrange(10**6)}@{company.lower()}.example"
    if lead:
        p["lead"] = True
    return p


def debrief(rng, start):
    concern = rng.choice(TOPICS)
    return {
        "written_at": (start + timedelta(hours=2)).isoformat(),
        "job_details": "Owns the monthly dashboards; reports to the head of the team; team of four.",
        "company_notes": "Moving from spreadsheets to a warehouse this year.",
        "tone": rng.choice(["warm", "formal", "brisk, technical"]),
        "question_focus": rng.sample(TOPICS, 2),
        "went_well": ["the migration story", "the live exercise"],
        "went_badly": ["a vague answer on " + concern],
        "concerns": [{"about": concern, "detail": f"asked about {concern}", "answer": f"I have used {concern} for three years"}],
        "responded_well_to": ["cutting report time from 3 days to 4 hours"],
        "forgot_to_mention": ["a certification"],
        "samples_discussed": ["a dashboard"] if rng.random() < 0.4 else [],
        "questions_left": [],
        "still_interested": rng.random() < 0.85,
        "next_steps": {"said": "We will decide within two weeks.", "decision_by": (start + timedelta(days=14)).date().isoformat()},
    }


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def history(app, n):
    """The log of what was done after each interview more than two days old, as a candidate
    who uses followup keeps it; and for an application that has run its course, the ending."""
    last = datetime.fromisoformat(app["interviews"][-1]["ends_at"]) if app["interviews"] else None
    if last is None:
        return
    rng = random.Random(n)  # apart from the main sequence, so the rest of the file is unchanged
    done = []
    for interview in app["interviews"]:
        end = datetime.fromisoformat(interview["ends_at"])
        if end > NOW - timedelta(days=2):
            continue
        for person in interview["interviewers"]:
            strategic = person.get("lead") and app["interest"] >= 4 and interview["debrief"]["still_interested"]
            done.append({"at": (end + timedelta(hours=5)).isoformat(), "kind": "strategic_letter" if strategic else "thank_you", "to": person["email"]})
        if "agency" in app:
            done.append({"at": (end + timedelta(hours=1)).isoformat(), "kind": "report_to_consultant", "to": "jo.park@harbour.example"})
        for _ in interview["debrief"]["samples_discussed"]:
            lead = interview["interviewers"][0]["email"]
            done.append({"at": (end + timedelta(hours=20)).isoformat(), "kind": "send_sample", "to": lead})
        if not interview["debrief"]["still_interested"]:
            done.append({"at": (end + timedelta(hours=24)).isoformat(), "kind": "withdraw_politely"})
    if last > NOW - timedelta(days=21):
        if done:
            app["done"] = sorted(done, key=lambda d: d["at"])
        return
    events = []
    outcome = rng.random()
    if outcome < 0.7:
        events.append({"at": (last + timedelta(days=10)).isoformat(), "kind": "rejection"})
        done.append({"at": (last + timedelta(days=11)).isoformat(), "kind": "request_feedback", "to": app["interviews"][-1]["interviewers"][0]["email"]})
    elif outcome < 0.85:
        offered = last + timedelta(days=6)
        events.append({"at": offered.isoformat(), "kind": "offer", "offer": {"salary": app["expectations"]["salary"] - 5000, "currency": "GBP", "respond_by": (offered + timedelta(days=7)).date().isoformat()}})
        events.append({"at": (offered + timedelta(days=3)).isoformat(), "kind": "offer_declined"})
        done.append({"at": (offered + timedelta(days=1)).isoformat(), "kind": "review_offer"})
    else:
        first = last + timedelta(days=16)
        for at in (first, first + timedelta(days=7), first + timedelta(days=14)):
            kind = "close_quietly" if at > first + timedelta(days=10) else "status_check"
            done.append({"at": at.isoformat(), "kind": kind})
    app["events"] = events
    app["done"] = sorted(done, key=lambda d: d["at"])


def main():
    count, per_app = int(sys.argv[1]), int(sys.argv[2])
    bare = sys.argv[3:] == ["bare"]
    rng = random.Random(20261122)
    base = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
    apps = []
    for n in range(count):
        company = rng.choice(COMPANY)
        applied = base + timedelta(days=rng.randrange(300))
        app = {
            "key": f"app-{n:05d}",
            "company": f"{company} {n}",
            "department": "Analytics",
            "role": rng.choice(ROLE),
            "applied_on": applied.date().isoformat(),
            "interest": rng.randint(1, 5),
            "timezone": "Europe/London",
        }
        if rng.random() < 0.3:
            app["agency"] = {"name": "Harbour Talent", "consultant": {"name": "Jo Park", "email": "jo.park@harbour.example"}}
        app["expectations"] = {"salary": rng.randrange(40, 90) * 1000, "currency": "GBP", "hours_per_week": 37.5}
        interviews = []
        for r in range(per_app):
            start = applied + timedelta(days=7 * (r + 1), hours=rng.randrange(8))
            interviews.append({
                "key": f"r{r + 1}",
                "round": r + 1,
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=1)).isoformat(),
                "format": rng.choice(["in_person", "video", "phone"]),
                "interviewers": [person(rng, company, lead=True), person(rng, company)],
                "debrief": debrief(rng, start),
            })
        app["interviews"] = interviews
        if not bare:
            history(app, n)
        apps.append(app)
    doc = {
        "followup": 1,
        "profile": {"name": "Alex Morgan", "email": "alex.morgan@example.org", "language": "en-GB", "timezone": "Europe/London"},
        "settings": {"holidays": ["2026-12-25", "2026-12-28"]},
        "applications": apps,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
