//! What the end-to-end tests share: one user's followup (a data directory and a database of
//! its own) driving the real binary, and a story told to both backends.

#![allow(dead_code, unused_macros)] // Each test file uses its own part.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}/../../tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
}

/// One user's followup: a data directory and a database of its own.
pub struct Followup {
    pub dir: tempfile::TempDir,
    pub database: Vec<String>,
}

impl Followup {
    pub fn sqlite() -> Followup {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("followup.db").display().to_string();
        Followup {
            dir,
            database: vec!["--db".into(), db],
        }
    }

    pub fn postgres() -> Followup {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let url = runtime.block_on(followup_store::testing::fresh_postgres());
        Followup {
            dir: tempfile::tempdir().unwrap(),
            database: vec!["--database-url".into(), url],
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_followup"));
        command
            .args(&self.database)
            .args(args)
            .env("FOLLOWUP_DATA_DIR", self.dir.path().join("data"))
            .env("FOLLOWUP_CONFIG_DIR", self.dir.path().join("config"))
            // Each check proofreads itself; one test runs the resident proofreader on purpose.
            .env("FOLLOWUP_PROOFREADER", "local")
            .env_remove("FOLLOWUP_DATABASE_URL")
            .env("EDITOR", "false")
            .env_remove("VISUAL")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Runs a command that must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "followup {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; its error message.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "followup {args:?} should have failed"
        );
        assert!(out.stdout.is_empty(), "a failed command printed data");
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }
}

/// Waits (a minute at most) until `done` says so.
pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !done() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "waited a minute for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A shell script to stand in for the user's editor: `body` runs with the page's path as `$1`.
#[cfg(unix)]
pub fn editor_script(dir: &std::path::Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            #[test]
            fn sqlite() {
                super::$story(super::Followup::sqlite());
            }

            #[test]
            pub fn postgres() {
                super::$story(super::Followup::postgres());
            }
        }
    };
}

/// Runs a checker script of tests/ with the Python that has what it needs.
pub fn python(script: &str, args: &[&std::path::Path]) -> String {
    let python = std::env::var("FOLLOWUP_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
    let path = format!("{}/../../tests/{script}", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(&python)
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        out.status.success(),
        "{script}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A real SMTP server (tests/smtp_server.py, on aiosmtpd) in a process of its own, on a
/// loopback port; stopped when dropped. What it accepts lands in `dir`.
pub struct SmtpServer {
    pub dir: PathBuf,
    pub port: u16,
    options: Vec<String>,
    child: Option<std::process::Child>,
}

impl SmtpServer {
    pub fn start(dir: PathBuf, options: &[&str]) -> SmtpServer {
        let mut server = SmtpServer {
            dir,
            port: 0,
            options: options.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        server.run();
        server
    }

    fn run(&mut self) {
        use std::io::BufRead as _;
        let python = std::env::var("FOLLOWUP_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let script = format!("{}/../../tests/smtp_server.py", env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new(&python)
            .arg(&script)
            .arg("--dir")
            .arg(&self.dir)
            .arg("--port")
            .arg(self.port.to_string())
            .args(&self.options)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the test SMTP server with {python}: {e}"));
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .strip_prefix("ready ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| {
                panic!(
                    "the test SMTP server did not start (is python3-aiosmtpd installed for {python}?): {line:?}"
                )
            });
        self.port = port;
        self.child = Some(child);
    }

    /// Stops the server (SIGTERM), as an administrator would.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port.
    pub fn restart(&mut self) {
        self.stop();
        self.run();
    }

    /// The Message-IDs of what arrived, in order (from received.log).
    pub fn received(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("received.log"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    }

    /// Every message that arrived, as Python's `email` package reads it.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        match serde_json::from_str(&python("eml_check.py", &[&self.dir])).unwrap() {
            serde_json::Value::Array(list) => list,
            other => panic!("eml_check.py printed {other}"),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `followup serve` on a free port, stopped when dropped.
pub struct Server {
    pub address: String,
    child: std::process::Child,
}

impl Server {
    pub fn start(f: &Followup, now: &str) -> Server {
        let mut child = f
            .command(&["--now", now, "serve", "--listen", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        use std::io::BufRead;
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("serve printed {line:?}"))
            .to_string();
        Server { child, address }
    }

    /// One HTTP/1.1 request with these header lines; the whole answer, head and body.
    pub fn raw(&self, method: &str, path: &str, headers: &[&str]) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        for h in headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// One HTTP/1.1 request; the status and the body.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, String) {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.address).unwrap();
        let body = body.map(serde_json::Value::to_string).unwrap_or_default();
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"));
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
