#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for the test suite and the benchmark, built on aiosmtpd.

Usage: smtp_server.py --dir DIR [--port N] [--auth USER:PASS]
                      [--starttls CERT KEY | --tls CERT KEY] [--reject SUBSTRING]
                      [--tempfail N] [--delay-data SECONDS] [--no-store]

Once listening it prints `ready <port>` on stdout. Every accepted message lands in DIR as
<unique>.eml (the bytes exactly as received) next to <unique>.json (the envelope), and as one
line `<Message-ID or ->\t<rcpt,rcpt...>` in DIR/received.log. With --no-store only the log is
written. SIGTERM or SIGINT stops it with status 0.

Needs aiosmtpd: run it with /usr/bin/python3 (Debian's python3-aiosmtpd).
"""
import argparse
import asyncio
import json
import logging
import os
import re
import signal
import ssl
import sys
import time
import warnings
import weakref

from aiosmtpd.smtp import SMTP, AuthResult

# A regex over the header block, not the email package: ~100x faster, which the benchmark needs.
# It takes the continuation lines of a folded header too.
MESSAGE_ID = re.compile(rb"^message-id:(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


class Handler:
    def __init__(self, args):
        self.dir = args.dir
        self.store = not args.no_store
        self.reject = args.reject
        self.tempfail_left = args.tempfail
        self.delay = args.delay_data
        self.sequence = 0
        self.last_stamp = 0
        # Kept open for the whole run: reopening per message costs too much at 10,000 messages.
        self.log = open(os.path.join(self.dir, "received.log"), "a", encoding="utf-8")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.tempfail_left > 0:
            self.tempfail_left -= 1
            return "451 4.3.0 Try again later"
        content = envelope.original_content
        if self.store:
            self.save(envelope, content)
        self.log.write(f"{message_id(content)}\t{','.join(envelope.rcpt_tos)}\n")
        self.log.flush()
        if self.delay:
            # The message is already on disk: a client killed now has delivered without knowing.
            await asyncio.sleep(self.delay)
        return "250 OK"

    def unique(self):
        # Nanoseconds since the epoch sort in arrival order across restarts into the same DIR;
        # forcing them to increase guards against a clock step within one run.
        self.last_stamp = max(time.time_ns(), self.last_stamp + 1)
        self.sequence += 1
        return f"{self.last_stamp:020d}-{self.sequence:06d}"

    def save(self, envelope, content):
        base = os.path.join(self.dir, self.unique())
        with open(base + ".eml.tmp", "wb") as f:
            f.write(content)
        # The envelope is in place before the .eml appears, so a reader never sees one alone.
        sidecar = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                   "received": time.time()}
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(sidecar, f, ensure_ascii=False)
        os.replace(base + ".json.tmp", base + ".json")
        os.replace(base + ".eml.tmp", base + ".eml")


def message_id(content):
    head_end = content.find(b"\r\n\r\n")
    found = MESSAGE_ID.search(content, 0, head_end if head_end >= 0 else len(content))
    # Unfolded and trimmed, so a folded header cannot break the one-line-per-message log.
    value = " ".join(found[1].decode("utf-8", "replace").split()) if found else ""
    return value or "-"


def authenticator(user, password):
    expected = (user.encode(), password.encode())

    def check(server, session, envelope, mechanism, auth_data):
        ok = (auth_data.login, auth_data.password) == expected
        # handled=False makes aiosmtpd answer 535 itself; its default (True) answers nothing.
        return AuthResult(success=ok, handled=False)

    return check


def tls_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", metavar="USER:PASS")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    tls.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--reject", metavar="SUBSTRING")
    parser.add_argument("--tempfail", type=int, default=0, metavar="N")
    parser.add_argument("--delay-data", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--no-store", action="store_true")
    args = parser.parse_args()
    if args.auth is not None and ":" not in args.auth:
        parser.error("--auth wants USER:PASS")
    return args


async def serve(args):
    handler = Handler(args)
    options = dict(
        decode_data=False,
        enable_SMTPUTF8=True,
        # A fixed name: aiosmtpd would otherwise call getfqdn() (a DNS lookup) per connection.
        hostname="localhost",
    )
    if args.auth is not None:
        user, password = args.auth.split(":", 1)
        options.update(auth_required=True, auth_require_tls=False,
                       authenticator=authenticator(user, password))
    if args.starttls:
        options.update(tls_context=tls_context(*args.starttls), require_starttls=True)

    loop = asyncio.get_running_loop()
    sessions = weakref.WeakSet()

    def factory():
        session = SMTP(handler, loop=loop, **options)
        sessions.add(session)
        return session

    server = await loop.create_server(
        factory, host="127.0.0.1", port=args.port, reuse_address=True,
        ssl=tls_context(*args.tls) if args.tls else None)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"ready {server.sockets[0].getsockname()[1]}", flush=True)

    await stop.wait()
    server.close()
    # From Python 3.12 wait_closed() also waits for open sessions, so end them first;
    # asyncio.run then cancels whatever handler is still running (e.g. in --delay-data).
    for session in list(sessions):
        if session.transport is not None:
            session.transport.close()
    await server.wait_closed()
    handler.log.close()


def main():
    args = parse_args()
    os.makedirs(args.dir, exist_ok=True)
    # aiosmtpd warns (stderr) about AUTH without TLS and deprecated attributes on every login;
    # on loopback that is intended, and the noise would bury real errors in test output.
    warnings.filterwarnings("ignore", module="aiosmtpd")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
