#!/usr/bin/env python3
"""Prints how to try the portal as the demo's provider (issue 15): one proposal still waiting for its
provider's answer, the provider's coordinator's phone and e-mail (a sign-in code goes to either: SMS
to the local stand-in's folder, e-mail to the local mailbox) and the proposal's link, which asks for
the code first and comes back. Read from intake's tables (the demo's own data, printed to the terminal
that started it, never logged). Standard library only.

Usage: provider_sign_in.py --database-url URL --portal URL --maildir DIR --standins DIR
"""
import argparse
import json
import subprocess


def waiting_proposal(database_url):
    """(proposal id, reference, provider name, its contact persons) of the pending proposal whose
    deadline is furthest away, or None."""
    sql = """
        SELECT p.id, p.reference, v.name, c.contacts
        FROM intake.proposals p
        JOIN intake.providers v ON v.id = p.provider_id
        JOIN intake.contacts c ON c.party_id = p.provider_id
        WHERE p.status = 'pending' AND p.respond_by > now() + interval '1 hour'
        ORDER BY p.respond_by DESC LIMIT 1
        """
    out = subprocess.run(["psql", database_url, "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-c", sql],
                         capture_output=True, text=True, check=True).stdout.strip()
    if not out:
        return None
    proposal, reference, name, contacts = out.split("\t", 3)
    return proposal, reference, name, json.loads(contacts)


def national(phone):
    """+66812345678 → 081-234-5678 (what a person types)."""
    if not phone.startswith("+66"):
        return phone
    digits = "0" + phone[3:]
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--portal", required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--standins", required=True)
    args = parser.parse_args()
    found = waiting_proposal(args.database_url)
    if not found:
        print("Demo provider sign-in: no proposal waits for an answer now (every demo proposal was answered).")
        return
    proposal, reference, name, contacts = found
    person = next((c for c in contacts if c.get("phone")), contacts[0] if contacts else {})
    ways = []
    if person.get("phone"):
        ways.append(f"phone {national(person['phone'])} (the code arrives by SMS: ls {args.standins}/sms)")
    if person.get("email"):
        ways.append(f"e-mail {person['email']} (the code arrives in {args.maildir}/new)")
    print(f"Demo provider sign-in: {name}, as {person.get('name', 'its coordinator')}: " + " or ".join(ways))
    print(f"A proposal waiting for its answer ({reference}): {args.portal}/my/proposals/{proposal}")


if __name__ == "__main__":
    main()
