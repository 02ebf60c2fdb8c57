#!/usr/bin/env python3
"""A local SMTP server with STARTTLS and AUTH, for tests (aiosmtpd, like the shared mail catcher).

Usage: smtp_tls_server.py --port N --cert server.pem --key server.key --maildir DIR
                          [--user NAME --password SECRET] [--no-require-tls]

Offers STARTTLS with the given certificate, requires it before MAIL FROM unless --no-require-tls,
and with --user also requires AUTH (PLAIN or LOGIN, only after TLS). Each accepted message is filed
as DIR/new/<n>.eml: the raw message with headers saying how it arrived prepended
(X-OTOP-TLS: yes|no, X-OTOP-Auth-User, X-MailFrom, X-RcptTo). Prints `ready <port>` once listening;
stops on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Recorder:
    def __init__(self, maildir):
        self.maildir = maildir
        self.count = 0
        self.lock = threading.Lock()
        for folder in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, folder), exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        user = getattr(session, "otop_user", "") if session.authenticated else ""
        headers = (
            f"X-OTOP-TLS: {'yes' if session.ssl is not None else 'no'}\r\n"
            f"X-OTOP-Auth-User: {user}\r\n"
            f"X-MailFrom: {envelope.mail_from}\r\n"
            f"X-RcptTo: {', '.join(envelope.rcpt_tos)}\r\n"
        )
        content = envelope.original_content or envelope.content
        with self.lock:
            self.count += 1
            number = self.count
        temporary = os.path.join(self.maildir, "tmp", f"{os.getpid()}-{number}.eml")
        with open(temporary, "wb") as file:
            file.write(headers.encode() + content)
        os.rename(temporary, os.path.join(self.maildir, "new", f"{os.getpid()}-{number}.eml"))
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--no-require-tls", action="store_true")
    options = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(options.cert, options.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login.decode() == options.user
              and auth_data.password.decode() == options.password)
        if ok:
            session.otop_user = options.user
        return AuthResult(success=ok, handled=False)

    kwargs = dict(tls_context=context, require_starttls=not options.no_require_tls)
    if options.user:
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=True)
    controller = Controller(Recorder(options.maildir), hostname=options.host, port=options.port,
                            ready_timeout=10, **kwargs)
    controller.start()
    print(f"ready {options.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # A bare wait() would not wake for the signal handler; poll instead.
    while not stop.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
