#!/usr/bin/env python3
"""A real SMTP server for Consign's mail tests, built on aiosmtpd.

Listens on 127.0.0.1 only, on two free ports: one with STARTTLS required, one with
implicit TLS (SMTPS). Both require AUTH (PLAIN or LOGIN) over TLS with the given user
and password. Each received message is saved into the output folder as <n>.eml (the raw
bytes after dot-unstuffing, exactly as received) and <n>.json (envelope and session facts).

Prints one line "READY <starttls-port> <tls-port>" when both listen, then runs until
stdin closes or it gets SIGTERM.

Usage: smtp-test-server.py --cert cert.pem --key key.pem --out DIR --user U --password P
"""
import argparse
import itertools
import json
import os
import signal
import socket
import ssl
import sys
import threading
import warnings

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("aiosmtpd is missing: pip install -r scripts/python-requirements.txt\n")
    sys.exit(3)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SavingHandler:
    """Saves every message with its envelope into a folder. A recipient whose local part starts
    with "refuse" is refused with 550, as a server refuses an unknown mailbox."""

    def __init__(self, folder, label):
        self.folder = folder
        self.label = label
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refuse"):
            return f"550 5.1.1 <{address}>: no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            number = next(self.counter)
        base = os.path.join(self.folder, f"{self.label}-{number}")
        with open(base + ".eml", "wb") as output:
            output.write(envelope.original_content)
        facts = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "helo": session.host_name,
        }
        with open(base + ".json", "w", encoding="utf-8") as output:
            json.dump(facts, output)
        return "250 2.0.0 Message saved"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        valid = (isinstance(auth_data, LoginPassword)
                 and auth_data.login == user.encode()
                 and auth_data.password == password.encode())
        # handled=False makes aiosmtpd answer 535 itself on failure.
        return AuthResult(success=valid, handled=False)
    return authenticate


def main():
    parser = argparse.ArgumentParser()
    for name in ("--cert", "--key", "--out", "--user", "--password"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    authenticator = make_authenticator(args.user, args.password)
    common = dict(hostname="127.0.0.1", authenticator=authenticator, auth_required=True,
                  auth_require_tls=True, decode_data=False)

    # aiosmtpd only counts STARTTLS as TLS for auth_require_tls; this port is TLS from the
    # first byte, so AUTH is allowed without that check here.
    implicit_options = dict(common, auth_require_tls=False)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")

    def started(make):
        # A free port can be taken by a parallel test between probing and binding: try again.
        for attempt in range(20):
            controller = make(free_port())
            try:
                controller.start()
                return controller
            except OSError:
                if attempt == 19:
                    raise
        return None

    starttls = started(lambda port: Controller(SavingHandler(args.out, "starttls"), port=port,
                                               tls_context=context, require_starttls=True, **common))
    implicit = started(lambda port: Controller(SavingHandler(args.out, "tls"), port=port, ssl_context=context,
                                               **implicit_options))
    print(f"READY {starttls.port} {implicit.port}", flush=True)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    starttls.stop()
    implicit.stop()


if __name__ == "__main__":
    main()
