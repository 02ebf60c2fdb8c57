"""The messages the system sent, read where the local stand-ins put them: e-mail in the local mailbox
(OTOP_MAILDIR, the SMTP stand-in's), SMS and LINE pushes in the run's stand-ins' folders."""
import email
import email.policy
import os
import re
from pathlib import Path

from system import eventually


def mail_text(address, since, pattern, timeout=60):
    """The plain text of the newest e-mail to `address` received after `since` (a time.time()) in which
    `pattern` (a regex) is found."""
    folder = Path(os.environ["OTOP_MAILDIR"]) / "new"

    def find():
        for path in sorted(folder.iterdir(), key=lambda item: item.stat().st_mtime, reverse=True):
            if path.stat().st_mtime < since:
                break
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            if re.search(pattern, text):
                return text
        return None
    return eventually(f"an e-mail to {address} matching {pattern}", find, timeout=timeout)


def sms_matching(standin, phone, after, pattern, timeout=60):
    """The first match of `pattern` in the newest SMS to `phone` (+66...) the stand-in accepted after its
    `after`-th request."""
    def find():
        for entry in reversed(standin.received()[after:]):
            body = entry.get("body") or {}
            if entry["status"] == 200 and phone in (body.get("to") or []):
                match = re.search(pattern, body.get("text", ""))
                if match:
                    return match
        return None
    return eventually(f"an SMS to the provider matching {pattern}", find, timeout=timeout)
