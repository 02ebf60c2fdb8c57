#!/usr/bin/env python3
"""Checks intake's OpenAPI document as served: valid OpenAPI 3.1 (openapi-spec-validator), and every
example valid against the schema it illustrates (JSON Schema 2020-12 with formats checked).

Usage: check_openapi.py <document.json or http://host:port/openapi.json>
Exit status 1 with one line per fault.
"""
import json
import sys
import urllib.request

import jsonschema
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012


def load(source):
    if source.startswith("http"):
        with urllib.request.urlopen(source, timeout=10) as answer:
            return json.load(answer)
    with open(source, encoding="utf-8") as file:
        return json.load(file)


def schemas_with_examples(node, pointer=""):
    """Every schema object (a dict with `examples` beside schema keywords) and where it is."""
    if isinstance(node, dict):
        keywords = {"type", "properties", "$ref", "anyOf", "allOf", "oneOf", "enum", "items", "pattern", "format"}
        if isinstance(node.get("examples"), list) and keywords & node.keys():
            yield pointer, node
        for key, value in node.items():
            if key != "examples":
                yield from schemas_with_examples(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from schemas_with_examples(value, f"{pointer}/{index}")


def main():
    document = load(sys.argv[1])
    faults = []
    try:
        validate(document)
    except Exception as error:  # the validator's own error types vary by version
        faults.append(f"not valid OpenAPI 3.1: {error}")
    registry = Registry().with_resource("urn:openapi", Resource(contents=document, specification=DRAFT202012))
    checked = 0
    for pointer, schema in schemas_with_examples(document):
        subject = {key: value for key, value in schema.items() if key != "examples"}
        subject = {"$id": "urn:check", **subject}
        # Refs in the document are local (#/components/...): resolve them against the document.
        text = json.dumps(subject).replace('"#/components/', '"urn:openapi#/components/')
        validator = jsonschema.Draft202012Validator(json.loads(text), registry=registry,
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        for index, example in enumerate(schema["examples"]):
            checked += 1
            for error in validator.iter_errors(example):
                faults.append(f"example {pointer}/examples/{index} at /{'/'.join(map(str, error.absolute_path))}: {error.message}")
    for fault in faults:
        print(fault)
    print(f"{checked} examples checked, {len(faults)} faults", file=sys.stderr)
    sys.exit(1 if faults else 0)


if __name__ == "__main__":
    main()
