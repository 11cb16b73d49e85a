//! The agency mode end to end, with real parts: a throwaway PostgreSQL, the app connected as a
//! role row-level security holds, two `followup serve --config` instances side by side, and
//! the invitation and reset emails read as they arrive at the test SMTP server.

mod common;

use std::collections::HashMap;
use std::io::{BufRead as _, Read as _, Write as _};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::SmtpServer;

const PASSWORD: &str = "a long walk by the river";

/// One `followup serve --config` instance, stopped when dropped.
struct Instance {
    address: String,
    child: Child,
}

impl Instance {
    fn start(config: &Path, dir: &Path) -> Instance {
        let mut child = followup(dir)
            .args(["serve", "--config"])
            .arg(config)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split("listening on ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap_or_else(|| panic!("serve printed {line:?}"))
            .to_string();
        Instance { address, child }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn followup(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_followup"));
    command
        .env("FOLLOWUP_DATA_DIR", dir.join("data"))
        .env("FOLLOWUP_CONFIG_DIR", dir.join("config"))
        .env("FOLLOWUP_PROOFREADER", "local")
        .env_remove("FOLLOWUP_DATABASE_URL")
        .stdin(Stdio::null());
    command
}

/// An answer: its status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers.get("location").map_or("", String::as_str)
    }

    /// The session cookie it sets.
    fn session(&self) -> String {
        let cookie = self
            .headers
            .get("set-cookie")
            .unwrap_or_else(|| panic!("no cookie set: {} {}", self.status, self.body));
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        cookie.split(';').next().unwrap().to_string()
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    let byte = |b: u8| {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            (b as char).to_string()
        } else {
            format!("%{b:02X}")
        }
    };
    form.iter()
        .map(|(k, v)| {
            let v: String = v.bytes().map(byte).collect();
            format!("{k}={v}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// One HTTP/1.1 request, with a session cookie and a form if given.
fn http(
    at: &Instance,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Answer {
    let mut stream = std::net::TcpStream::connect(&at.address).unwrap();
    let body = encode(form);
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: agency.test\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
        body.len()
    );
    if let Some(cookie) = cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    write!(stream, "{head}\r\n{body}").unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_lowercase(), v.to_string()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_string(),
    }
}

/// The link's path in the last email to `to`.
fn link(smtp: &SmtpServer, to: &str, kind: &str) -> String {
    let messages = smtp.messages();
    let message = messages
        .iter()
        .rev()
        .find(|m| m["To"].as_str().is_some_and(|t| t.contains(to)))
        .unwrap_or_else(|| panic!("no email to {to} in {messages:?}"));
    let text = message["text"].as_str().unwrap();
    assert!(!text.contains(PASSWORD));
    let start = text
        .find(&format!("http://agency.test/{kind}/"))
        .unwrap_or_else(|| panic!("no {kind} link in {text:?}"));
    let url = text[start..].split_whitespace().next().unwrap();
    url.trim_start_matches("http://agency.test").to_string()
}

/// The account id People gives for a name, from the form's options.
fn id_of(people: &str, name: &str) -> String {
    let end = people
        .find(&format!("\">{name}</option>"))
        .unwrap_or_else(|| panic!("{name} is not offered on People"));
    let start = people[..end].rfind("value=\"").unwrap() + "value=\"".len();
    people[start..end].to_string()
}

/// The same form posted on both instances at once (a double click, two tabs): one is done
/// (303), the other finds it done (303 or 409).
fn once_of_two(one: &Instance, two: &Instance, path: &str, cookie: &str, form: &[(&str, &str)]) {
    let twice = std::thread::scope(|scope| {
        let a = scope.spawn(|| http(one, "POST", path, Some(cookie), form).status);
        let b = scope.spawn(|| http(two, "POST", path, Some(cookie), form).status);
        [a.join().unwrap(), b.join().unwrap()]
    });
    assert!(
        twice.contains(&303) && twice.iter().all(|s| matches!(s, 303 | 409)),
        "{twice:?}"
    );
}

/// The instance a request goes to: they take turns.
fn at_either<'a>(n: usize, one: &'a Instance, two: &'a Instance) -> &'a Instance {
    if n.is_multiple_of(2) { one } else { two }
}

/// One request to the API, with an empty JSON object for a body.
fn json(at: &Instance, method: &str, path: &str, cookie: Option<&str>) -> Answer {
    let mut stream = std::net::TcpStream::connect(&at.address).unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: agency.test\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\n{cookie}\r\n{{}}"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
    Answer {
        status,
        headers: HashMap::new(),
        body: body.to_string(),
    }
}

/// The first open action's id in `agenda --json`.
fn first_action_id(agenda: &serde_json::Value) -> String {
    fn find(v: &serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Object(map) => map
                .get("id")
                .and_then(|id| id.as_str())
                .filter(|id| id.contains('-'))
                .map(String::from)
                .or_else(|| map.values().find_map(find)),
            serde_json::Value::Array(list) => list.iter().find_map(find),
            _ => None,
        }
    }
    find(agenda).unwrap_or_else(|| panic!("no action in {agenda}"))
}

/// The account id in People's row for a name (its forms' addresses).
fn row_id(people: &str, name: &str) -> String {
    let row = people
        .find(&format!("<td>{name}</td>"))
        .unwrap_or_else(|| panic!("{name} is not on People"));
    let rest = &people[row..];
    let start = rest.find("action=\"/people/").unwrap() + "action=\"/people/".len();
    rest[start..].split('/').next().unwrap().to_string()
}

fn config(dir: &Path, database: &str, smtp: u16) -> std::path::PathBuf {
    let path = dir.join("agency.toml");
    std::fs::write(
        &path,
        format!(
            "[database]\nurl = \"{database}\"\n\
             [web]\npublic_url = \"http://agency.test\"\nlisten = \"127.0.0.1:0\"\n\
             [mail]\nhost = \"127.0.0.1\"\nport = {smtp}\nsecurity = \"off\"\n\
             from = \"followup@agency.test\"\n\
             [logins]\nper_account = 3\n"
        ),
    )
    .unwrap();
    path
}

/// A fresh database: a runtime to reach it with, its owner's URL and the app role's.
fn database() -> (tokio::runtime::Runtime, String, String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let owner = runtime.block_on(followup_store::testing::fresh_postgres());
    let app = runtime.block_on(followup_store::testing::app_role(&owner));
    (runtime, owner, app)
}

#[test]
fn an_agency_invites_its_people_who_sign_in_on_two_instances_and_see_only_theirs() {
    let (_runtime, owner, app) = database();
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpServer::start(dir.path().join("mail"), &[]);
    let file = config(dir.path(), &app, smtp.port);

    // The owner founds the agency; the admin's invitation arrives by email.
    let out = followup(dir.path())
        .args(["agency", "found", "--config"])
        .arg(&file)
        .args(["--owner-url", &owner, "--name", "Northgate Recruitment"])
        .args(["--admin", "ada@northgate.test", "--admin-name", "Ada Admin"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("on its way to ada@northgate.test"), "{said}");
    // Upgrading is the owner's too, and may run again at any time; the app's role may not.
    let upgraded = followup(dir.path())
        .args(["agency", "upgrade", "--config"])
        .arg(&file)
        .args(["--owner-url", &owner])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&upgraded.stdout);
    assert!(
        upgraded.status.success() && said.contains("schema version"),
        "{said}{}",
        String::from_utf8_lossy(&upgraded.stderr)
    );

    // An instance connected as the owner would pass row-level security: it refuses to serve.
    let as_owner = dir.path().join("owner");
    std::fs::create_dir_all(&as_owner).unwrap();
    let refused = followup(dir.path())
        .args(["serve", "--config"])
        .arg(config(&as_owner, &owner, smtp.port))
        .output()
        .unwrap();
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !refused.status.success() && why.contains("superuser"),
        "{why}"
    );

    let one = Instance::start(&file, dir.path());
    let two = Instance::start(&file, dir.path());

    // Nobody signed in: pages go to the sign-in, the API says 401.
    assert_eq!(http(&one, "GET", "/", None, &[]).location(), "/sign-in");
    assert_eq!(http(&two, "GET", "/api/v1/agenda", None, &[]).status, 401);
    assert_eq!(http(&one, "GET", "/sign-in", None, &[]).status, 200);

    // The admin takes the invitation on one instance: a short password is refused and
    // leaves the link good; the next signs in and goes to People.
    let invitation = link(&smtp, "ada@northgate.test", "invitation");
    assert_eq!(http(&one, "GET", &invitation, None, &[]).status, 200);
    let short = http(&one, "POST", &invitation, None, &[("password", "short")]);
    assert_eq!(short.status, 422, "{}", short.body);
    let taken = http(&two, "POST", &invitation, None, &[("password", PASSWORD)]);
    assert_eq!((taken.status, taken.location()), (303, "/people"));
    let ada = taken.session();
    let again = http(&one, "POST", &invitation, None, &[("password", PASSWORD)]);
    assert_eq!(again.status, 404, "a link is good once");

    // The admin invites two consultants and a candidate of each, on either instance.
    for (at, name, email) in [
        (&one, "Rita Consultant", "rita@northgate.test"),
        (&two, "Sam Consultant", "sam@northgate.test"),
    ] {
        let form = [("role", "consultant"), ("name", name), ("email", email)];
        let invited = http(at, "POST", "/people", Some(&ada), &form);
        assert!(invited.body.contains("on its way"), "{}", invited.body);
    }
    let people = http(&one, "GET", "/people", Some(&ada), &[]).body;
    let (rita_id, sam_id) = (
        id_of(&people, "Rita Consultant"),
        id_of(&people, "Sam Consultant"),
    );
    for (name, email, consultant) in [
        ("Cara Candidate", "cara@example.test", &rita_id),
        ("Dan Candidate", "dan@example.test", &sam_id),
    ] {
        let form = [
            ("role", "candidate"),
            ("name", name),
            ("email", email),
            ("consultant", consultant.as_str()),
        ];
        let invited = http(&two, "POST", "/people", Some(&ada), &form);
        assert!(invited.body.contains("on its way"), "{}", invited.body);
    }
    let mut session = HashMap::new();
    for (at, email) in [
        (&one, "rita@northgate.test"),
        (&two, "cara@example.test"),
        (&one, "dan@example.test"),
    ] {
        let path = link(&smtp, email, "invitation");
        let taken = http(at, "POST", &path, None, &[("password", PASSWORD)]);
        assert_eq!(taken.status, 303, "{}", taken.body);
        session.insert(email, taken.session());
    }
    let (cara, dan, rita) = (
        &session["cara@example.test"].clone(),
        &session["dan@example.test"].clone(),
        &session["rita@northgate.test"].clone(),
    );

    // Cara adds an application on one instance and sees it on the other; Dan never does.
    let form = [
        ("company", "Harbour Lights Ltd"),
        ("role", "Product Manager"),
    ];
    let added = http(&one, "POST", "/applications", Some(cara), &form);
    assert_eq!(added.status, 303, "{}", added.body);
    let key = added.location().split('?').next().unwrap().to_string();
    assert!(key.starts_with("/applications/"), "{key}");
    assert!(
        http(&two, "GET", "/board", Some(cara), &[])
            .body
            .contains("Harbour Lights")
    );
    assert_eq!(http(&two, "GET", &key, Some(cara), &[]).status, 200);
    assert!(
        !http(&one, "GET", "/board", Some(dan), &[])
            .body
            .contains("Harbour Lights")
    );
    assert_eq!(http(&one, "GET", &key, Some(dan), &[]).status, 404);
    let api = http(&two, "GET", &format!("/api/v1{key}"), Some(dan), &[]);
    assert_eq!(api.status, 404, "{}", api.body);
    let listed = http(&two, "GET", "/api/v1/applications", Some(dan), &[]);
    assert_eq!(listed.status, 200);
    assert!(!listed.body.contains("Harbour Lights"), "{}", listed.body);

    // The report to the consultant and the company's feedback. Cara had an interview
    // yesterday, writes its debrief and shares it with Rita, with a word to pass on.
    let yesterday = (jiff::Zoned::now() - jiff::Span::new().days(1))
        .strftime("%Y-%m-%d 10:00")
        .to_string();
    let interview = http(
        &two,
        "POST",
        &format!("{key}/interviews"),
        Some(cara),
        &[
            ("starts", yesterday.as_str()),
            ("with", "Nia Jones, Head of Product"),
        ],
    );
    assert_eq!(interview.status, 303, "{}", interview.body);
    let debrief_path = interview.location().split('?').next().unwrap().to_string();
    assert!(debrief_path.ends_with("/debrief"), "{debrief_path}");
    let interview_key = debrief_path.rsplit('/').nth(1).unwrap().to_string();
    let share_path = format!("{key}/interviews/{interview_key}/share");
    // Nothing to share before the debrief is written.
    assert_eq!(http(&one, "POST", &share_path, Some(cara), &[]).status, 422);
    let debrief = http(
        &one,
        "POST",
        &debrief_path,
        Some(cara),
        &[
            ("went_well", "The roadmap exercise"),
            ("concerns", "Stakeholder management at board level"),
            ("went_badly", "I rambled about my notice period"),
            ("next_steps", "They decide by the end of next week"),
        ],
    );
    assert!(
        matches!(debrief.status, 200 | 303),
        "{}: {}",
        debrief.status,
        debrief.body
    );
    let shared = http(
        &two,
        "POST",
        &share_path,
        Some(cara),
        &[("pass_on", "I would relocate for the role.")],
    );
    assert_eq!(shared.status, 303, "{}", shared.body);
    // What the app said comes to the next page, whichever instance answers it; to nobody else.
    let next = shared.location().to_string();
    assert!(next.contains("?said="), "{next}");
    let told = http(&one, "GET", &next, Some(cara), &[]).body;
    assert!(told.contains("Your consultant has the debrief."), "{told}");
    let token = next.split("?said=").nth(1).unwrap();
    let elsewhere = http(&one, "GET", &format!("/?said={token}"), Some(dan), &[]).body;
    assert!(!elsewhere.contains("Your consultant has the debrief."));
    // Rita sees it on her day and reads the whole report, private notes and all.
    let hers = http(&one, "GET", "/candidates", Some(rita), &[]).body;
    assert!(hers.contains("Reports waiting for the company"), "{hers}");
    let report_path = format!(
        "/candidates/{}/applications/{}/interviews/{interview_key}",
        row_id(
            &http(&one, "GET", "/people", Some(&ada), &[]).body,
            "Cara Candidate"
        ),
        key.trim_start_matches("/applications/")
    );
    assert!(hers.contains(&report_path.replace('/', "&#x2f;")), "{hers}");
    let report = http(&two, "GET", &report_path, Some(rita), &[]).body;
    assert!(
        report.contains("I rambled about my notice period")
            && report.contains("I would relocate for the role."),
        "{report}"
    );
    // Dan cannot reach it; nor can Sam, who is not her consultant (tested in the matrix); nor
    // can Cara record "the company's feedback" on her own report.
    assert_eq!(http(&one, "GET", &report_path, Some(dan), &[]).status, 404);
    assert_eq!(http(&one, "GET", &report_path, Some(cara), &[]).status, 404);
    let forged = http(
        &two,
        "POST",
        &format!("{report_path}/feedback"),
        Some(cara),
        &[("decision", "next_round")],
    );
    assert_eq!(forged.status, 404, "{}", forged.body);
    // Rita records the company's feedback: a next date, which moves Cara's calls.
    let feedback = http(
        &one,
        "POST",
        &format!("{report_path}/feedback"),
        Some(rita),
        &[
            ("impressed", "Her roadmap thinking"),
            ("worried", "Little experience with pricing"),
            ("next_step", "A second interview with the CEO"),
            ("next_date", "in two weeks"),
            ("decision", "undecided"),
        ],
    );
    assert_eq!(feedback.status, 303, "{}", feedback.body);
    let refused = http(
        &two,
        "POST",
        &format!("{report_path}/feedback"),
        Some(rita),
        &[("next_date", "early next year")],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    // Both see the two side by side: the roadmap agrees, the worries differ.
    for (at, who) in [(&two, rita), (&one, cara)] {
        let page = if who == rita {
            http(at, "GET", &report_path, Some(who), &[]).body
        } else {
            http(at, "GET", &key, Some(who), &[]).body
        };
        assert!(page.contains("beside the company"), "{page}");
        assert!(
            page.contains("<strong>Her roadmap thinking</strong>"),
            "{page}"
        );
        assert!(page.contains("Little experience with pricing"), "{page}");
        assert!(page.contains("they differ"), "{page}");
    }
    // A double click, on both instances at once: one feedback, whatever the order.
    let form = [("worried", "Pricing, again"), ("decision", "undecided")];
    let path = format!("{report_path}/feedback");
    once_of_two(&one, &two, &path, rita, &form);

    let application = json(&two, "GET", &format!("/api/v1{key}"), Some(cara)).body;
    assert!(
        application.contains("\"kind\":\"feedback\"") && application.contains("\"kind\":\"reply\""),
        "the feedback and the reply it is: {application}"
    );
    assert_eq!(
        application
            .matches("\"worried\":[\"Pricing, again\"]")
            .count(),
        1,
        "{application}"
    );

    // The user's own words, templates and calendar feed are rows of their job search: Cara's
    // are hers on either instance, and nobody else's. A mail server of her own is not offered
    // (its password file would be read from the server's disk).
    let words = http(
        &two,
        "POST",
        "/settings/words",
        Some(cara),
        &[("words", "Harbourside")],
    );
    assert_eq!(words.status, 303, "{}", words.body);
    let template = http(
        &one,
        "POST",
        "/settings/templates",
        Some(cara),
        &[("name", "thank_you"), ("source", "Thank you, truly.\n")],
    );
    assert_eq!(template.status, 303, "{}", template.body);
    let hers = http(&one, "GET", "/settings", Some(cara), &[]).body;
    assert!(
        hers.contains("Harbourside") && hers.contains("Thank you, truly."),
        "{hers}"
    );
    let his = http(&two, "GET", "/settings", Some(dan), &[]).body;
    assert!(!his.contains("Harbourside") && !his.contains("Thank you, truly."));
    let mail = http(
        &two,
        "POST",
        "/settings/mail",
        Some(cara),
        &[("host", "smtp.example.test"), ("security", "tls")],
    );
    assert_eq!(mail.status, 422, "{}", mail.body);
    assert_eq!(
        http(&one, "POST", "/settings/calendar", Some(cara), &[]).status,
        303
    );
    let hers = http(&two, "GET", "/settings", Some(cara), &[]).body;
    let address = hers
        .split("id=\"calendar-url\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the settings page gives the calendar's address")
        .replace("&#x2f;", "/");
    assert!(address.starts_with("http://"), "{address}");
    let path = &address[address.find("/calendar/").unwrap()..];
    // Calendar apps have no session: the address alone opens it, on either instance.
    for at in [&one, &two] {
        let feed = http(at, "GET", path, None, &[]);
        assert_eq!(feed.status, 200, "{}", feed.body);
        assert!(feed.body.contains("BEGIN:VCALENDAR"), "{}", feed.body);
    }
    // Another search with Cara's secret, or her search with another secret, is no calendar.
    let (search, token) = path
        .trim_start_matches("/calendar/")
        .trim_end_matches(".ics")
        .split_once('.')
        .unwrap();
    let other = format!(
        "/calendar/{}.{token}.ics",
        search.parse::<i64>().unwrap() + 1
    );
    let wrong = format!("/calendar/{search}.{}.ics", "0".repeat(token.len()));
    for path in [other, wrong, "/calendar/00.ics".to_string()] {
        let feed = http(&two, "GET", &path, Some(dan), &[]);
        assert_eq!(feed.status, 404, "{path}: {}", feed.body);
    }

    // A consultant sees their own candidates, not another's; their pages are People.
    assert_eq!(
        http(&two, "GET", "/", Some(rita), &[]).location(),
        "/candidates"
    );
    let hers = http(&two, "GET", "/people", Some(rita), &[]).body;
    assert!(
        hers.contains("Cara Candidate") && !hers.contains("Dan Candidate"),
        "{hers}"
    );
    // Only the admin invites.
    let form = [
        ("role", "consultant"),
        ("name", "Eve"),
        ("email", "eve@northgate.test"),
    ];
    let by_rita = http(&one, "POST", "/people", Some(rita), &form);
    assert_eq!(by_rita.status, 404, "{}", by_rita.body);

    // The access matrix: every route the agency mode serves, as everyone but Cara, aimed at
    // her records. Each is refused or acts on the asker's own; none shows her search, and
    // nothing in it changes.
    let cara_search = ["--database-url", &app, "--agency", "Northgate Recruitment"]
        .iter()
        .map(|s| s.to_string())
        .chain(["--candidate".into(), "cara@example.test".into()])
        .collect::<Vec<_>>();
    let hers = common::Followup {
        dir: tempfile::tempdir().unwrap(),
        database: cara_search,
    };
    hers.ok(&[
        "import",
        common::fixture_path("context.json").to_str().unwrap(),
    ]);
    let agenda = hers.json(&["agenda"]);
    let action = first_action_id(&agenda);
    // A letter of hers waits for Rita: nobody else reaches it.
    let body = "Dear Dana,\n\nThank you for Thursday.\n\nKind regards,\nAlex Morgan";
    let waiting = submit(&two, cara, "dana@northwind.example", body);
    assert_eq!(waiting.status, 303, "{}", waiting.body);
    let listed = hers.json(&["outbox", "list"]);
    let letter_id = listed["messages"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no letter in the outbox: {listed}"))
        .to_string();
    assert_eq!(listed["messages"][0]["state"], "waiting", "{listed}");
    let letter_path: String = letter_id.bytes().map(|b| format!("%{b:02X}")).collect();
    let before = hers.ok(&["export"]);
    let people = http(&one, "GET", "/people", Some(&ada), &[]).body;
    let cara_id = row_id(&people, "Cara Candidate");
    // Another agency, with its own admin, on the same database.
    let out = followup(dir.path())
        .args(["agency", "found", "--config"])
        .arg(&file)
        .args(["--owner-url", &owner, "--name", "Southbank Talent"])
        .args([
            "--admin",
            "olga@southbank.test",
            "--admin-name",
            "Olga Admin",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (at, email) in [(&two, "olga@southbank.test"), (&one, "sam@northgate.test")] {
        let path = link(&smtp, email, "invitation");
        let taken = http(at, "POST", &path, None, &[("password", PASSWORD)]);
        assert_eq!(taken.status, 303, "{}", taken.body);
        session.insert(email, taken.session());
    }
    let routes = followup(dir.path())
        .args(["serve", "--routes"])
        .output()
        .unwrap();
    let mut routes: Vec<(String, String)> = String::from_utf8(routes.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                r["method"].as_str().unwrap().into(),
                r["path"].as_str().unwrap().into(),
            )
        })
        .collect();
    for must in [
        "/",
        "/api/v1/agenda",
        "/people/{id}/consultant",
        "/candidates/{id}/letters/{message}/forward",
        "/calendar/{file}",
    ] {
        assert!(
            routes.iter().any(|(_, p)| p == must),
            "{must} is not in {routes:?}"
        );
    }
    // Signing out ends the asker's own session: last.
    routes.sort_by_key(|(_, path)| path == "/sign-out");
    let askers = [
        (
            "Dan, another candidate",
            Some(session["dan@example.test"].clone()),
        ),
        (
            "Sam, another consultant",
            Some(session["sam@northgate.test"].clone()),
        ),
        (
            "Olga, another agency's admin",
            Some(session["olga@southbank.test"].clone()),
        ),
        ("nobody", None),
    ];
    let mut asked = 0;
    for (who, cookie) in &askers {
        for (method, template) in &routes {
            let path = template
                .replace("{key}", "northwind-pm")
                .replace("{interview}", "r1")
                .replace("{which}", &action)
                .replace("{token}", &"ab".repeat(32))
                .replace("{file}", "feed.ics")
                .replace("{message}", &letter_path);
            let path = if path.starts_with("/people/") || path.starts_with("/candidates/") {
                path.replace("{id}", &cara_id)
            } else {
                path.replace("{id}", &action)
            };
            let answer = if path.starts_with("/api/") {
                json(
                    at_either(asked, &one, &two),
                    method,
                    &path,
                    cookie.as_deref(),
                )
            } else {
                http(
                    at_either(asked, &one, &two),
                    method,
                    &path,
                    cookie.as_deref(),
                    &[],
                )
            };
            asked += 1;
            let seen = format!("{who}: {method} {path}: {} {}", answer.status, answer.body);
            assert!(
                !answer.body.contains("Northwind") && !answer.body.contains("cara@example.test"),
                "{seen}"
            );
            if template.contains('{') {
                let refused = matches!(answer.status, 401 | 403 | 404 | 422)
                    || (answer.status == 303
                        && ["/sign-in", "/people", "/candidates"].contains(&answer.location()));
                assert!(refused, "{seen}");
            }
        }
    }
    assert_eq!(asked, askers.len() * routes.len());
    assert!(hers.ok(&["export"]) == before, "Cara's job search changed");

    // Failed sign-ins are counted in the database: the limit holds across both instances.
    for at in [&one, &two, &one] {
        let form = [
            ("email", "rita@northgate.test"),
            ("password", "not her password"),
        ];
        assert_eq!(http(at, "POST", "/sign-in", None, &form).status, 401);
    }
    let form = [("email", "rita@northgate.test"), ("password", PASSWORD)];
    let held = http(&two, "POST", "/sign-in", None, &form);
    assert_eq!(held.status, 429, "{}", held.body);

    // Cara signs in again on the other instance; signing out everywhere ends both sessions.
    let form = [("email", "Cara@Example.test"), ("password", PASSWORD)];
    let signed = http(&two, "POST", "/sign-in", None, &form);
    assert_eq!((signed.status, signed.location()), (303, "/"));
    let cara_two = signed.session();
    assert_eq!(
        http(&one, "GET", "/board", Some(&cara_two), &[]).status,
        200
    );
    let out = http(
        &one,
        "POST",
        "/sign-out",
        Some(cara),
        &[("everywhere", "yes")],
    );
    assert!(out.headers["set-cookie"].contains("Max-Age=0"));
    for at in [&one, &two] {
        for s in [cara, &cara_two] {
            assert_eq!(
                http(at, "GET", "/board", Some(s), &[]).location(),
                "/sign-in"
            );
        }
    }

    // A password reset by email: the same answer for an unknown email, and a link for hers.
    let unknown = http(
        &one,
        "POST",
        "/reset",
        None,
        &[("email", "nobody@example.test")],
    );
    let known = http(
        &two,
        "POST",
        "/reset",
        None,
        &[("email", "cara@example.test")],
    );
    assert_eq!(unknown.body, known.body);
    let reset = link(&smtp, "cara@example.test", "reset");
    let new_password = "another walk by the sea";
    let taken = http(&one, "POST", &reset, None, &[("password", new_password)]);
    assert_eq!((taken.status, taken.location()), (303, "/"));
    assert!(
        http(&two, "GET", "/board", Some(&taken.session()), &[])
            .body
            .contains("Harbour Lights")
    );
    let old = [("email", "cara@example.test"), ("password", PASSWORD)];
    assert_eq!(http(&two, "POST", "/sign-in", None, &old).status, 401);

    // Every email came from the agency's address, and none carried a password.
    let messages = smtp.messages();
    assert_eq!(messages.len(), 7, "6 invitations and 1 reset");
    for m in &messages {
        assert!(
            m["From"].as_str().unwrap().contains("followup@agency.test"),
            "{m}"
        );
    }
}

/// `migrate` moves a local job search into a candidate's account, and `export` from the
/// account gives back the same document: for the shared sample and a 10,000-application one.
#[test]
fn a_job_search_moves_into_an_account_and_comes_back_out_unchanged() {
    use followup_app::accounts::{self, Invitee, Limits};
    use jiff::SignedDuration;
    let (runtime, owner, app) = database();
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("10000.json");
    let python = std::env::var("FOLLOWUP_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = format!("{}/../../bench/generate.py", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(&python)
        .args([&script, "10000", "3"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&generated, out.stdout).unwrap();

    // The agency and its candidates, made as the admin would.
    let limits = Limits {
        per_account: 5,
        per_address: 20,
        window: SignedDuration::from_mins(15),
        session: SignedDuration::from_hours(12),
        invitation: SignedDuration::from_hours(72),
        reset: SignedDuration::from_hours(1),
    };
    let now = jiff::Timestamp::now();
    let agency = "Northgate Recruitment";
    runtime.block_on(async {
        let store = followup_store::PostgresStore::connect(&owner)
            .await
            .unwrap();
        store
            .grant(&followup_store::PostgresStore::role_of(&app).unwrap())
            .await
            .unwrap();
        let (admin, _) =
            accounts::found_agency(&store, agency, "ada@northgate.test", "Ada", now, &limits)
                .await
                .unwrap();
        let consultant = Invitee {
            role: followup_store::Role::Consultant,
            email: "rita@northgate.test",
            name: "Rita",
            consultant: None,
        };
        let (rita, _) = accounts::invite(&store, &admin, &consultant, now, &limits)
            .await
            .unwrap();
        for email in ["one@example.test", "ten@example.test"] {
            let candidate = Invitee {
                role: followup_store::Role::Candidate,
                email,
                name: "A Candidate",
                consultant: Some(&rita.id),
            };
            accounts::invite(&store, &admin, &candidate, now, &limits)
                .await
                .unwrap();
        }
    });

    for (file, email) in [
        (common::fixture_path("context.json"), "one@example.test"),
        (generated, "ten@example.test"),
    ] {
        let local = common::Followup::sqlite();
        local.ok(&["import", file.to_str().unwrap()]);
        let before = local.ok(&["export"]);
        // The user's own words go with the job search, into the account's rows.
        let config = local.dir.path().join("config");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("dictionary.txt"), "Harbourside\n").unwrap();
        let moved = local.ok(&[
            "migrate",
            "--to",
            &app,
            "--agency",
            agency,
            "--candidate",
            email,
        ]);
        assert!(
            moved.contains("reads back the same") && moved.contains("and 1 of your own files"),
            "{moved}"
        );
        // Into an empty account only: a second time changes nothing.
        let twice = local.fails(&[
            "migrate",
            "--to",
            &app,
            "--agency",
            agency,
            "--candidate",
            email,
        ]);
        assert!(twice.contains("already holds"), "{twice}");
        // Back out from the account, identical; and into a new machine, identical again.
        let account = common::Followup {
            dir: tempfile::tempdir().unwrap(),
            database: [
                "--database-url",
                &app,
                "--agency",
                agency,
                "--candidate",
                email,
            ]
            .map(String::from)
            .to_vec(),
        };
        let after = account.ok(&["export"]);
        assert!(
            before == after,
            "the export from the account differs ({})",
            file.display()
        );
        let back = common::Followup::sqlite();
        let exported = back.path("back.json");
        std::fs::write(&exported, &after).unwrap();
        back.ok(&["import", exported.to_str().unwrap()]);
        assert!(
            back.ok(&["export"]) == before,
            "the way back differs ({})",
            file.display()
        );
    }
    // The other agency's candidates, or nobody's: not found, and nothing read.
    let nobody = common::Followup {
        dir: tempfile::tempdir().unwrap(),
        database: [
            "--database-url",
            &app,
            "--agency",
            "Elsewhere",
            "--candidate",
            "one@example.test",
        ]
        .map(String::from)
        .to_vec(),
    };
    let refused = nobody.fails(&["export"]);
    assert!(refused.contains("has no candidate"), "{refused}");
}

/// The href of the first link on a page whose address starts with `prefix`, unescaped.
fn href(page: &str, prefix: &str) -> String {
    let escaped = prefix.replace('/', "&#x2f;");
    let start = page
        .find(&format!("href=\"{escaped}"))
        .unwrap_or_else(|| panic!("no link to {prefix}… in {page}"))
        + "href=\"".len();
    page[start..]
        .split('"')
        .next()
        .unwrap()
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// An agency with a consultant (Rita) and `candidates` candidates of hers, each with the shared
/// sample job search and a session: the admin's session, Rita's, Sam's (another consultant),
/// and the candidates' (email, session, account id).
struct Agency {
    rita: String,
    sam: String,
    candidates: Vec<(String, String, String)>,
}

/// Founds the agency (its tables and its admin, whose invitation goes out).
fn found(dir: &Path, file: &Path, owner: &str) {
    let out = followup(dir)
        .args(["agency", "found", "--config"])
        .arg(file)
        .args(["--owner-url", owner, "--name", "Northgate Recruitment"])
        .args(["--admin", "ada@northgate.test", "--admin-name", "Ada Admin"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn agency_with(app: &str, smtp: &SmtpServer, at: &Instance, candidates: usize) -> Agency {
    let take = |email: &str| {
        let taken = http(
            at,
            "POST",
            &link(smtp, email, "invitation"),
            None,
            &[("password", PASSWORD)],
        );
        assert_eq!(taken.status, 303, "{}", taken.body);
        taken.session()
    };
    let ada = take("ada@northgate.test");
    for (name, email) in [
        ("Rita Consultant", "rita@northgate.test"),
        ("Sam Consultant", "sam@northgate.test"),
    ] {
        let form = [("role", "consultant"), ("name", name), ("email", email)];
        assert_eq!(http(at, "POST", "/people", Some(&ada), &form).status, 200);
    }
    let (rita, sam) = (take("rita@northgate.test"), take("sam@northgate.test"));
    let rita_id = id_of(
        &http(at, "GET", "/people", Some(&ada), &[]).body,
        "Rita Consultant",
    );
    let mut people = Vec::new();
    for n in 0..candidates {
        let (name, email) = (format!("Candidate {n}"), format!("c{n}@example.test"));
        let form = [
            ("role", "candidate"),
            ("name", name.as_str()),
            ("email", email.as_str()),
            ("consultant", rita_id.as_str()),
        ];
        assert_eq!(http(at, "POST", "/people", Some(&ada), &form).status, 200);
        let session = take(&email);
        let theirs = common::Followup {
            dir: tempfile::tempdir().unwrap(),
            database: [
                "--database-url",
                app,
                "--agency",
                "Northgate Recruitment",
                "--candidate",
                &email,
            ]
            .map(String::from)
            .to_vec(),
        };
        theirs.ok(&[
            "import",
            common::fixture_path("context.json").to_str().unwrap(),
        ]);
        let id = row_id(&http(at, "GET", "/people", Some(&ada), &[]).body, &name);
        people.push((email, session, id));
    }
    Agency {
        rita,
        sam,
        candidates: people,
    }
}

/// A thank-you to an interviewer of the sample's Northwind application, submitted in the web
/// app: it waits for the consultant.
fn submit(at: &Instance, session: &str, to: &str, body: &str) -> Answer {
    http(
        at,
        "POST",
        "/letters/send",
        Some(session),
        &[
            ("action", "thank_you"),
            ("application", "northwind-pm"),
            ("to", to),
            ("subject", "Thank you for Thursday"),
            ("body", body),
            ("force", "yes"),
        ],
    )
}

#[test]
fn a_letter_goes_through_the_consultant_once_and_nothing_is_lost_when_an_instance_dies() {
    let (runtime, owner, app) = database();
    let dir = tempfile::tempdir().unwrap();
    // Each message takes a while to arrive, so that an instance can die in the middle of a batch.
    let smtp = SmtpServer::start(dir.path().join("mail"), &["--delay-data", "0.25"]);
    let file = config(dir.path(), &app, smtp.port);
    found(dir.path(), &file, &owner);
    let mut one = Instance::start(&file, dir.path());
    let two = Instance::start(&file, dir.path());
    let agency = agency_with(&app, &smtp, &one, 6);
    let (rita, sam) = (&agency.rita, &agency.sam);
    let (_, cara, cara_id) = &agency.candidates[0];
    let invitations = smtp.received().len();

    // The candidate submits a thank-you: it waits for Rita, and a second is refused.
    let draft = "Dear Dana,\n\nThank you for your time on Thursday. [mention the roadmap]\n\n\
                 Kind regards,\nAlex Morgan";
    let submitted = submit(&one, cara, "dana@northwind.example", draft);
    assert_eq!(submitted.status, 303, "{}", submitted.body);
    let told = http(&two, "GET", submitted.location(), Some(cara), &[]).body;
    assert!(told.contains("your consultant reviews it"), "{told}");
    let again = submit(&two, cara, "dana@northwind.example", draft);
    assert_eq!(again.status, 409, "{}", again.body);
    let mine = http(&two, "GET", "/applications/northwind-pm", Some(cara), &[]).body;
    assert!(mine.contains("waiting for your consultant"), "{mine}");
    // Rita's day lists it, a click from the letter with the checks' findings.
    let day = http(&two, "GET", "/candidates", Some(rita), &[]).body;
    assert!(day.contains("Letters waiting to be forwarded"), "{day}");
    let letter = href(&day, &format!("/candidates/{cara_id}/letters/"));
    let page = http(&one, "GET", &letter, Some(rita), &[]).body;
    assert!(
        page.contains("placeholder") && page.contains("Forward to Northwind"),
        "{page}"
    );
    // Nobody else reaches it: another consultant, the candidate herself, nobody.
    for who in [Some(sam.as_str()), Some(cara.as_str()), None] {
        let seen = http(&two, "GET", &letter, who, &[]);
        assert!(matches!(seen.status, 303 | 404), "{}", seen.body);
        assert!(!seen.body.contains("Dear Dana"));
        let forwarded = http(&one, "POST", &format!("{letter}/forward"), who, &[]);
        assert!(matches!(forwarded.status, 303 | 404), "{}", forwarded.body);
        assert_ne!(forwarded.location(), letter);
    }
    // Forwarded with its placeholder, the checks refuse it, and it still waits.
    let refused = http(
        &two,
        "POST",
        &format!("{letter}/forward"),
        Some(rita),
        &[(
            "letter",
            &format!("Subject: Thank you for Thursday\n\n{draft}"),
        )],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("placeholder"), "{}", refused.body);
    // Rita mends it and forwards it, with a double click on both instances: it goes once.
    let mended = "Subject: Thank you for Thursday\n\nDear Dana,\n\nThank you for your time on \
                  Thursday. I enjoyed talking through the roadmap.\n\nKind regards,\nAlex Morgan";
    let form = [("letter", mended), ("force", "yes")];
    let path = format!("{letter}/forward");
    once_of_two(&one, &two, &path, rita, &form);
    common::wait_for("the forwarded letter", || {
        smtp.received().len() > invitations
    });
    std::thread::sleep(std::time::Duration::from_secs(1));
    let messages = smtp.messages();
    let forwarded: Vec<_> = messages
        .iter()
        .filter(|m| {
            m["To"]
                .as_str()
                .unwrap_or("")
                .contains("dana@northwind.example")
        })
        .collect();
    assert_eq!(forwarded.len(), 1, "{messages:?}");
    let m = forwarded[0];
    assert!(
        m["From"].as_str().unwrap().contains("followup@agency.test"),
        "{m}"
    );
    assert!(
        m["From"]
            .as_str()
            .unwrap()
            .contains("Rita Consultant (Northgate Recruitment)"),
        "{m}"
    );
    assert!(
        m["Reply-To"]
            .as_str()
            .unwrap()
            .contains("rita@northgate.test"),
        "{m}"
    );
    let text = m["text"].as_str().unwrap();
    assert!(
        text.contains("talking through the roadmap") && !text.contains("[mention"),
        "{m}"
    );
    let docx = &m["attachments"][0];
    assert!(
        docx["filename"].as_str().unwrap().ends_with(".docx")
            && docx["docx_text"]
                .as_str()
                .unwrap()
                .contains("talking through the roadmap"),
        "{m}"
    );
    // The candidate sees it went, and what Rita changed; Rita sees it forwarded.
    let mine = http(&one, "GET", "/applications/northwind-pm", Some(cara), &[]).body;
    assert!(
        mine.contains("Forwarded") && mine.contains("by Rita Consultant"),
        "{mine}"
    );
    assert!(
        mine.contains("<del>Thank you for your time on Thursday. [mention the roadmap]</del>")
            && mine.contains("<ins>Thank you for your time on Thursday. I enjoyed talking through the roadmap.</ins>"),
        "{mine}"
    );
    let hers = http(&two, "GET", &letter, Some(rita), &[]).body;
    assert!(
        hers.contains("Forwarded") && !hers.contains("<textarea"),
        "{hers}"
    );
    let day = http(&one, "GET", "/candidates", Some(rita), &[]).body;
    assert!(day.contains("No letter waits for you."), "{day}");
    // Her insights count the letter forwarded within the day; Sam's do not.
    let insights = http(&two, "GET", "/candidates/insights", Some(rita), &[]).body;
    assert!(
        insights.contains(
            "Letters submitted: 1. Forwarded within 24 hours: 1; later: 0; still waiting: 0."
        ),
        "{insights}"
    );
    let his = http(&one, "GET", "/candidates/insights", Some(sam), &[]).body;
    assert!(his.contains("Letters submitted: 0."), "{his}");

    // A second letter, to Luis, withdrawn before Rita forwards it: it will not go, and a
    // second withdrawal finds it withdrawn.
    let luis = "Dear Luis,\n\nThank you for your time on Thursday.\n\nKind regards,\nAlex Morgan";
    assert_eq!(
        submit(&two, cara, "luis@northwind.example", luis).status,
        303
    );
    let mine = http(&one, "GET", "/applications/northwind-pm", Some(cara), &[]).body;
    let start = mine
        .find("name=\"message\" value=\"")
        .expect("a letter to withdraw")
        + 22;
    let luis_id = mine[start..].split('"').next().unwrap().to_string();
    let form = [("message", luis_id.as_str())];
    let withdrawn = http(
        &two,
        "POST",
        "/applications/northwind-pm/withdraw",
        Some(cara),
        &form,
    );
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.body);
    let again = http(
        &one,
        "POST",
        "/applications/northwind-pm/withdraw",
        Some(cara),
        &form,
    );
    assert_eq!(again.status, 409, "{}", again.body);
    let day = http(&one, "GET", "/candidates", Some(rita), &[]).body;
    assert!(day.contains("No letter waits for you."), "{day}");

    // The daily reminder: Cara turns it on; a zone that is not one is refused.
    let bad = http(
        &one,
        "POST",
        "/account/reminder",
        Some(cara),
        &[("on", "yes"), ("zone", "Mars/Olympus")],
    );
    assert_eq!(bad.status, 422, "{}", bad.body);
    // A batch of reminders and forwarded letters, and an instance that dies in the middle.
    drop(two);
    for (n, (_, session, _)) in agency.candidates.iter().enumerate() {
        let on = http(
            &one,
            "POST",
            "/account/reminder",
            Some(session),
            &[("on", "yes"), ("zone", "Europe/London")],
        );
        assert!(on.body.contains("at 08:00"), "{}", on.body);
        if n > 0 {
            let body =
                "Dear Dana,\n\nThank you for your time on Thursday.\n\nKind regards,\nAlex Morgan";
            assert_eq!(
                submit(&one, session, "dana@northwind.example", body).status,
                303
            );
        }
    }
    let before = smtp.received().len();
    // The reminders' time has come.
    runtime.block_on(followup_store::testing::owner_execute(
        &owner,
        "UPDATE accounts SET next_reminder_utc = 0 WHERE reminder_zone IS NOT NULL",
    ));
    let day = http(&one, "GET", "/candidates", Some(rita), &[]).body;
    for (_, _, id) in &agency.candidates[1..] {
        let letter = href(&day, &format!("/candidates/{id}/letters/"));
        let form = [("letter", ""), ("force", "yes")];
        let done = http(
            &one,
            "POST",
            &format!("{letter}/forward"),
            Some(rita),
            &form,
        );
        assert_eq!(done.status, 303, "{}", done.body);
    }
    common::wait_for("the batch to begin", || smtp.received().len() >= before + 2);
    one.child.kill().unwrap();
    one.child.wait().unwrap();
    let cut = smtp.received().len();
    let _again = Instance::start(&file, dir.path());
    let two = Instance::start(&file, dir.path());
    let kept = "SELECT id, state FROM messages WHERE id LIKE 'followup.reminder.%' \
                OR letter LIKE '%\"forwarded\"%' ORDER BY id";
    let rows = || runtime.block_on(followup_store::testing::owner_rows(&owner, kept));
    common::wait_for("every message of the batch", || {
        rows()
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] != "queued")
    });
    // Whatever was left `sending` at the kill is for the user to resolve (it becomes
    // uncertain after the lease): it arrived at most once. Everything else arrived once.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let arrived = smtp.received();
    let rows = rows();
    let rows = rows.as_array().unwrap();
    let reminders = rows
        .iter()
        .filter(|r| r["id"].as_str().unwrap().starts_with("followup.reminder."))
        .count();
    assert_eq!(
        reminders,
        agency.candidates.len(),
        "one reminder each: {rows:?}"
    );
    assert_eq!(rows.len(), 2 * agency.candidates.len(), "{rows:?}");
    let mut cut_off = 0;
    for r in rows {
        let id = r["id"].as_str().unwrap();
        let times = arrived
            .iter()
            .filter(|a| a.trim_matches(['<', '>']) == id)
            .count();
        match r["state"].as_str().unwrap() {
            "sent" => assert_eq!(times, 1, "{id} arrived {times} times"),
            "sending" | "uncertain" => {
                cut_off += 1;
                assert!(times <= 1, "{id} arrived {times} times");
            }
            state => panic!("{id} is {state}"),
        }
    }
    assert!(
        cut_off <= 1,
        "only the message in hand when it died: {rows:?}"
    );
    assert!(
        cut > before && cut < before + rows.len() - 1,
        "the kill fell in the batch"
    );
    // Another round changes nothing: no reminder twice in a day.
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert_eq!(smtp.received().len(), arrived.len());
    let reminder = smtp
        .messages()
        .into_iter()
        .find(|m| m["Subject"].as_str().unwrap_or("").starts_with("followup:"))
        .expect("a reminder arrived");
    assert!(
        reminder["text"]
            .as_str()
            .unwrap()
            .contains("Today, at http://agency.test/, shows them."),
        "{reminder}"
    );
    drop(two);
}
