#!/usr/bin/env python3
"""Sends N queued letters through followup to the test SMTP server and proves each arrived
exactly once. Called by bench/run-send.

The letters are queued the way an import brings them (one application, N messages in the
`queued` state), so the figure is the outbox worker's: take a letter (committed as `sending`),
hand it to the server, record its acceptance (committed as `sent`), one after another.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-11-19T12:00:00+00:00"


def document(n):
    me = {"name": "Alex Morgan", "email": "alex.morgan@example.org"}
    messages = [
        {
            "id": f"bench-{i}@example.org",
            "queued_at": NOW,
            "from": me,
            "to": {"name": "Anna Kowalski", "email": "anna.kowalski@contoso.example"},
            "subject": f"Letter {i}",
            "body": "Dear Anna,\n\nThank you for meeting me on Tuesday. " * 3 + f"\n\n({i})\n\nKind regards,\nAlex Morgan\n",
            "state": "queued",
        }
        for i in range(n)
    ]
    return {
        "followup": 1,
        "profile": {"name": me["name"], "email": me["email"], "timezone": "Europe/London"},
        "applications": [
            {"key": "contoso-dev", "company": "Contoso", "role": "Backend Engineer", "interviews": [], "messages": messages}
        ],
    }


def run(binary, database, args, env):
    done = subprocess.run([binary, *database, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"followup {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def main():
    binary, n = sys.argv[1], int(sys.argv[2])
    work = tempfile.mkdtemp(prefix="followup-send-bench.")
    search = os.path.join(work, "queued.json")
    with open(search, "w") as out:
        json.dump(document(n), out)
    env = dict(os.environ, FOLLOWUP_DATA_DIR=work, FOLLOWUP_CONFIG_DIR=work)
    env.pop("FOLLOWUP_DATABASE_URL", None)
    admin = os.environ["FOLLOWUP_TEST_POSTGRES_URL"]
    subprocess.run(["psql", "-q", admin, "-c", "CREATE DATABASE followup_send_bench"], check=True)
    backends = {
        "sqlite": ["--db", os.path.join(work, "followup.db")],
        "postgres": ["--database-url", admin.rsplit("/", 1)[0] + "/followup_send_bench"],
    }
    print(f"{n} queued letters, each about {len(document(1)['applications'][0]['messages'][0]['body'])} characters, one worker, one connection")
    for name, database in backends.items():
        mail = os.path.join(work, f"mail-{name}")
        os.makedirs(mail)
        server = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(HERE, "..", "tests", "smtp_server.py"), "--dir", mail, "--no-store"],
            stdout=subprocess.PIPE, text=True,
        )
        try:
            port = int(server.stdout.readline().split()[1])
            run(binary, database, ["import", search], env)
            run(binary, database, ["mail", "--host", "127.0.0.1", "--port", str(port), "--security", "off"], env)
            start = time.perf_counter()
            run(binary, database, ["--now", NOW, "outbox", "send"], env)
            elapsed = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()
        with open(os.path.join(mail, "received.log")) as log:
            arrived = collections.Counter(line.split("\t")[0] for line in log)
        expected = {f"<bench-{i}@example.org>" for i in range(n)}
        twice = [m for m, c in arrived.items() if c > 1]
        missing = expected - set(arrived)
        stray = set(arrived) - expected
        listed = json.loads(run(binary, database, ["--json", "outbox", "list", "--all"], env))["messages"]
        states = collections.Counter(m["state"] for m in listed)
        print(
            f"{name:9} {n / elapsed:8.0f} letters/s  ({elapsed:.2f} s)   arrived {sum(arrived.values())}, "
            f"distinct {len(arrived)}, twice {len(twice)}, missing {len(missing)}, stray {len(stray)}; "
            f"states {dict(states)}"
        )
        if twice or missing or stray or states.get("sent") != n:
            sys.exit(f"{name}: not exactly once")


if __name__ == "__main__":
    main()
