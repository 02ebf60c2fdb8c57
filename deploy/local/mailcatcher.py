#!/usr/bin/env python3
"""A mail catcher: SMTP on port 1025, every message kept in memory and served over HTTP on port
8025 with the part of Mailpit's API (https://mailpit.axllent.org/docs/api-v1/) that
scripts/compose_journey.py reads, so that it reads Mailpit and this alike:

  GET /readyz                          200 when serving
  GET /api/v1/messages                 {"total", "count", "messages": [{"ID", "MessageID", "From",
                                        "To", "Subject", "Created", "Size"}]}, newest first
  GET /api/v1/message/{ID}/headers     {"Header-Name": ["value", ...]}
  GET /api/v1/message/{ID}/raw         the message as received

Usage: mailcatcher serve      run both servers (the container's command)
       mailcatcher readyz     exit 0 when the HTTP server answers /readyz (the health check)
"""
import email, email.policy, email.utils, http.server, json, sys, threading, urllib.request, uuid
from datetime import datetime, timezone

from aiosmtpd.controller import Controller

SMTP_PORT, HTTP_PORT = 1025, 8025
messages, lock = [], threading.Lock()


def address(text):
    name, addr = email.utils.parseaddr(str(text or ""))
    return {"Name": name, "Address": addr}


class Catcher:
    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        entry = {"ID": str(uuid.uuid4()), "MessageID": str(parsed.get("Message-ID", "")).strip("<>"),
                 "From": address(parsed.get("From")),
                 "To": [address(a) for a in parsed.get_all("To", [])],
                 "Subject": str(parsed.get("Subject", "")),
                 "Created": datetime.now(timezone.utc).isoformat(), "Size": len(raw),
                 "headers": {}, "raw": raw}
        for name, value in parsed.items():
            entry["headers"].setdefault(name, []).append(str(value))
        with lock:
            messages.insert(0, entry)
        return "250 OK"


class API(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if parts == ["readyz"]:
            return self.answer(200, b"ok", "text/plain")
        if parts == ["api", "v1", "messages"]:
            with lock:
                listed = [{k: v for k, v in m.items() if k not in ("headers", "raw")} for m in messages]
            return self.json({"total": len(listed), "count": len(listed), "messages": listed})
        if len(parts) == 5 and parts[:3] == ["api", "v1", "message"] and parts[4] in ("headers", "raw"):
            with lock:
                found = next((m for m in messages if m["ID"] == parts[3]), None)
            if found is None:
                return self.answer(404, b"message not found", "text/plain")
            if parts[4] == "raw":
                return self.answer(200, found["raw"], "message/rfc822")
            return self.json(found["headers"])
        self.answer(404, b"not found", "text/plain")

    def json(self, value):
        self.answer(200, json.dumps(value, ensure_ascii=False).encode(), "application/json")

    def answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *arguments):
        pass


def serve():
    Controller(Catcher(), hostname="0.0.0.0", port=SMTP_PORT).start()
    print(f"mailcatcher: SMTP on {SMTP_PORT}, HTTP on {HTTP_PORT}", flush=True)
    http.server.ThreadingHTTPServer(("0.0.0.0", HTTP_PORT), API).serve_forever()


def ready():
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{HTTP_PORT}/readyz", timeout=3) as answer:
            return 0 if answer.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command == "serve":
        serve()
    elif command == "readyz":
        sys.exit(ready())
    else:
        sys.exit(__doc__)
