#!/usr/bin/env python3
"""Prints how to try the portal as the demo's provider and enterprise (issue 15): one proposal still
waiting for its provider's answer, the provider's coordinator's phone and e-mail (a sign-in code goes
to either: SMS to the local stand-in's folder, e-mail to the local mailbox) and the proposal's link,
which asks for the code first and comes back; then an enterprise's contact person and the link of what
waits for it (a provider to confirm, work to confirm and rate, else its requests). Read from intake's
tables (the demo's own data, printed to the terminal that started it, never logged). Standard library
only.

Usage: provider_sign_in.py --database-url URL --portal URL --maildir DIR --standins DIR
"""
import argparse
import json
import subprocess


def query(database_url, sql):
    """The first row of `sql`'s answer as a list of texts, or None."""
    out = subprocess.run(["psql", database_url, "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-c", sql],
                         capture_output=True, text=True, check=True).stdout.strip()
    return out.split("\t") if out else None


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
    row = query(database_url, sql)
    if not row:
        return None
    proposal, reference, name, contacts = row
    return proposal, reference, name, json.loads(contacts)


def waiting_enterprise(database_url):
    """(path, what waits, enterprise name, its contact persons) of the demo enterprise with the most
    pressing thing to do: a provider that accepted (confirm it), work reported (confirm and rate), else
    its newest request; None without requests."""
    sql = """
        SELECT w.path, w.what, e.name, c.contacts
        FROM (
            SELECT '/my/proposals/' || p.id AS path, 'a provider to confirm (' || p.reference || ')' AS what,
                   p.enterprise_id, 1 AS rank, p.created_at AS at
            FROM intake.proposals p WHERE p.status = 'accepted'
            UNION ALL
            SELECT '/my/requests/' || r.id || '/completion', 'work to confirm and rate (' || r.reference || ')',
                   r.enterprise_id, 2, r.updated_at
            FROM intake.requests r WHERE r.status = 'workReported'
            UNION ALL
            SELECT '/my/requests/' || r.id, 'its request ' || r.reference, r.enterprise_id, 3, r.submitted_at
            FROM intake.requests r
        ) w
        JOIN intake.enterprises e ON e.id = w.enterprise_id
        JOIN intake.contacts c ON c.party_id = w.enterprise_id
        ORDER BY w.rank, w.at DESC LIMIT 1
        """
    row = query(database_url, sql)
    if not row:
        return None
    path, what, name, contacts = row
    return path, what, name, json.loads(contacts)


def ways_to_sign_in(person, args):
    """How `person` gets a code: their phone (SMS) and e-mail, where the local stand-ins put them."""
    ways = []
    if person.get("phone"):
        ways.append(f"phone {national(person['phone'])} (the code arrives by SMS: ls {args.standins}/sms)")
    if person.get("email"):
        ways.append(f"e-mail {person['email']} (the code arrives in {args.maildir}/new)")
    return " or ".join(ways)


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
    else:
        proposal, reference, name, contacts = found
        person = next((c for c in contacts if c.get("phone")), contacts[0] if contacts else {})
        print(f"Demo provider sign-in: {name}, as {person.get('name', 'its coordinator')}: {ways_to_sign_in(person, args)}")
        print(f"A proposal waiting for its answer ({reference}): {args.portal}/my/proposals/{proposal}")
    waiting = waiting_enterprise(args.database_url)
    if not waiting:
        print("Demo enterprise sign-in: no enterprise has a request yet.")
        return
    path, what, name, contacts = waiting
    person = next((c for c in contacts if c.get("email")), contacts[0] if contacts else {})
    print(f"Demo enterprise sign-in: {name}, as {person.get('name', 'its contact person')}: {ways_to_sign_in(person, args)}")
    print(f"What waits for it, {what}: {args.portal}{path}")


if __name__ == "__main__":
    main()
