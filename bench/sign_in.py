#!/usr/bin/env python3
"""The agency mode's benchmark (bench/run-agency): what one argon2id check costs, sign-ins per
second on one instance of `followup serve --config`, and `migrate` of a generated search into
an account, on a throwaway PostgreSQL. The peer: argon2-cffi (the reference C implementation)
with the same parameters, in the same run.

Usage: sign_in.py FOLLOWUP_BINARY [APPLICATIONS]
"""
import http.client
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PASSWORD = "a long walk by the river"
M, T, P = 19 * 1024, 2, 1  # followup's PASSWORD_HASH


def psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], check=True)


def request(address, method, path, form=None, cookie=None):
    host, port = address.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    body = urllib.parse.urlencode(form or {})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Host": "agency.test"}
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body, headers)
    answer = conn.getresponse()
    text = answer.read().decode()
    conn.close()
    return answer.status, dict(answer.getheaders()), text


def link(mail_dir, to, kind):
    names = sorted(n for n in os.listdir(mail_dir) if n.endswith(".eml"))
    for name in reversed(names):
        text = open(os.path.join(mail_dir, name), encoding="utf-8", errors="replace").read()
        if to in text:
            found = re.search(r"http://agency\.test(/%s/[0-9a-f]{64})" % kind, text.replace("=\n", ""))
            if found:
                return found.group(1)
    sys.exit(f"no {kind} link to {to}")


def cookie_of(headers):
    return headers["set-cookie"].split(";")[0]


def peer_verify(_):
    from argon2 import PasswordHasher
    hasher = PasswordHasher(time_cost=T, memory_cost=M, parallelism=P)
    digest = hasher.hash(PASSWORD)
    start = time.perf_counter()
    for _ in range(20):
        hasher.verify(digest, PASSWORD)
    return (time.perf_counter() - start) / 20


def main():
    binary = sys.argv[1]
    applications = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    admin = os.environ["FOLLOWUP_TEST_POSTGRES_URL"]
    base = admin.rsplit("/", 1)[0]
    psql(admin, "CREATE DATABASE bench_agency")
    psql(admin, "CREATE ROLE bench_app LOGIN PASSWORD 'bench' NOSUPERUSER NOBYPASSRLS")
    owner = f"{base}/bench_agency"
    app = owner.replace("postgres://postgres@", "postgres://bench_app:bench@")
    work = tempfile.mkdtemp(prefix="followup-bench-agency-")
    mail_dir = os.path.join(work, "mail")
    smtp = subprocess.Popen(["/usr/bin/python3", os.path.join(ROOT, "tests", "smtp_server.py"),
                             "--dir", mail_dir], stdout=subprocess.PIPE, text=True)
    port = int(smtp.stdout.readline().split()[1])
    config = os.path.join(work, "agency.toml")
    with open(config, "w") as f:
        f.write(f'[database]\nurl = "{app}"\n[web]\npublic_url = "http://agency.test"\n'
                f'listen = "127.0.0.1:0"\n[mail]\nhost = "127.0.0.1"\nport = {port}\n'
                f'security = "off"\nfrom = "followup@agency.test"\n'
                f'[logins]\nper_account = 1000000\nper_address = 1000000\n')
    env = dict(os.environ, FOLLOWUP_DATA_DIR=os.path.join(work, "data"),
               FOLLOWUP_CONFIG_DIR=os.path.join(work, "config"))
    env.pop("FOLLOWUP_DATABASE_URL", None)
    subprocess.run([binary, "agency", "found", "--config", config, "--owner-url", owner,
                    "--name", "Bench Agency", "--admin", "ada@bench.test", "--admin-name", "Ada"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([binary, "serve", "--config", config], stdout=subprocess.PIPE,
                              text=True, env=env)
    address = server.stdout.readline().split("listening on ")[1].split(";")[0]
    try:
        status, headers, _ = request(address, "POST", link(mail_dir, "ada@bench.test", "invitation"),
                                     {"password": PASSWORD})
        assert status == 303, status
        ada = cookie_of(headers)
        form = {"email": "ada@bench.test", "password": PASSWORD}

        # One at a time: the cost of one sign-in, most of it the argon2id check.
        times = []
        for _ in range(30):
            start = time.perf_counter()
            status, _, _ = request(address, "POST", "/sign-in", form)
            times.append(time.perf_counter() - start)
            assert status == 303, status
        times.sort()
        one = times[len(times) // 2]
        # Side by side: sign-ins per second on this one instance.
        per_thread, threads = 25, 8
        failures = []

        def worker():
            for _ in range(per_thread):
                if request(address, "POST", "/sign-in", form)[0] != 303:
                    failures.append(1)
        start = time.perf_counter()
        pool = [threading.Thread(target=worker) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
        rate = per_thread * threads / (time.perf_counter() - start)
        assert not failures, f"{len(failures)} sign-ins failed"

        try:
            peer_one = peer_verify(0)
            with multiprocessing.Pool(os.cpu_count()) as procs:
                per = procs.map(peer_verify, range(os.cpu_count()))
            peer_rate = sum(1 / p for p in per)
            peer = (f"argon2-cffi, same parameters: one verify {peer_one * 1000:.1f} ms; "
                    f"{peer_rate:.1f} verifies/s on {os.cpu_count()} processes (hashing alone)")
        except ImportError:
            peer = "argon2-cffi is not installed: run bench/peers/setup.sh"

        print(f"argon2id m={M} KiB t={T} p={P}")
        print(f"  followup: one sign-in (median of 30, HTTP and PostgreSQL included) {one * 1000:.1f} ms")
        print(f"  followup: {rate:.1f} sign-ins/s on one instance, {threads} clients side by side")
        print(f"  peer: {peer}")

        # migrate: a generated search into a candidate's account.
        status, _, _ = request(address, "POST", "/people",
                               {"role": "consultant", "name": "Rita", "email": "rita@bench.test"},
                               ada)
        people = request(address, "GET", "/people", cookie=ada)[2]
        rita = re.search(r'<option value="([0-9a-f-]{36})">Rita</option>', people).group(1)
        request(address, "POST", "/people", {"role": "candidate", "name": "Cara",
                                              "email": "cara@bench.test", "consultant": rita}, ada)
        search = os.path.join(work, "search.json")
        with open(search, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate.py"),
                            str(applications), "3"], stdout=f, check=True)
        local = os.path.join(work, "local.db")
        subprocess.run([binary, "--db", local, "import", search], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        subprocess.run([binary, "--db", local, "migrate", "--to", app, "--agency", "Bench Agency",
                        "--candidate", "cara@bench.test"], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        migrate = time.perf_counter() - start
        # The reference: the same file imported into an empty PostgreSQL search, as owner.
        psql(admin, "CREATE DATABASE bench_import")
        start = time.perf_counter()
        subprocess.run([binary, "--database-url", f"{base}/bench_import", "import", search],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        imported = time.perf_counter() - start
        print(f"migrate of {applications} applications (export, import, read back and compare): "
              f"{migrate:.1f} s; plain import of the same file into PostgreSQL: {imported:.1f} s")
    finally:
        server.terminate()
        smtp.terminate()


if __name__ == "__main__":
    main()
