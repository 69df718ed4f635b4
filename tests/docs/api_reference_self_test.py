#!/usr/bin/env python3
"""Proves that the api_reference check can fail (the CTest test api_reference_self_test).

For each kind of public declaration (function, typedef, struct, struct field, enum, enum value,
macro), one doc comment is removed from a copy of the public header, and Doxygen runs on that copy
with the reference's own configuration (the configured Doxyfile, included; only the input and the
output directory differ) and checked as api_reference checks the real header. Each run must fail
and name the declaration left bare. The unchanged copy must pass first, so a failure cannot come
from anything but the removed comment.

    api_reference_self_test.py --doxygen PATH --doxyfile BUILD/Doxyfile --header telemed.h
                               --work-dir DIR
"""

import argparse
import pathlib
import re
import shutil
import sys

import api_reference_check

# (kind, the declaration's line, the name the check must report). Each declaration has one doc
# comment: a block just above it, or a trailing /**< ... */ on its own line.
CASES = [
    ("function", [r"^TM_EXTERN\(void\) tm_error_clear\(void\);$"], "tm_error_clear"),
    ("typedef", [r"^typedef int64_t \(\*tm_clock_fn\)\(void\* user_data\);$"], "tm_clock_fn"),
    ("struct", [r"^typedef struct tm_reading_result \{$"], "tm_reading_result"),
    ("struct field", [r"^    double pulse; +/\*\*<.*\*/$"], "pulse"),
    ("enum", [r"^typedef enum tm_status \{$"], "tm_status"),
    ("enum value", [r"^    TM_E_LIMIT = 5,$"], "TM_E_LIMIT"),
    ("macro", [r"^#define TM_SIGNATURE_MAX_BYTES 1024$"], "TM_SIGNATURE_MAX_BYTES"),
    # Without @file, Doxygen warns about no function, macro or typedef of the file at all: the
    # check must still find the bare function.
    ("function in a file without @file", [r"^ \* @file telemed\.h$",
                                          r"^TM_EXTERN\(void\) tm_error_clear\(void\);$"],
     "tm_error_clear"),
]


def without_doc_comment(lines, pattern):
    """The header's lines with the doc comment of the one declaration matching `pattern` removed
    (or, for a line inside a comment, that line)."""
    found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    if len(found) != 1:
        raise SystemExit(f"self-test: {len(found)} declarations match {pattern!r} in the header "
                         "(expected 1): update CASES in tests/docs/api_reference_self_test.py")
    i = found[0]
    if lines[i].startswith(" * @"):  # a command inside a comment: only that line goes
        return lines[:i] + lines[i + 1:]
    trailing = lines[i].find("/**<")
    if trailing >= 0:
        return lines[:i] + [lines[i][:trailing].rstrip()] + lines[i + 1:]
    if not lines[i - 1].rstrip().endswith("*/"):
        raise SystemExit(f"self-test: no doc comment right above {lines[i]!r}")
    start = i - 1
    while "/**" not in lines[start]:
        start -= 1
    return lines[:start] + lines[i:]


def check_copy(doxygen, base_doxyfile, lines, out_dir):
    """The problems api_reference_check finds in a header made of `lines`, with the reference's
    configuration (only the input and the output directory differ)."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    header = out_dir / "telemed.h"
    header.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doxyfile = out_dir / "Doxyfile"
    doxyfile.write_text(f'@INCLUDE = "{base_doxyfile}"\n'
                        f'INPUT = "{header}"\n'
                        "USE_MDFILE_AS_MAINPAGE =\n"
                        f'OUTPUT_DIRECTORY = "{out_dir / "reference"}"\n'
                        f'STRIP_FROM_PATH = "{out_dir}"\n', encoding="utf-8")
    return api_reference_check.check(doxygen, doxyfile, header, out_dir / "reference" / "xml")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--doxygen", required=True)
    parser.add_argument("--doxyfile", required=True, type=pathlib.Path)
    parser.add_argument("--header", required=True, type=pathlib.Path)
    parser.add_argument("--work-dir", required=True, type=pathlib.Path)
    args = parser.parse_args()
    lines = args.header.read_text(encoding="utf-8").splitlines()
    work = args.work_dir.resolve()
    base = args.doxyfile.resolve()

    problems = check_copy(args.doxygen, base, lines, work / "unchanged")
    if problems:
        print("FAIL: the unchanged header does not pass:\n" + "\n".join(problems))
        return 1
    print("ok: the unchanged header passes")

    failures = 0
    for kind, patterns, name in CASES:
        changed = lines
        for pattern in patterns:
            changed = without_doc_comment(changed, pattern)
        problems = check_copy(args.doxygen, base, changed, work / re.sub(r"\W+", "_", kind))
        named = [p for p in problems if re.search(rf"\b{re.escape(name)}\b", p)]
        if named:
            print(f"ok: {kind} {name} without its doc comment fails: {named[0]}")
        else:
            failures += 1
            print(f"FAIL: {kind} {name} without its doc comment is not reported; problems: "
                  f"{problems}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
