"""An agency at scale on PostgreSQL, and wrk against it; see bench/run-agency-scale.

Builds the agency as `followup agency found` and the app would: one candidate's job search is
imported through `followup` (a generated search of APPS applications, one interview each), then
copied, as rows with their ids moved on, into every other candidate's search (the plans and
open actions with them, as the import derived them). Consultants and candidates are accounts
as an invitation makes them; each signed-in session is a token kept as its SHA-256, as a
sign-in keeps it. Then wrk, at 100 connections, asks for consultants' days and candidates'
Today, on one instance and on two, each request signed in as one of many people.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

from serve import memory

PASSWORD = "app-password"
# The people wrk signs in as: so many consultants (each with a hundred candidates by default)
# and candidates, each with a session.
CONSULTANT_SESSIONS = 200
CANDIDATE_SESSIONS = 2000


def psql(url, sql, *args):
    done = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, *args],
                          input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"psql failed: {done.stderr}\n{sql[:2000]}")
    return done.stdout.strip()


def cpu_seconds(pids):
    """User and system CPU seconds of these processes so far."""
    total = 0
    for pid in pids:
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU seconds the whole machine has been busy (not idle), from /proc/stat."""
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def copy_sql(template, first, count, span):
    """Copies the template search into searches first..first+count-1 (ids moved by k * span, k
    the search's distance from the template)."""
    k = f"(g - {template})"  # the search's place after the template: ids never meet
    moved = lambda col: f"'{col}', t.{col} + {k} * {span}"
    def copy(table, *cols):
        fields = ", ".join([f"'search_id', g", *[moved(c) for c in cols]])
        return (f"INSERT INTO {table} SELECT (jsonb_populate_record(t, jsonb_build_object({fields}))).* "
                f"FROM {table} t, generate_series({first}, {first + count - 1}) g WHERE t.search_id = {template};")
    return "\n".join([
        f"INSERT INTO searches (id, created_at, agency_id) SELECT g, created_at, agency_id FROM searches, "
        f"generate_series({first}, {first + count - 1}) g WHERE id = {template};",
        f"INSERT INTO revision (search_id, n) SELECT g, 0 FROM generate_series({first}, {first + count - 1}) g;",
        copy("profile"),
        copy("people", "id"),
        # An application's consultant is one of its search's people (NULL stays NULL).
        copy("applications", "id", "consultant_id"),
        copy("interviews", "id", "application_id"),
        copy("interviewers", "interview_id", "person_id"),
        copy("debriefs", "interview_id"),
        copy("events", "id", "application_id"),
        copy("done", "id", "application_id"),
        copy("actions", "application_id"),
        copy("messages", "application_id"),
    ])


def wrk(url, seconds, connections, lua):
    out = subprocess.run(["/usr/bin/time", "-f", "wrk cpu %U %S", "wrk", "-t2", f"-c{connections}", f"-d{seconds}s",
                          "--latency", "-s", lua, url], capture_output=True, text=True, check=True)
    text = out.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    latency = {p: re.search(rf"^\s+{p}%\s+([\d.]+\w+)", text, re.M).group(1) for p in ("50", "90", "99")}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    user, system = map(float, re.search(r"wrk cpu ([\d.]+) ([\d.]+)", out.stderr).groups())
    return rate, latency, int(errors.group(1)) if errors else 0, user + system


def main():
    binary, consultants, candidates, apps, seconds = sys.argv[1], *map(int, sys.argv[2:6])
    here = os.path.dirname(os.path.abspath(__file__))
    admin = os.environ["FOLLOWUP_TEST_POSTGRES_URL"]
    work = tempfile.mkdtemp(prefix="followup-agency-bench.")
    base = admin.rsplit("/", 1)[0]
    owner = base + "/followup_agency_bench"
    psql(admin, "CREATE DATABASE followup_agency_bench; "
                f"CREATE ROLE followup_bench_app LOGIN PASSWORD '{PASSWORD}' NOSUPERUSER NOBYPASSRLS;")
    scheme, rest = base.split("://")
    place = rest.split("@", 1)[1]
    app = f"{scheme}://followup_bench_app:{PASSWORD}@{place}/followup_agency_bench"
    python = os.environ.get("FOLLOWUP_TEST_PYTHON", "python3")  # the one with aiosmtpd, as for the tests
    smtp = subprocess.Popen([python, os.path.join(here, "..", "tests", "smtp_server.py"), "--dir",
                             os.path.join(work, "mail"), "--no-store"], stdout=subprocess.PIPE, text=True)
    port = int(smtp.stdout.readline().split()[1])
    config = os.path.join(work, "agency.toml")
    with open(config, "w") as f:
        f.write(f'[database]\nurl = "{app}"\n[web]\npublic_url = "http://agency.test"\nlisten = "127.0.0.1:0"\n'
                f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "off"\nfrom = "followup@agency.test"\n')
    env = dict(os.environ, FOLLOWUP_DATA_DIR=os.path.join(work, "data"), FOLLOWUP_CONFIG_DIR=os.path.join(work, "config"),
               FOLLOWUP_PROOFREADER="local")
    env.pop("FOLLOWUP_DATABASE_URL", None)
    search = os.path.join(work, "search.json")
    # The latest APPS of a larger generated search: a candidate's recent applications, some
    # still in play.
    document = json.loads(subprocess.run([sys.executable, os.path.join(here, "generate.py"), str(apps * 20), "1"],
                                         capture_output=True, text=True, check=True).stdout)
    document["applications"] = sorted(document["applications"], key=lambda a: a["applied_on"])[-apps:]
    generated = json.dumps(document)
    # generate.py writes a search as it stands on 22 November 2026: moved to today, so that
    # its recent applications are in play now, with their actions open.
    shift = datetime.date.today() - datetime.date(2026, 11, 22)
    moved = re.sub(r"\b(\d{4})-(\d{2})-(\d{2})\b",
                   lambda m: (datetime.date(*map(int, m.groups())) + shift).isoformat(), generated)
    with open(search, "w") as out:
        out.write(moved)
    instances = []
    try:
        started = time.perf_counter()
        subprocess.run([binary, "agency", "found", "--config", config, "--owner-url", owner, "--name", "Bench Agency",
                        "--admin", "admin@bench.test", "--admin-name", "Ada Admin"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        # The consultants, and the first candidate with the template search, as an invitation
        # and its import make them.
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        psql(owner, f"""
            INSERT INTO accounts (id, agency_id, email, name, role, created_at, password)
              SELECT 'consultant-' || i, 1, 'consultant' || i || '@bench.test', 'Consultant ' || i, 'consultant',
                     '{now}', 'none' FROM generate_series(0, {consultants - 1}) i;
            INSERT INTO searches (created_at, agency_id) VALUES ('{now}', 1);
            INSERT INTO revision (search_id, n) SELECT max(id), 0 FROM searches;
            INSERT INTO accounts (id, agency_id, email, name, role, consultant_id, search_id, created_at, password)
              SELECT 'candidate-0', 1, 'candidate0@bench.test', 'Candidate 0', 'candidate', 'consultant-0',
                     max(id), '{now}', 'none' FROM searches;""")
        template = int(psql(owner, "SELECT search_id FROM accounts WHERE id = 'candidate-0'"))
        subprocess.run([binary, "--database-url", owner, "--agency", "Bench Agency", "--candidate",
                        "candidate0@bench.test", "import", search], env=env, check=True, stdout=subprocess.DEVNULL)
        span = int(psql(owner, "SELECT greatest((SELECT max(id) FROM people), (SELECT max(id) FROM applications), "
                               "(SELECT max(id) FROM interviews), (SELECT max(id) FROM events), "
                               "(SELECT coalesce(max(id), 0) FROM done)) + 1"))
        imported = time.perf_counter() - started
        # Every other candidate's search: copies of the template, 10,000 searches a statement.
        first = template + 1
        left = candidates - 1
        while left > 0:
            n = min(10_000, left)
            psql(owner, copy_sql(template, first, n, span))
            first += n
            left -= n
        psql(owner, f"""
            INSERT INTO accounts (id, agency_id, email, name, role, consultant_id, search_id, created_at, password)
              SELECT 'candidate-' || k, 1, 'candidate' || k || '@bench.test', 'Candidate ' || k, 'candidate',
                     'consultant-' || (k % {consultants}), {template} + k, '{now}', 'none'
              FROM generate_series(1, {candidates - 1}) k;
            SELECT setval(pg_get_serial_sequence('searches', 'id'), (SELECT max(id) FROM searches));
            SELECT setval(pg_get_serial_sequence('applications', 'id'), (SELECT max(id) FROM applications));
            SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people));
            SELECT setval(pg_get_serial_sequence('interviews', 'id'), (SELECT max(id) FROM interviews));
            SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT max(id) FROM events));
            SELECT setval(pg_get_serial_sequence('done', 'id'), (SELECT max(id) FROM done));
            -- Signed in: a session each for some consultants and candidates, kept as its SHA-256.
            INSERT INTO tokens (hash, kind, account_id, expires_utc, lifetime_seconds)
              SELECT encode(sha256(convert_to(md5('session-' || a.id), 'UTF8')), 'hex'), 'session', a.id,
                     4000000000, 86400
              FROM accounts a WHERE a.id IN (
                SELECT 'consultant-' || i FROM generate_series(0, least({consultants}, {CONSULTANT_SESSIONS}) - 1) i
                UNION ALL SELECT 'candidate-' || k FROM generate_series(0, least({candidates}, {CANDIDATE_SESSIONS}) - 1) k);
            ANALYZE;""")
        loaded = time.perf_counter() - started
        counts = psql(owner, "SELECT (SELECT count(*) FROM accounts WHERE role = 'consultant') || ' consultants, ' || "
                             "(SELECT count(*) FROM accounts WHERE role = 'candidate') || ' candidates, ' || "
                             "(SELECT count(*) FROM applications) || ' applications, ' || "
                             "(SELECT count(*) FROM actions) || ' open actions; ' || "
                             "pg_size_pretty(pg_database_size(current_database()))")
        print(f"the agency: {counts}; loaded in {loaded:.0f} s (the template search imported in {imported:.1f} s)")

        cookies = {
            "day": [f"followup={md5}" for md5 in psql(owner, "SELECT string_agg(md5('session-consultant-' || i), ' ') "
                                                             f"FROM generate_series(0, least({consultants}, {CONSULTANT_SESSIONS}) - 1) i").split()],
            "today": [f"followup={md5}" for md5 in psql(owner, "SELECT string_agg(md5('session-candidate-' || k), ' ') "
                                                               f"FROM generate_series(0, least({candidates}, {CANDIDATE_SESSIONS}) - 1) k").split()],
        }
        lua = {}
        for name, jar in cookies.items():
            lua[name] = os.path.join(work, f"{name}.lua")
            with open(lua[name], "w") as f:
                f.write("local cookies = {" + ",".join(f'"{c}"' for c in jar) + "}\n"
                        "local n = 0\n"
                        "request = function()\n"
                        "  n = n + 1\n"
                        "  return wrk.format('GET', nil, {['Host'] = 'agency.test', ['Cookie'] = cookies[(n % #cookies) + 1]})\n"
                        "end\n")
        for count in (1, 2):
            while len(instances) < count:
                child = subprocess.Popen([binary, "serve", "--config", config], env=env, stdout=subprocess.PIPE, text=True)
                address = re.search(r"listening on ([^;]+);", child.stdout.readline()).group(1)
                instances.append((child, address))
            # Requests alternate between the instances, as a load balancer would send them: one
            # wrk per instance, each with half the connections.
            for name, path, check in (("consultant's day", "/candidates", "Your day"), ("candidate's Today", "/", "Today")):
                # Each person's first page on each instance, one at a time: what a first look
                # costs (nothing kept yet), and the page it is.
                jar = cookies["day" if path != "/" else "today"]
                for child, address in instances[-1:] if count > 1 else instances:
                    firsts = []
                    for cookie in jar:
                        request = urllib.request.Request(f"http://{address}{path}",
                                                         headers={"Host": "agency.test", "Cookie": cookie})
                        t = time.perf_counter()
                        body = urllib.request.urlopen(request).read().decode()
                        firsts.append(time.perf_counter() - t)
                        assert check in body, body[:500]
                    firsts.sort()
                    print(f"{name}, first look on an instance ({len(jar)} people, one at a time): "
                          f"mean {1000 * sum(firsts) / len(firsts):.1f} ms, p99 {1000 * firsts[int(len(firsts) * 0.99)]:.1f} ms")
                before = busy_seconds(), cpu_seconds([c.pid for c, _ in instances])
                runs = []
                procs = []
                for child, address in instances:
                    procs.append(subprocess.Popen(
                        [sys.executable, "-c", "import sys, json; sys.path.insert(0, sys.argv[1]); "
                         "from agency_scale import wrk; print(json.dumps(wrk(*sys.argv[2:4], int(sys.argv[4]), sys.argv[5])))",
                         here, f"http://{address}{path}", str(seconds), str(100 // count), lua["day" if path != "/" else "today"]],
                        stdout=subprocess.PIPE, text=True))
                for p in procs:
                    runs.append(json.loads(p.communicate()[0]))
                after = busy_seconds(), cpu_seconds([c.pid for c, _ in instances])
                rate = sum(r[0] for r in runs)
                p99 = max(r[1]["99"] for r in runs)
                p50 = ", ".join(r[1]["50"] for r in runs)
                errors = sum(r[2] for r in runs)
                wrk_cpu = sum(r[3] for r in runs)
                span_s = seconds * 2  # CPU seconds available on 2 cores
                print(f"{name:<18} {count} instance{'s' if count > 1 else ' '} 100 connections: {rate:8.0f} req/s, "
                      f"p50 {p50}, p99 {p99}{f', {errors} errors' if errors else ''}; of 2 cores: "
                      f"PostgreSQL and the rest {100 * ((after[0] - before[0]) - (after[1] - before[1]) - wrk_cpu) / span_s:.0f}%, "
                      f"followup {100 * (after[1] - before[1]) / span_s:.0f}%, "
                      f"wrk {100 * wrk_cpu / span_s:.0f}%")
        for child, _ in instances:
            rss, peak = memory(child.pid)
            print(f"instance {child.pid}: {rss:.0f} MB resident, {peak:.0f} MB at the peak")
    finally:
        for child, _ in instances:
            child.terminate()
            child.wait()
        smtp.terminate()


if __name__ == "__main__":
    main()
