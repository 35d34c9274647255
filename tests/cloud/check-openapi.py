#!/usr/bin/env python3
# check-openapi.py: docs/openapi.yaml says what docs/cloud-api.md says.
#
# Checks, without network or npm, that every address of the "Addresses"
# table is an operation of the OpenAPI file and the other way round, and
# that the problem types of the "Errors" table and of the OpenAPI file are
# the same, with the same statuses. Full schema validation needs an OpenAPI
# validator; see the comment at the top of docs/openapi.yaml.
#
# Usage: check-openapi.py docs/cloud-api.md docs/openapi.yaml
#
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys

import yaml

API_PREFIX = "/api/v1"
PROBLEM_PREFIX = "urn:ferry:problem:"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def section(text, heading):
    """The lines of a "## heading" section, up to the next "## "."""
    match = re.search(r"^## " + re.escape(heading) + r"\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not match:
        sys.exit(f"check-openapi: no “## {heading}” section in the API doc")
    return match.group(1).splitlines()


def doc_addresses(text):
    found = set()
    for line in section(text, "Addresses"):
        match = re.match(r"\|\s*`([A-Z]+) (/\S+)`\s*\|", line)
        if match:
            method, path = match.groups()
            if not path.startswith(API_PREFIX + "/"):
                sys.exit(f"check-openapi: {path} in the API doc is not under {API_PREFIX}")
            found.add((method, path[len(API_PREFIX):]))
    return found


def doc_problems(text):
    """problem name → status, from the error table."""
    found = {}
    for line in section(text, "Errors"):
        match = re.match(r"\|\s*(\d{3})\s*\|([^|]*)\|", line)
        if match:
            for name in re.findall(r"`([a-z-]+)`", match.group(2)):
                found[name] = int(match.group(1))
    return found


def spec_operations(spec):
    found = set()
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                found.add((method.upper(), path))
    return found


def spec_problems(spec):
    """problem name → set of statuses its examples are given with."""
    schemas = spec["components"]["schemas"]
    names = {t[len(PROBLEM_PREFIX):]: set() for t in schemas["ProblemType"]["enum"]}
    for response in spec["components"]["responses"].values():
        for media in response.get("content", {}).values():
            examples = [media["example"]] if "example" in media else \
                [e["value"] for e in media.get("examples", {}).values()]
            for example in examples:
                name = example["type"][len(PROBLEM_PREFIX):]
                if name not in names:
                    names[name] = set()
                names[name].add(example["status"])
    return names


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check-openapi.py CLOUD-API.md OPENAPI.yaml")
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    with open(sys.argv[2], encoding="utf-8") as f:
        spec = yaml.safe_load(f)

    failures = []
    if not str(spec.get("openapi", "")).startswith("3."):
        failures.append("the OpenAPI file does not say openapi: 3.x")

    documented = doc_addresses(text)
    described = spec_operations(spec)
    if not documented:
        failures.append("no addresses found in the API doc's table")
    for method, path in sorted(documented - described):
        failures.append(f"{method} {API_PREFIX}{path} is in the API doc but not in the OpenAPI file")
    for method, path in sorted(described - documented):
        failures.append(f"{method} {API_PREFIX}{path} is in the OpenAPI file but not in the API doc")

    doc = doc_problems(text)
    yaml_problems = spec_problems(spec)
    if not doc:
        failures.append("no problem types found in the API doc's error table")
    for name, status in sorted(doc.items()):
        if name not in yaml_problems:
            failures.append(f"problem type {name} is in the API doc but not in the OpenAPI file")
        elif yaml_problems[name] - {status}:
            failures.append(f"problem type {name} is {status} in the API doc, "
                            f"{sorted(yaml_problems[name])} in the OpenAPI file")
    for name in sorted(set(yaml_problems) - set(doc)):
        failures.append(f"problem type {name} is in the OpenAPI file but not in the API doc")

    for failure in failures:
        print(f"check-openapi: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(f"check-openapi: {len(documented)} operations and {len(doc)} problem types agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
