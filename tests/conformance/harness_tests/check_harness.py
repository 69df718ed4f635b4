#!/usr/bin/env python3
"""Checks telemed-conformance itself (docs/conformance.md, "Running"), one check per CTest test.

Each check runs the harness and compares what it prints, writes and returns with values computed
here independently: the case count and ids are read from the vector files with the json module,
the TAP output is parsed line by line, the JUnit file with xml.etree.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree

CLOSING = re.compile(r"^(\d+) passed, (\d+) failed$")
TEST_LINE = re.compile(r"^(ok|not ok) (\d+) - (.*)$")
PLAN = re.compile(r"^1\.\.(\d+)$")


class CheckFailed(Exception):
    pass


def expect(condition, what):
    if not condition:
        raise CheckFailed(what)


def vector_files(paths):
    """The files the harness runs for these arguments: a directory's *.json, sorted; a file as is."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(glob.glob(os.path.join(path, "*.json")))
        else:
            files.append(path)
    return files


def case_ids(paths):
    """Every case id of the files, in the order the harness runs them."""
    ids = []
    for file in vector_files(paths):
        with open(file, encoding="utf-8") as f:
            ids += [case["id"] for case in json.load(f)]
    return ids


def run(harness, args, env=None):
    done = subprocess.run([harness] + args, capture_output=True, text=True, env=env, timeout=1800)
    return done.returncode, done.stdout.splitlines(), done.stderr


def closing(lines):
    expect(lines, "no output")
    m = CLOSING.match(lines[-1])
    expect(m, "the last line is not 'N passed, N failed': %r" % lines[-1])
    return int(m.group(1)), int(m.group(2))


def parse_tap(lines):
    """The TAP document: its test points (ok, number, description, YAML lines) and its plan."""
    expect(lines and lines[0] == "TAP version 13", "the first line is not 'TAP version 13'")
    points, plans = [], []
    for line in lines[1:-1]:
        test = TEST_LINE.match(line)
        if test:
            points.append({"ok": test.group(1) == "ok", "number": int(test.group(2)),
                           "description": test.group(3), "yaml": []})
        elif PLAN.match(line):
            plans.append(int(PLAN.match(line).group(1)))
        elif line.startswith("  ") and points:
            points[-1]["yaml"].append(line)
        else:
            expect(line.startswith("#"), "not a TAP line: %r" % line)
    expect(len(plans) == 1, "%d plan lines" % len(plans))
    numbers = [p["number"] for p in points]
    expect(numbers == list(range(1, len(points) + 1)), "test points are not numbered 1..N in order")
    return points, plans[0]


def check_yaml_block(point, message_part):
    """A failure's YAML block: '---', a message naming what differed, '...'."""
    block = point["yaml"]
    expect(len(block) >= 3 and block[0] == "  ---" and block[-1] == "  ...",
           "no YAML block after %r" % point["description"])
    messages = [line for line in block if line.startswith("  message: ")]
    expect(len(messages) == 1, "the YAML block has no message")
    message = json.loads(messages[0][len("  message: "):])
    expect(message_part in message, "the YAML message %r does not contain %r" % (message, message_part))


def check_tap(a):
    ids = case_ids(a.paths)
    rc, lines, stderr = run(a.harness, ["--library", a.library, "--tap"] + a.paths)
    expect(rc == 0, "exit status %d: %s" % (rc, stderr))
    points, plan = parse_tap(lines)
    expect(plan == len(ids), "plan 1..%d, but the files hold %d cases" % (plan, len(ids)))
    expect(len(points) == plan, "%d test points for plan 1..%d" % (len(points), plan))
    expect(all(p["ok"] for p in points), "a test point is 'not ok'")
    expect([p["description"] for p in points] == ids, "the test points do not name the case ids")
    expect(lines[1].startswith("# library: "), "the library is not named in a TAP comment")
    expect(closing(lines) == (len(ids), 0), "closing line %r" % lines[-1])
    return "TAP: 1..%d, %d ok" % (plan, len(points))


def junit_suites(path):
    root = ElementTree.parse(path).getroot()
    expect(root.tag == "testsuites", "the root element is <%s>" % root.tag)
    return root, root.findall("testsuite")


def check_times(element):
    seconds = float(element.get("time"))
    expect(seconds >= 0, "a negative time")


def check_junit(a):
    files = vector_files(a.paths)
    rc, lines, stderr = run(a.harness, ["--library", a.library, "--junit", a.out] + a.paths)
    expect(rc == 0, "exit status %d: %s" % (rc, stderr))
    ids = case_ids(a.paths)
    expect(closing(lines) == (len(ids), 0), "closing line %r" % lines[-1])
    root, suites = junit_suites(a.out)
    expect(int(root.get("tests")) == len(ids), "tests=%s, but %d cases" % (root.get("tests"), len(ids)))
    expect(root.get("failures") == "0" and root.get("errors") == "0", "failures or errors in a passing run")
    check_times(root)
    expect([s.get("name") for s in suites] == [os.path.basename(f) for f in files],
           "the test suites are not the vector files")
    names = []
    for suite, file in zip(suites, files):
        with open(file, encoding="utf-8") as f:
            count = len(json.load(f))
        cases = suite.findall("testcase")
        expect(int(suite.get("tests")) == len(cases) == count,
               "%s: tests=%s, %d testcases, %d cases" % (file, suite.get("tests"), len(cases), count))
        check_times(suite)
        for case in cases:
            check_times(case)
            expect(not list(case), "a passing testcase has a child element")
        names += [c.get("name") for c in cases]
    expect(names == ids, "the testcases do not name the case ids")
    return "JUnit: %d suites, %d testcases, 0 failures" % (len(suites), len(names))


def check_vendor(a):
    ids = case_ids(a.paths)
    rc, lines, stderr = run(a.harness, ["--library", a.library] + a.paths)
    expect(rc == 0, "exit status %d: %s" % (rc, stderr))
    expect(closing(lines) == (len(ids), 0), "closing line %r, expected %d passed" % (lines[-1], len(ids)))
    vendor = case_ids(a.paths[-1:])
    expect(vendor and all(i.startswith("acme.") for i in vendor), "the vendor's ids are not prefixed")
    return "%d cases, %d of them the vendor's" % (len(ids), len(vendor))


def check_failing(a):
    total = len(case_ids(a.paths))
    rc, lines, stderr = run(a.harness, ["--library", a.library] + a.paths)
    expect(rc == 1, "exit status %d, expected 1: %s" % (rc, stderr))
    failures = [line for line in lines if line.startswith("FAIL ")]
    expect(len(failures) == 1 and failures[0].startswith("FAIL %s: " % a.case),
           "the failure lines %r do not name %s" % (failures, a.case))
    expect(closing(lines) == (total - 1, 1), "closing line %r" % lines[-1])

    rc, lines, stderr = run(a.harness, ["--library", a.library, "--tap", "--junit", a.out] + a.paths)
    expect(rc == 1, "TAP run: exit status %d, expected 1: %s" % (rc, stderr))
    points, plan = parse_tap(lines)
    expect(plan == total, "plan 1..%d for %d cases" % (plan, total))
    bad = [p for p in points if not p["ok"]]
    expect(len(bad) == 1 and bad[0]["description"] == a.case, "'not ok' does not name %s" % a.case)
    check_yaml_block(bad[0], "output at ")
    expect(closing(lines) == (total - 1, 1), "TAP closing line %r" % lines[-1])

    root, suites = junit_suites(a.out)
    expect(root.get("failures") == "1" and root.get("tests") == str(total), "JUnit counts")
    failed = [c for s in suites for c in s.findall("testcase") if c.find("failure") is not None]
    expect(len(failed) == 1 and failed[0].get("name") == a.case, "the JUnit failure is not %s" % a.case)
    expect("output at " in failed[0].find("failure").get("message"), "the JUnit failure has no message")
    return "%s fails: exit 1, FAIL line, not ok with YAML, JUnit failure" % a.case


def check_env(a):
    env = dict(os.environ, TELEMED_LIBRARY=a.library)
    rc, lines, stderr = run(a.harness, a.paths, env=env)
    expect(rc == 0, "exit status %d: %s" % (rc, stderr))
    first = "library: %s (telemed %s)" % (os.path.normpath(os.path.abspath(a.library)), a.version)
    expect(lines[0] == first, "first line %r, expected %r" % (lines[0], first))
    return lines[0]


def check_refused(a):
    seen = []
    for pair in a.expect:
        library, _, message = pair.partition("=")
        rc, lines, stderr = run(a.harness, ["--library", library, a.vectors])
        expect(rc == 2, "%s: exit status %d, expected 2" % (library, rc))
        expect(lines == [], "%s: the harness printed results: %r" % (library, lines))
        errors = stderr.splitlines()
        expect(len(errors) == 1 and errors[0].startswith("telemed-conformance: "),
               "%s: not one line on stderr: %r" % (library, stderr))
        expect(message in errors[0], "%s: %r does not say %r" % (library, errors[0], message))
        seen.append(errors[0])
    return "\n".join(seen)


def check_unlinked(a):
    dynamic = subprocess.run(["readelf", "-d", a.harness], capture_output=True, text=True, check=True)
    needed = [line for line in dynamic.stdout.splitlines() if "(NEEDED)" in line]
    expect(needed and not any("libtelemed" in line for line in needed),
           "the harness links libtelemed: %r" % needed)
    undefined = subprocess.run(["nm", "-D", "--undefined-only", a.harness],
                               capture_output=True, text=True, check=True)
    symbols = [line.split()[-1] for line in undefined.stdout.splitlines() if line.strip()]
    expect("dlopen" in " ".join(symbols), "the harness does not call dlopen")
    expect(not any(s.startswith("tm_") for s in symbols), "the harness needs tm_ symbols at link time")
    return "no libtelemed in NEEDED, no undefined tm_ symbol"


def check_installed(a):
    prefix = os.path.join(a.work, "prefix")
    shutil.rmtree(a.work, ignore_errors=True)
    subprocess.run([a.cmake, "--install", a.build_dir, "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    harness = os.path.join(prefix, "bin", "telemed-conformance")
    library = os.path.join(prefix, a.libdir, "libtelemed.so.0")
    expect(os.path.isfile(library), "no %s" % library)
    installed_vectors = os.path.join(prefix, "share", "telemed", "conformance")
    ids = case_ids(a.paths)
    expect(case_ids([installed_vectors]) == ids, "the installed vectors are not the source's")
    rc, lines, stderr = run(harness, ["--library", library])
    expect(rc == 0, "exit status %d: %s" % (rc, stderr))
    expect(lines[0].startswith("library: %s (telemed " % library), "first line %r" % lines[0])
    expect(lines[1] == "vectors: %s" % installed_vectors, "second line %r" % lines[1])
    expect(closing(lines) == (len(ids), 0), "closing line %r" % lines[-1])
    return "installed: %s" % lines[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--harness", required=True)
    sub = parser.add_subparsers(dest="check", required=True)
    for name in ("tap", "junit", "vendor", "failing", "env", "installed"):
        p = sub.add_parser(name)
        p.add_argument("paths", nargs="+")
        if name != "installed":
            p.add_argument("--library", required=True)
        if name in ("junit", "failing"):
            p.add_argument("--out", required=True)
    sub.choices["failing"].add_argument("--case", required=True)
    sub.choices["env"].add_argument("--version", required=True)
    sub.choices["installed"].add_argument("--cmake", required=True)
    sub.choices["installed"].add_argument("--build-dir", required=True)
    sub.choices["installed"].add_argument("--work", required=True)
    sub.choices["installed"].add_argument("--libdir", required=True, help="CMAKE_INSTALL_LIBDIR")
    refused = sub.add_parser("refused")
    refused.add_argument("--vectors", required=True)
    refused.add_argument("--expect", action="append", required=True, help="LIBRARY=message part")
    sub.add_parser("unlinked")
    a = parser.parse_args()
    checks = {"tap": check_tap, "junit": check_junit, "vendor": check_vendor, "failing": check_failing,
              "env": check_env, "refused": check_refused, "unlinked": check_unlinked,
              "installed": check_installed}
    try:
        print(checks[a.check](a))
    except CheckFailed as e:
        print("FAIL %s: %s" % (a.check, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
