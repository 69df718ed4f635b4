#!/usr/bin/env python3
"""Seed corpora and dictionaries for the fuzz targets (docs/fuzzing.md), from the conformance vectors.

    make_seeds.py OUT_DIR [--vectors DIR] [--rules DIR]

Writes OUT_DIR/seeds/<target>/<sha1> (one file per distinct input document: what the conformance
runner sends, i.e. `input` serialised compactly as UTF-8, or `input_text` byte for byte) and
OUT_DIR/dicts/<target>.dict (json.dict followed by the target's domain dictionaries). The
context_new target is seeded with every `config` of the vectors and with each built-in rule set
(src/*/*.json) as a configuration {"rule_sets": [...]}. Standard library only; the output is
generated, never committed.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SICK_LEAVE = ["sick_leave." + op for op in
              ("open", "extend", "record_visit", "close", "annul", "duplicate", "record")]

# target -> (operations whose vector inputs seed it, dictionaries besides json.dict)
TARGETS = {
    "identifier_validate": (["identifier.validate"], ["identity"]),
    "patient_validate": (["patient.validate", "patient.normalize"], ["identity"]),
    "patient_normalize": (["patient.normalize", "patient.validate"], ["identity"]),
    "patient_identify": (["patient.identify"], ["identity"]),
    "patient_age": (["patient.age"], ["identity"]),
    "rule_explain": (["rule.explain"], ["rules"]),
    "eligibility_evaluate": (["eligibility.evaluate"], ["eligibility", "identity"]),
    "context_new": ([], ["rules"]),
}
for _op in SICK_LEAVE:
    # The sick-leave operations share the certificate: each is seeded with all of their inputs,
    # its own first.
    TARGETS[_op.replace(".", "_")] = ([_op] + [o for o in SICK_LEAVE if o != _op], ["sick_leave"])


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_vectors(directory):
    """(operation, input bytes or None, config bytes or None) for every case of every *.json."""
    cases = []
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for case in json.load(f):
                if not isinstance(case, dict) or not isinstance(case.get("operation"), str):
                    continue
                if "input" in case:
                    data = compact(case["input"])
                elif isinstance(case.get("input_text"), str):
                    data = case["input_text"].encode("utf-8")
                else:
                    data = None
                config = compact(case["config"]) if "config" in case else None
                cases.append((case["operation"], data, config))
    return cases


def built_in_rule_sets(directory):
    sets = []
    for domain in sorted(os.listdir(directory)):
        folder = os.path.join(directory, domain)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json") and name != "messages.json":
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    sets.append(compact({"rule_sets": [json.load(f)]}))
    return sets


def write_corpus(folder, documents):
    os.makedirs(folder, exist_ok=True)
    seen = set()
    for data in documents:
        digest = hashlib.sha1(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            with open(os.path.join(folder, digest), "wb") as f:
                f.write(data)
    return len(seen)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--vectors", default=os.path.join(ROOT, "tests", "conformance", "vectors"))
    parser.add_argument("--rules", default=os.path.join(ROOT, "src"),
                        help="folder whose */*.json are the built-in rule sets")
    args = parser.parse_args(argv)

    cases = read_vectors(args.vectors)
    seeds_root = os.path.join(args.out_dir, "seeds")
    dicts_root = os.path.join(args.out_dir, "dicts")
    shutil.rmtree(seeds_root, ignore_errors=True)
    os.makedirs(dicts_root, exist_ok=True)

    with open(os.path.join(HERE, "json.dict"), "rb") as f:
        json_dict = f.read()
    for target, (operations, dictionaries) in sorted(TARGETS.items()):
        if target == "context_new":
            documents = [config for _, _, config in cases if config is not None]
            documents += built_in_rule_sets(args.rules)
        else:
            documents = [data for op in operations for o, data, _ in cases
                         if o == op and data is not None]
        count = write_corpus(os.path.join(seeds_root, target), documents)
        with open(os.path.join(dicts_root, target + ".dict"), "wb") as out:
            out.write(json_dict)
            for name in dictionaries:
                with open(os.path.join(HERE, name + ".dict"), "rb") as f:
                    out.write(f.read())
        print(f"make_seeds: {target}: {count} seeds")
        if count == 0:
            print(f"make_seeds: no seed for {target}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
