"""Schemathesis hooks for scripts/fuzz_api.py (loaded through SCHEMATHESIS_HOOKS): how to write a
CSV file the document calls valid, and how to sign a LINE webhook's body.

The LINE webhook (`POST /webhooks/line`) takes a body only with `X-Line-Signature`, the base64
HMAC-SHA256 of the raw body with the channel secret, which no generator can guess: `before_call`
replaces a generated signature with the real one (OTOP_FUZZ_LINE_SECRET) over the exact bytes sent,
so schema-valid events reach the handler (and positive_data_acceptance holds it to 200), while a
case sent without the header (missing_required_header) stays without it.

The bulk imports take `text/csv`. Their body schema's `pattern` says exactly which files have a
usable header row (each required column named by a cell, in Thai or English, in any order: the
server's rule, built from the same column table; `ImportHeaderPatternTests` compares the two on
thousands of files), and `x-columns` lists the table itself. Hypothesis cannot write strings for a
pattern of lookaheads in useful time (docs/api.md), so this registers a strategy for the media type:
it writes files from `x-columns` (headers as officers type them: either case, separators anywhere,
สระอำ either way, quoted or not, in any order, beside unknown columns; then rows of values good and
bad) and **asserts that each file matches the pattern of every import route** before it is sent, so
every file is one the document calls valid and `positive_data_acceptance` holds the server to
accepting it (a report, row by row, answered 200).

Two strategies: the registered one writes a file whose header names every route's required columns
(a media type's strategy does not know the operation, and the coverage phase uses it as it is);
`flatmap_body` then gives each import route a file of its own: its columns only, with rows taken
from the demo spreadsheets (scripts/demo/*.csv) under whichever of them the header has, often
with a fresh registration number, half of them with one cell blanked or garbled, so parties are
created, updated, left unchanged and refused.

The document is read from OTOP_FUZZ_OPENAPI (the served /openapi.json) when schemathesis loads the hooks.
"""
import base64
import csv
import hashlib
import hmac
import io
import json
import os
import re
import urllib.request
from pathlib import Path

import schemathesis
from hypothesis import strategies as st

from bench_import_data import registration

IMPORT_PATHS = ("/v1/imports/enterprises", "/v1/imports/providers", "/v1/imports/history")
# ImportText.headerSpaces and headerPunctuation: what a header may hold anywhere (line breaks only
# inside quotes).
SEPARATORS = [" ", "_", "-", ".", "/", "(", ")", "'", "\t", "\u00a0"]


def csv_schemas():
    with urllib.request.urlopen(os.environ["OTOP_FUZZ_OPENAPI"], timeout=60) as answer:
        document = json.load(answer)
    return [document["paths"][path]["post"]["requestBody"]["content"]["text/csv"]["schema"] for path in IMPORT_PATHS]


SCHEMAS = csv_schemas()
PATTERNS = [re.compile(schema["pattern"]) for schema in SCHEMAS]
DEMO_FILES = [Path(__file__).parent / "demo" / name for name in ("enterprises.csv", "providers.csv", "history.csv")]


def demo_rows(schema, path):
    """The rows of a demo spreadsheet (whose headers are documented ones) as {field: value}."""
    field_of = {header: column["field"] for column in schema["x-columns"] for header in column["headers"]}
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    fields = [field_of.get(header) for header in rows[0]]
    return [{field: value for field, value in zip(fields, row) if field} for row in rows[1:]]


def quoted(text):
    return '"' + text.replace('"', '""') + '"'


@st.composite
def header_cell(draw, headers):
    """One of `headers` as an officer may type it."""
    text = draw(st.sampled_from(headers))
    case = draw(st.sampled_from(["as written", "lower", "upper", "swapped"]))
    text = {"as written": text, "lower": text.lower(), "upper": text.upper(), "swapped": text.swapcase()}[case]
    if draw(st.booleans()):
        text = text.replace("\u0e33", "\u0e4d\u0e32")  # สระอำ typed as นิคหิต + สระอา
    if draw(st.booleans()):
        text = swap_marks(text)
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(SEPARATORS)) + text[at:]
    if draw(st.booleans()):
        if draw(st.booleans()):  # a wrapped spreadsheet cell
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(["\n", "\r\n"])) + text[at:]
        return quoted(text)
    return text


def swap_marks(text):
    """A Thai vowel below typed after the tone mark (`ู` `้` as `้` `ู`), as some keyboards do."""
    return re.sub("([\u0e38\u0e39])([\u0e48-\u0e4b])", r"\2\1", text)


@st.composite
def header_cells(draw, schema, optional_odds):
    """(field, cell) for every required column of `schema`, one of each required group, and each
    optional column with a chance of 1 in `optional_odds`."""
    columns = schema["x-columns"]
    chosen = {column["field"] for column in columns if column["required"]}
    chosen |= {draw(st.sampled_from(group)) for group in schema.get("x-requiredOneOf", [])}
    chosen |= {column["field"] for column in columns if draw(st.integers(1, optional_odds)) == 1}
    return [(column["field"], draw(header_cell(column["headers"]))) for column in columns if column["field"] in chosen]


def other_cell(text):
    return quoted(text) if any(c in text for c in ',"\r\n') or text.startswith(" ") else text


VALUES = st.one_of(
    st.sampled_from(["0994000123451", "0994000123469", "วิสาหกิจชุมชนกลุ่มแม่บ้านบ้านแม่ริม", "วิสาหกิจชุมชน",
                     "community enterprise", "เชียงใหม่", "TH-50", "แม่ริม", "ริมใต้", "น้ำพริกหนุ่ม", "อาหาร", "food",
                     "อาหารแปรรูป", "3", "2565", "นางสมศรี ใจดี", "081-234-5678", "somsri@example.org", "อีเมล",
                     "มหาวิทยาลัยเชียงใหม่", "university", "productDevelopment", "การพัฒนาผลิตภัณฑ์", "ภาคเหนือ",
                     "north", "5", "ใช่", "true", "", " "]),
    st.text(max_size=20),
)


@st.composite
def import_file(draw):
    """A CSV file with a header every import route accepts, and a few rows."""
    cells = []
    for schema in SCHEMAS:
        cells += [cell for _, cell in draw(header_cells(schema, optional_odds=5))]
    cells += [other_cell(text) for text in draw(st.lists(st.sampled_from(["หมายเหตุ", "note", "ลำดับ", "", "a,b"]), max_size=2))]
    cells = draw(st.permutations(cells))
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        width = len(cells) + draw(st.sampled_from([0, 0, 0, -1, 1]))
        rows.append(",".join(other_cell(draw(VALUES)) for _ in range(max(width, 1))))
    text = draw(st.sampled_from(["", "\ufeff"])) + ",".join(cells) + "".join(line_end + row for row in rows)
    if draw(st.booleans()):
        text += line_end
    for pattern, path in zip(PATTERNS, IMPORT_PATHS):
        # The generator's own mistake if this fails: every file sent must be one the document calls valid.
        assert pattern.match(text), f"generated file does not match {path}'s pattern: {text!r}"
    return text.encode("utf-8")


@st.composite
def route_file(draw, schema, pattern, rows, path):
    """A file for one import route: its own columns, rows of plausible values."""
    header = draw(header_cells(schema, optional_odds=3))
    header += [(None, other_cell(text)) for text in draw(st.lists(st.sampled_from(["หมายเหตุ", "note", "ลำดับ"]), max_size=1))]
    header = draw(st.permutations(header))
    line_end = draw(st.sampled_from(["\r\n", "\n"]))
    lines = [",".join(cell for _, cell in header)]
    for _ in range(draw(st.integers(1, 6))):
        # A demo row under this header, its registration number often a fresh one, and in half the
        # rows one cell blanked or garbled.
        row = dict(draw(st.sampled_from(rows)))
        if row.get("registrationNumber") and draw(st.booleans()):
            row["registrationNumber"] = registration(950, draw(st.integers(0, 300)))
        cells = [row.get(field, "") if field else "" for field, _ in header]
        if draw(st.booleans()):
            at = draw(st.integers(0, len(cells) - 1))
            cells[at] = draw(st.one_of(st.just(""), st.text(max_size=12)))
        lines.append(",".join(other_cell(cell) for cell in cells))
    text = draw(st.sampled_from(["", "\ufeff"])) + line_end.join(lines) + line_end
    assert pattern.match(text), f"generated file does not match {path}'s pattern: {text!r}"
    return text.encode("utf-8")


ROUTE_FILES = {path: route_file(schema, pattern, demo_rows(schema, demo), path)
               for path, schema, pattern, demo in zip(IMPORT_PATHS, SCHEMAS, PATTERNS, DEMO_FILES)}

schemathesis.openapi.media_type("text/csv", import_file())


@schemathesis.hook
def flatmap_body(context, body):
    """An import route's own file in place of the file every route accepts; other bodies as they are."""
    strategy = ROUTE_FILES.get(context.operation.path)
    return strategy if strategy is not None else st.just(body)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    """The imports' documented example files, as the bytes a registered media type sends (schemathesis
    refuses a text example for a media type with a strategy); they are still sent as they are."""
    for path in IMPORT_PATHS:
        media = raw_schema["paths"][path]["post"]["requestBody"]["content"]["text/csv"]
        if isinstance(media.get("example"), str):
            media["example"] = media["example"].encode("utf-8")


LINE_WEBHOOK = "/webhooks/line"


@schemathesis.hook
def before_call(context, case, **kwargs):
    """Signs a LINE webhook case the way the platform does (only when it carries the header)."""
    if case.operation.path != LINE_WEBHOOK or not case.headers:
        return
    name = next((key for key in case.headers if key.lower() == "x-line-signature"), None)
    secret = os.environ.get("OTOP_FUZZ_LINE_SECRET")
    if name is None or not secret:
        return
    # The bytes the requests transport sends for a JSON body (json.dumps with its defaults).
    try:
        body = case.body if isinstance(case.body, bytes) else json.dumps(case.body).encode("utf-8")
    except (TypeError, ValueError):
        return  # not JSON the transport would send as such: leave the generated signature
    case.headers[name] = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
