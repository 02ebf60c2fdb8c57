#!/usr/bin/env python3
"""A local stand-in for the LINE Messaging API or an SMS gateway, for tests and the demo.

Usage: http_standin.py --kind line|sms --port N --out DIR [--token T] [--fail N] [--fail-status 503]
                       [--always-fail] [--delay-ms MS] [--webhook-url URL --channel-secret S]

Answers POSTs like the real service (LINE: /v2/bot/message/push and /v2/bot/message/multicast with
`X-Line-Retry-Key`, answering 409 for a retry key it already accepted; SMS: any path) and writes
every request it received to DIR as one JSON file (`<n>.json`: path, status answered, the retry key
or Idempotency-Key, whether the bearer token matched, and the body). It can be told to fail:
the first N requests (--fail N), or every request (--always-fail), with --fail-status (default 503);
and at run time with `POST /_control` and a JSON body {"fail": N, "always": bool, "status": 503},
`POST /_control/reset` to accept everything again. `GET /_received` lists what it recorded.

The LINE kind also plays the LINE platform's webhook side: `POST /_control/webhook` with
{"events": [{"type": "follow"|"message"|"unfollow", "userId": "U...", "text": "K7Q2MX",
"webhookEventId": optional (a new one by default)}], "signature": "wrong" (optional: send a bad one),
"url": optional (instead of --webhook-url)} sends intake's webhook the events as LINE would, signed with X-Line-Signature (base64
HMAC-SHA256 of the body with --channel-secret), and answers {"status": <intake's status>,
"webhookEventIds": [...], "body": <intake's answer>}. The secret comes from --channel-secret or the
LINE_CHANNEL_SECRET environment variable, never from a file.
Standard library only. Prints `ready <port>` once it listens; stops on SIGTERM/SIGINT.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import secrets
import urllib.error
import urllib.request
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class State:
    def __init__(self, options):
        self.lock = threading.Lock()
        self.options = options
        self.fail_left = options.fail
        self.always = options.always_fail
        self.status = options.fail_status
        self.count = 0
        self.accepted_keys = set()
        os.makedirs(options.out, exist_ok=True)

    def record(self, entry):
        with self.lock:
            self.count += 1
            number = self.count
        entry["sequence"] = number
        temporary = os.path.join(self.options.out, f".{os.getpid()}-{number}.tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(entry, file, ensure_ascii=False)
        os.rename(temporary, os.path.join(self.options.out, f"{os.getpid()}-{number:06d}.json"))


def webhook_event(spec):
    """One LINE webhook event, as the Messaging API sends it."""
    event = {
        "type": spec["type"],
        "webhookEventId": spec.get("webhookEventId") or "01" + secrets.token_hex(12).upper(),
        "timestamp": int(time.time() * 1000),
        "mode": "active",
        "deliveryContext": {"isRedelivery": bool(spec.get("webhookEventId"))},
        "source": {"type": "user", "userId": spec["userId"]},
    }
    if spec["type"] in ("message", "follow"):
        event["replyToken"] = secrets.token_hex(16)
    if spec["type"] == "message":
        event["message"] = {"type": "text", "id": str(secrets.randbelow(10 ** 18)), "text": spec.get("text", "")}
    return event


def send_webhook(options, control):
    """Sends intake's webhook the control's events, signed (or deliberately not) with the secret."""
    secret = options.channel_secret or os.environ.get("LINE_CHANNEL_SECRET")
    url = control.get("url") or options.webhook_url
    if not url or not secret:
        return 400, {"message": "start the stand-in with --webhook-url and --channel-secret (or LINE_CHANNEL_SECRET)"}
    events = [webhook_event(spec) for spec in control.get("events", [])]
    body = json.dumps({"destination": "U" + hashlib.sha256(secret.encode()).hexdigest()[:32], "events": events},
                      ensure_ascii=False).encode()
    signature = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
    if control.get("signature") == "wrong":
        signature = base64.b64encode(hmac.new(b"not the channel secret", body, hashlib.sha256).digest()).decode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", "X-Line-Signature": signature})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, answer = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, answer = error.code, error.read()
    try:
        answer = json.loads(answer or b"null")
    except ValueError:
        answer = answer.decode(errors="replace")
    return 200, {"status": status, "webhookEventIds": [event["webhookEventId"] for event in events], "body": answer}


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet: the files are the record
            pass

        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def read_body(self):
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def do_GET(self):
            if self.path == "/_received":
                names = sorted(n for n in os.listdir(state.options.out) if n.endswith(".json"))
                entries = []
                for name in names:
                    with open(os.path.join(state.options.out, name), encoding="utf-8") as file:
                        entries.append(json.load(file))
                self.answer(200, entries)
            else:
                self.answer(404, {"message": "not found"})

        def do_POST(self):
            raw = self.read_body()
            if self.path == "/_control/webhook":
                status, answer = send_webhook(state.options, json.loads(raw or b"{}"))
                self.answer(status, answer)
                return
            if self.path.startswith("/_control"):
                with state.lock:
                    if self.path == "/_control/reset":
                        state.fail_left, state.always = 0, False
                    else:
                        control = json.loads(raw or b"{}")
                        state.fail_left = int(control.get("fail", 0))
                        state.always = bool(control.get("always", False))
                        state.status = int(control.get("status", state.status))
                self.answer(200, {"ok": True})
                return
            if state.options.delay_ms:
                time.sleep(state.options.delay_ms / 1000)
            try:
                body = json.loads(raw or b"null")
            except ValueError:
                body = None
            key = self.headers.get("X-Line-Retry-Key") or self.headers.get("Idempotency-Key")
            token_ok = self.headers.get("Authorization") == f"Bearer {state.options.token}"
            kind = state.options.kind
            with state.lock:
                if not token_ok:
                    status = 401
                elif body is None:
                    status = 400
                elif kind == "line" and self.path not in ("/v2/bot/message/push", "/v2/bot/message/multicast"):
                    status = 404
                elif state.always:
                    status = state.status
                elif state.fail_left > 0:
                    state.fail_left -= 1
                    status = state.status
                elif kind == "line" and key in state.accepted_keys:
                    status = 409
                else:
                    status = 200
                    if key:
                        state.accepted_keys.add(key)
            state.record({"kind": kind, "path": self.path, "status": status, "key": key,
                          "authorized": token_ok, "received_at": time.time(), "body": body})
            if status == 200:
                self.answer(200, {} if kind == "line" else {"accepted": True, "reference": key})
            elif status == 409:
                self.answer(409, {"message": "The retry key is already accepted"})
            else:
                self.answer(status, {"message": f"stand-in answered {status}"})

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kind", choices=["line", "sms"], required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--token", default="local-standin-token")
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--always-fail", action="store_true")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--webhook-url", help="intake's LINE webhook, e.g. http://127.0.0.1:8080/webhooks/line")
    parser.add_argument("--channel-secret", help="the LINE channel secret webhooks are signed with")
    options = parser.parse_args()

    state = State(options)
    server = ThreadingHTTPServer((options.host, options.port), make_handler(state))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    signal.signal(signal.SIGINT, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"ready {options.port}", flush=True)
    server.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    main()
