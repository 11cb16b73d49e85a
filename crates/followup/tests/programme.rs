//! The programme end to end: the agenda, done and skip, events that change the plan, and
//! the calendar file read by a real iCalendar parser. Both backends.

#[macro_use]
mod common;

use common::{Followup, Server, fixture_path, python};

const NOW: &str = "2026-11-22T12:00:00Z";

fn imported(f: Followup) -> Followup {
    f.ok(&["import", fixture_path("context.json").to_str().unwrap()]);
    f
}

/// The agenda's actions as "id kind to not_before due".
fn agenda(f: &Followup, now: &str, all: bool) -> Vec<String> {
    let mut args = vec!["--now", now, "agenda"];
    if all {
        args.push("--all");
    }
    let out = f.json(&args);
    out["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {} {}",
                a["id"].as_str().unwrap(),
                a["kind"].as_str().unwrap(),
                a["to"].as_str().unwrap_or("-"),
                a["not_before"].as_str().unwrap(),
                a["due"].as_str().unwrap()
            )
        })
        .collect()
}

on_both_backends!(the_agenda_of_the_sample_search_is_right_to_the_minute);
fn the_agenda_of_the_sample_search_is_right_to_the_minute(f: Followup) {
    let f = imported(f);
    assert_eq!(
        agenda(&f, NOW, false),
        [
            "cd-2 thank_you michael.brown@contoso.example 2026-11-17T15:00:00+00:00 2026-11-18T15:00:00+00:00",
            "cd-3 thank_you anna.kowalski@contoso.example 2026-11-17T15:00:00+00:00 2026-11-18T15:00:00+00:00",
            "np-2 report_to_consultant jo.park@harbour.example 2026-11-19T11:30:00+00:00 2026-11-19T15:30:00+00:00",
            "np-3 strategic_letter dana@northwind.example 2026-11-19T11:30:00+00:00 2026-11-20T11:30:00+00:00",
            "np-4 thank_you luis@northwind.example 2026-11-19T11:30:00+00:00 2026-11-20T11:30:00+00:00",
        ]
    );
    let coming = agenda(&f, NOW, true);
    assert_eq!(coming.len(), 8);
    assert_eq!(
        coming[5..],
        [
            "cd-4 status_check michael.brown@contoso.example 2026-11-26T09:00:00+00:00 2026-11-30T17:00:00+00:00",
            "fa-5 close_quietly - 2026-12-01T09:00:00+00:00 2026-12-01T17:00:00+00:00",
            "np-6 status_check jo.park@harbour.example 2026-12-01T09:00:00+00:00 2026-12-03T17:00:00+00:00",
        ]
    );
    let out = f.json(&["--now", NOW, "agenda"]);
    assert_eq!(out["now"], "2026-11-22T12:00:00+00:00");
    assert_eq!(out["actions"][0]["channel"], "email");
    assert_eq!(out["actions"][0]["state"], "open");
    assert_eq!(out["actions"][0]["interview"], "r1");
    assert_eq!(
        out["actions"][0]["why"],
        "Thank each interviewer within 24 hours."
    );

    // For a person: grouped, one line each, in plain words; no colour into a pipe.
    let text = f.ok(&["--now", "2026-11-19T12:00:00Z", "agenda"]);
    assert!(!text.contains('\u{1b}'), "{text}");
    let groups: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(groups, ["Overdue", "Today", "This week"]);
    assert!(
        text.contains(
            "np-4    Thank Luis Ortega for the interview, through the consultant (Northwind Traders) — due tomorrow 11:30. Thank each interviewer within 24 hours."
        ),
        "{text}"
    );
    let quiet = f.ok(&["--now", "2026-11-10T08:00:00Z", "agenda"]);
    assert!(quiet.starts_with("Nothing to do now."), "{quiet}");
}

on_both_backends!(done_skip_and_events_change_the_plan);
fn done_skip_and_events_change_the_plan(f: Followup) {
    let f = imported(f);
    let out = f.ok(&["--now", NOW, "done", "np-4", "--note", "sent through Jo"]);
    assert_eq!(
        out.trim(),
        "Done: np-4 Thank Luis Ortega for the interview, through the consultant."
    );
    let out = f.ok(&[
        "--now",
        NOW,
        "skip",
        "CD-3",
        "--why",
        "said goodbye in person",
    ]);
    assert!(
        out.starts_with("Skipped: cd-3 Thank Anna Kowalski"),
        "{out}"
    );
    let ids: Vec<String> = agenda(&f, NOW, false)
        .iter()
        .map(|l| l.split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["cd-2", "np-2", "np-3"]);
    let done = &f.json(&["export"])["applications"][0]["done"][0];
    assert_eq!(done["kind"], "thank_you");
    assert_eq!(done["interview"], "r1");
    assert_eq!(done["to"], "luis@northwind.example");
    assert_eq!(done["note"], "sent through Jo");
    let skipped = &f.json(&["export"])["applications"][1]["done"][0];
    assert_eq!(skipped["skipped"], true);
    assert_eq!(skipped["note"], "said goodbye in person");

    // Bad input: a clear message, and nothing changed.
    let before = f.ok(&["export"]);
    for (args, expect) in [
        (vec!["done", "zz-9"], "no open action has the id \"zz-9\""),
        (vec!["done", "np-4"], "no open action has the id \"np-4\""),
        (vec!["done", "np"], "could be any of np-2, np-3, np-6"),
        (vec!["skip", "np-2", "--why", " "], "say why"),
        (
            vec!["event", "add", "nowhere-inc", "reply"],
            "no application \"nowhere-inc\"",
        ),
        (
            vec!["event", "add", "contoso-dev", "offer"],
            "an offer needs its terms",
        ),
        (
            vec![
                "event",
                "add",
                "contoso-dev",
                "reply",
                "--decision-by",
                "2026-11-20",
            ],
            "that date has passed",
        ),
    ] {
        let mut all = vec!["--now", NOW];
        all.extend(args.iter());
        let err = f.fails(&all);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    assert_eq!(f.ok(&["export"]), before);

    // A reply with a new date moves the status check; a rejection leaves only the request for feedback.
    f.ok(&[
        "--now",
        NOW,
        "event",
        "add",
        "contoso-dev",
        "reply",
        "--decision-by",
        "Friday 4 December",
    ]);
    let all = agenda(&f, NOW, true);
    assert!(
        all.contains(&"cd-5 status_check michael.brown@contoso.example 2026-12-08T09:00:00+00:00 2026-12-10T17:00:00+00:00".to_string()),
        "{all:#?}"
    );
    let said = f.ok(&["--now", NOW, "event", "add", "contoso-dev", "rejection"]);
    assert!(said.contains("The application is now rejected."), "{said}");
    assert!(
        said.contains("cd-6    Thank Michael Brown and ask for feedback — due Tue 24 Nov 12:00."),
        "{said}"
    );
    let contoso: Vec<String> = agenda(&f, NOW, true)
        .into_iter()
        .filter(|l| l.starts_with("cd-"))
        .collect();
    assert_eq!(
        contoso,
        [
            "cd-6 request_feedback michael.brown@contoso.example 2026-11-22T12:00:00+00:00 2026-11-24T12:00:00+00:00"
        ]
    );
}

on_both_backends!(the_calendar_opens_in_a_real_parser_with_every_action);
fn the_calendar_opens_in_a_real_parser_with_every_action(f: Followup) {
    let f = imported(f);
    let calendar = f.path("followup.ics");
    let agenda = f.path("agenda.json");
    f.ok(&[
        "--now",
        NOW,
        "calendar",
        "--out",
        calendar.to_str().unwrap(),
    ]);
    std::fs::write(&agenda, f.ok(&["--now", NOW, "agenda", "--all", "--json"])).unwrap();
    check_calendar(&calendar, &agenda);

    // Made again after a change, the calendar keeps the UIDs of the actions that remain.
    let uids = |path: &std::path::Path| -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .replace("\r\n ", "")
            .lines()
            .filter_map(|l| l.strip_prefix("UID:").map(str::to_string))
            .collect()
    };
    let first = uids(&calendar);
    assert_eq!(first.len(), 8);
    f.ok(&["--now", NOW, "done", "np-4"]);
    f.ok(&[
        "--now",
        NOW,
        "calendar",
        "--out",
        calendar.to_str().unwrap(),
    ]);
    std::fs::write(&agenda, f.ok(&["--now", NOW, "agenda", "--all", "--json"])).unwrap();
    check_calendar(&calendar, &agenda);
    let second = uids(&calendar);
    assert_eq!(second.len(), 7);
    assert!(second.iter().all(|uid| first.contains(uid)));
}

/// Runs tests/calendar_check.py with the Python that has the `icalendar` package.
fn check_calendar(calendar: &std::path::Path, agenda: &std::path::Path) {
    let zone = std::path::Path::new("Europe/London");
    let out = python("calendar_check.py", &[calendar, agenda, zone]);
    assert!(out.contains("all match"), "{out}");
}

#[test]
fn the_agenda_for_a_person_shows_the_first_of_each_group_and_counts_the_rest() {
    // Thirty applications like Contoso's: sixty thank-yous overdue at once.
    let f = Followup::sqlite();
    let mut search: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture_path("context.json")).unwrap())
            .unwrap();
    let contoso = search["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "contoso-dev")
        .unwrap()
        .clone();
    search["applications"] = (0..30)
        .map(|n| {
            let mut app = contoso.clone();
            app["key"] = format!("contoso-{n}").into();
            app
        })
        .collect();
    let file = f.path("thirty.json");
    std::fs::write(&file, search.to_string()).unwrap();
    f.ok(&["import", file.to_str().unwrap()]);
    let now = "2026-11-20T12:00:00Z";
    let every = f.json(&["--now", now, "agenda"])["actions"]
        .as_array()
        .unwrap()
        .len();
    assert!(every >= 60, "{every} actions");
    let text = f.ok(&["--now", now, "agenda"]);
    let lines = text
        .lines()
        .filter(|l| l.starts_with("  ") && !l.contains("more:"))
        .count();
    assert_eq!(lines, 25, "{text}");
    assert!(
        text.contains(&format!(
            "… and {} more: `followup agenda --all` lists every one.",
            every - 25
        )),
        "{text}"
    );
    let all = f.ok(&["--now", now, "agenda", "--all"]);
    assert!(!all.contains("more:"), "{all}");
    assert!(all.lines().filter(|l| l.starts_with("  ")).count() >= every);
}

#[test]
fn the_calendar_feed_answers_304_when_unchanged_and_settings_give_its_whole_address() {
    let f = imported(Followup::sqlite());
    let server = Server::start(&f, NOW);
    let settings = server.raw("GET", "/settings", &[]).replace("&#x2f;", "/");
    let url = settings
        .split("id=\"calendar-url\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_else(|| panic!("no calendar address: {settings}"));
    let path = url
        .strip_prefix(&format!("http://{}", server.address))
        .unwrap_or_else(|| panic!("not the whole address: {url}"));
    assert!(
        settings.contains(&format!("href=\"webcal://{}{path}\"", server.address)),
        "{settings}"
    );
    let first = server.raw("GET", path, &[]);
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(first.contains("BEGIN:VCALENDAR"), "{first}");
    let etag = first
        .lines()
        .find_map(|l| {
            l.strip_prefix("etag: ")
                .or_else(|| l.strip_prefix("ETag: "))
        })
        .unwrap_or_else(|| panic!("no ETag: {first}"))
        .trim()
        .to_string();
    let again = server.raw("GET", path, &[&format!("If-None-Match: {etag}")]);
    assert!(again.starts_with("HTTP/1.1 304"), "{again}");
    assert!(!again.contains("BEGIN:VCALENDAR"), "{again}");
    let other = server.raw("GET", path, &["If-None-Match: \"0000000000000000\""]);
    assert!(other.starts_with("HTTP/1.1 200"), "{other}");
    let zipped = server.raw("GET", path, &["Accept-Encoding: gzip"]);
    assert!(
        zipped.to_lowercase().contains("content-encoding: gzip"),
        "{zipped}"
    );

    // Last-Modified, for the calendar apps that send back only that: 304 at or after it,
    // the feed when it is older; ignored when an ETag is sent too.
    let modified = first
        .lines()
        .find_map(|l| {
            l.to_lowercase()
                .strip_prefix("last-modified: ")
                .map(|_| l[15..].trim().to_string())
        })
        .unwrap_or_else(|| panic!("no Last-Modified: {first}"));
    let since = server.raw("GET", path, &[&format!("If-Modified-Since: {modified}")]);
    assert!(since.starts_with("HTTP/1.1 304"), "{since}");
    let older = server.raw(
        "GET",
        path,
        &["If-Modified-Since: Sun, 01 Nov 2026 00:00:00 GMT"],
    );
    assert!(older.starts_with("HTTP/1.1 200"), "{older}");
    let both = server.raw(
        "GET",
        path,
        &[
            "If-None-Match: \"0000000000000000\"",
            &format!("If-Modified-Since: {modified}"),
        ],
    );
    assert!(both.starts_with("HTTP/1.1 200"), "{both}");

    // A change to the programme changes the feed, its ETag and its Last-Modified.
    f.ok(&["--now", NOW, "done", "np-4"]);
    let changed = server.raw("GET", path, &[&format!("If-None-Match: {etag}")]);
    assert!(changed.starts_with("HTTP/1.1 200"), "{changed}");
    let changed = server.raw("GET", path, &[&format!("If-Modified-Since: {modified}")]);
    assert!(changed.starts_with("HTTP/1.1 200"), "{changed}");
}

#[test]
fn a_named_date_is_shown_back_in_full_and_a_holiday_is_pointed_out() {
    let f = imported(Followup::sqlite());
    // The settings of the sample search hold Christmas Day as a holiday.
    let said = f.ok(&[
        "--now",
        NOW,
        "event",
        "add",
        "contoso-dev",
        "reply",
        "--decision-by",
        "Friday 25 December",
    ]);
    assert!(
        said.contains("They named Friday 25 December 2026 for their decision.\n  Friday 25 December 2026 is a public holiday: check that is the day they meant."),
        "{said}"
    );
    // The call counts business days after it: Monday 28th is a holiday in the settings too,
    // so the second is Wednesday 30 December, from 09:00.
    let all = agenda(&f, NOW, true);
    assert!(
        all.iter().any(
            |l| l.starts_with("cd-5 status_check") && l.contains(" 2026-12-30T09:00:00+00:00 ")
        ),
        "{all:#?}"
    );
}
