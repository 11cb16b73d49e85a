//! A resident proofreader, so that `followup check` starts in milliseconds: harper-core takes
//! most of a second to build its dictionary and rules, and a person checks letter after letter.
//!
//! The first check proofreads in its own process and starts `followup proofreader serve` in the
//! background; later checks send the letter over a Unix socket in a folder only the user can
//! open, and fall back to proofreading themselves if the answer does not come. The server
//! answers only a client of the same build, keeps nothing, logs nothing, and leaves after
//! ten idle minutes. `FOLLOWUP_PROOFREADER=local` turns it off.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use followup_core::Language;
use followup_core::check::{Finding, Letter, Proofreader, RULES, Severity};
use followup_language::Harper;
use serde::{Deserialize, Serialize};

/// How long the server waits for work before it leaves.
const IDLE: Duration = Duration::from_secs(600);
/// How long a client waits for an answer before proofreading itself.
const PATIENCE: Duration = Duration::from_secs(5);

#[derive(Serialize, Deserialize)]
struct Request {
    build: String,
    language: String,
    known: Vec<String>,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct Answer {
    findings: Vec<WireFinding>,
}

#[derive(Serialize, Deserialize)]
struct WireFinding {
    rule: String,
    severity: Severity,
    message: String,
    span: Option<(usize, usize)>,
}

/// The socket, in a folder of the data directory that only its owner may open.
fn socket(data_dir: &Path) -> io::Result<PathBuf> {
    let dir = data_dir.join("run");
    let named = |what: &'static str| {
        let dir = dir.display().to_string();
        move |e: io::Error| io::Error::new(e.kind(), format!("cannot {what} {dir}: {e}"))
    };
    std::fs::create_dir_all(&dir).map_err(named("create"))?;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
        .map_err(named("make private"))?;
    Ok(dir.join("proofreader.sock"))
}

/// This build: a server answers only the binary that started it.
fn build_id() -> String {
    let exe = std::env::current_exe().ok();
    let stamp = exe
        .and_then(|e| std::fs::metadata(e).ok())
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .unwrap_or_default();
            format!("{}-{}", m.len(), modified.as_nanos())
        })
        .unwrap_or_default();
    format!("{}-{stamp}", env!("CARGO_PKG_VERSION"))
}

/// The proofreader `followup check` uses: the resident one when it answers, else its own.
pub struct Resident {
    socket: Option<PathBuf>,
    /// `FOLLOWUP_PROOFREADER=resident`: the resident one or nothing (for the tests).
    only_resident: bool,
    local: Harper,
    started: std::cell::Cell<bool>,
}

impl Resident {
    pub fn new(data_dir: Option<&Path>) -> Resident {
        let mode = std::env::var("FOLLOWUP_PROOFREADER").unwrap_or_default();
        Resident {
            socket: data_dir
                .filter(|_| mode != "local")
                .and_then(|d| socket(d).ok()),
            only_resident: mode == "resident",
            local: Harper::new(),
            started: std::cell::Cell::new(false),
        }
    }

    fn ask(
        &self,
        socket: &Path,
        letter: &Letter,
        language: Language,
        known: &[String],
    ) -> io::Result<Vec<Finding>> {
        let mut stream = UnixStream::connect(socket)?;
        stream.set_read_timeout(Some(PATIENCE))?;
        stream.set_write_timeout(Some(PATIENCE))?;
        let request = Request {
            build: build_id(),
            language: language.as_str().to_string(),
            known: known.to_vec(),
            text: letter.text().to_string(),
        };
        serde_json::to_writer(&mut stream, &request)?;
        stream.write_all(b"\n")?;
        stream.shutdown(std::net::Shutdown::Write)?;
        let mut reply = String::new();
        stream.read_to_string(&mut reply)?;
        let answer: Answer = serde_json::from_str(&reply)?;
        Ok(answer
            .findings
            .into_iter()
            .filter_map(|f| {
                let rule = RULES.iter().find(|r| **r == f.rule)?;
                Some(Finding::new(rule, f.severity, f.message, f.span))
            })
            .collect())
    }

    /// Starts the server in the background, in a process group of its own so that a ^C at
    /// the terminal does not reach it.
    fn start(&self) {
        use std::os::unix::process::CommandExt;
        if self.started.replace(true) {
            return;
        }
        if let Ok(exe) = std::env::current_exe() {
            let _ = std::process::Command::new(exe)
                .args(["proofreader", "serve"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .process_group(0)
                .spawn();
        }
    }
}

impl Proofreader for Resident {
    fn proofread(&self, letter: &Letter, language: Language, known: &[String]) -> Vec<Finding> {
        if let Some(socket) = &self.socket {
            match self.ask(socket, letter, language, known) {
                Ok(findings) => return findings,
                Err(e) if self.only_resident => {
                    panic!("the resident proofreader did not answer: {e}")
                }
                Err(_) => self.start(),
            }
        }
        self.local.proofread(letter, language, known)
    }
}

/// Stops the resident proofreader, if one runs.
pub fn stop(data_dir: &Path) -> io::Result<()> {
    let socket = socket(data_dir)?;
    if let Ok(mut stream) = UnixStream::connect(&socket) {
        stream.write_all(b"stop\n")?;
    }
    let _ = std::fs::remove_file(&socket);
    Ok(())
}

/// Runs the resident proofreader until it is stopped, a newer build asks, or ten idle minutes.
pub fn serve(data_dir: &Path) -> io::Result<()> {
    let socket = &socket(data_dir)?;
    // One server at a time: a socket that answers belongs to a live one.
    if UnixStream::connect(socket).is_ok() {
        return Ok(());
    }
    let _ = std::fs::remove_file(socket);
    let listener = UnixListener::bind(socket).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot listen on {}: {e}", socket.display()),
        )
    })?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600))?;
    let harper = Harper::new();
    // Build the rules for the user's likely English before the first letter comes.
    let warm = Letter::new("Subject: Hello\n\nHello.\n");
    harper.proofread(&warm, Language::EnGb, &[]);

    let last = Arc::new(AtomicU64::new(now()));
    let watch = Arc::clone(&last);
    let path = socket.to_path_buf();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(5));
            if now().saturating_sub(watch.load(Ordering::Relaxed)) > IDLE.as_secs() {
                let _ = std::fs::remove_file(&path);
                std::process::exit(0);
            }
        }
    });
    let build = build_id();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        last.store(now(), Ordering::Relaxed);
        let _ = stream.set_read_timeout(Some(PATIENCE));
        let mut reader = BufReader::new(&stream);
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() {
            continue;
        }
        if line.trim() == "stop" {
            let _ = std::fs::remove_file(socket);
            return Ok(());
        }
        let Ok(request) = serde_json::from_str::<Request>(&line) else {
            continue;
        };
        if request.build != build {
            // A newer followup: it starts its own server once this one is gone.
            let _ = std::fs::remove_file(socket);
            return Ok(());
        }
        let language = Language::parse(&request.language).unwrap_or_default();
        let findings = harper
            .proofread(&Letter::new(&request.text), language, &request.known)
            .into_iter()
            .map(|f| WireFinding {
                rule: f.rule.to_string(),
                severity: f.severity,
                message: f.message,
                span: f.span,
            })
            .collect();
        let mut writer = &stream;
        let _ = serde_json::to_writer(&mut writer, &Answer { findings });
    }
    Ok(())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
