#!/usr/bin/env python3
"""Runs the code samples of the quickstarts (docs/quickstart/*.md) as they stand, so the pages
never lie (the CTest test quickstart_examples; tests/readme_examples.cmake does the same for the
README).

A sample is a fenced block right after the marker line `<!-- quickstart-check -->`; its language
(c, python or javascript) says how it runs. The output it must print may follow, before the next
sample, as a fenced block right after the marker `<!-- quickstart-output -->`: each line there must
equal the program's line, except that a line ending in «…» only has to start the program's line.
A sample must exit with status 0. A page given here with no marked sample is an error, so a lost
marker cannot make the test pass vacuously.

    quickstart_check.py --library LIB --include-dir DIR --work-dir DIR [--cc CC] [--python PY]
                        [--pythonpath DIR] [--node NODE --node-binding DIR] PAGE.md...

A javascript sample is run only when --node is given; `require('telemed')` finds --node-binding.
Standard library only.
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys

SAMPLE = "<!-- quickstart-check -->"
OUTPUT = "<!-- quickstart-output -->"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def samples(page):
    """[(line number, language, code, expected output lines or None)] of a page's marked samples.
    A sample's output is the first output marker after it and before the next sample."""
    text = page.read_text(encoding="utf-8")
    starts = [m.end() for m in re.finditer(re.escape(SAMPLE) + r"\n", text)]
    outputs = [m.end() for m in re.finditer(re.escape(OUTPUT) + r"\n", text)]
    if not starts:
        raise SystemExit(f"{page}: no sample marked with {SAMPLE}")
    found = []
    for start, next_start in zip(starts, starts[1:] + [len(text)]):
        block = FENCE.match(text, start)
        if not block:
            raise SystemExit(f"{page}: {SAMPLE} is not followed by a fenced block")
        expected = None
        mine = [o for o in outputs if block.end() <= o < next_start]
        if mine:
            output = FENCE.match(text, mine[0])
            if len(mine) > 1 or not output:
                raise SystemExit(f"{page}: one {OUTPUT} followed by a fenced block per sample")
            expected = output.group(2).splitlines()
        line = text.count("\n", 0, start)
        found.append((line, block.group(1), block.group(2), expected))
    if outputs and outputs[0] < starts[0]:
        raise SystemExit(f"{page}: {OUTPUT} before any sample")
    return found


def differences(expected, actual):
    """Messages for each line of the expected output the actual output does not give."""
    problems = []
    if len(expected) != len(actual):
        problems.append(f"{len(actual)} lines printed, {len(expected)} shown")
    for number, (want, got) in enumerate(zip(expected, actual), 1):
        same = got.startswith(want[:-1]) if want.endswith("…") else got == want
        if not same:
            problems.append(f"line {number}: shown {want!r}, printed {got!r}")
    return problems


class Runner:
    """Builds and runs samples against one build of the library."""

    def __init__(self, args):
        self.args = args
        args.library = args.library.absolute()  # the samples run in the work directory
        args.include_dir = args.include_dir.absolute()
        if args.pythonpath:
            args.pythonpath = args.pythonpath.absolute()
        self.work = args.work_dir.resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = dict(os.environ, TELEMED_LIBRARY=str(args.library), PYTHONDONTWRITEBYTECODE="1")
        if args.pythonpath:
            self.env["PYTHONPATH"] = str(args.pythonpath)
        if args.node_binding:
            # require('telemed') resolves through node_modules next to the sample.
            link = self.work / "node_modules" / "telemed"
            link.parent.mkdir(exist_ok=True)
            if not link.is_symlink():
                link.symlink_to(args.node_binding.resolve())

    def command(self, name, language, code):
        """The command that runs the sample, after building it; None when it cannot run here."""
        if language == "c":
            source = self.work / f"{name}.c"
            source.write_text(code, encoding="utf-8")
            libdir = self.args.library.parent
            subprocess.run([self.args.cc, "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror",
                            f"-I{self.args.include_dir}", str(source), f"-L{libdir}", "-ltelemed",
                            f"-Wl,-rpath,{libdir}", "-o", str(self.work / name)], check=True)
            return [str(self.work / name)]
        if language == "python":
            (self.work / f"{name}.py").write_text(code, encoding="utf-8")
            return [self.args.python, str(self.work / f"{name}.py")]
        if language == "javascript":
            if not self.args.node:
                return None
            (self.work / f"{name}.js").write_text(code, encoding="utf-8")
            return [self.args.node, str(self.work / f"{name}.js")]
        raise SystemExit(f"{name}: no way to run a {language or 'plain'} block")

    def check(self, page, line, language, code, expected):
        """Problems of one sample ([] when it ran as shown)."""
        name = f"{page.stem}_{line}"
        try:
            command = self.command(name, language, code)
        except subprocess.CalledProcessError:
            return [f"{page.name}:{line}: the {language} sample does not build"]
        if command is None:
            print(f"skip {page.name}:{line}: no {language} runtime given")
            return []
        run = subprocess.run(command, capture_output=True, text=True, env=self.env, cwd=self.work,
                             check=False)
        problems = [] if run.returncode == 0 else [f"exit status {run.returncode}"]
        if expected is not None:
            problems += differences(expected, run.stdout.splitlines())
        if problems:
            return [f"{page.name}:{line}: {p}" for p in problems] + [
                f"  stdout:\n{run.stdout}  stderr:\n{run.stderr}"]
        print(f"ok {page.name}:{line}: the {language} sample ran as shown")
        return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", required=True, type=pathlib.Path)
    parser.add_argument("--include-dir", required=True, type=pathlib.Path)
    parser.add_argument("--work-dir", required=True, type=pathlib.Path)
    parser.add_argument("--cc", default="cc")
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--pythonpath", type=pathlib.Path)
    parser.add_argument("--node")
    parser.add_argument("--node-binding", type=pathlib.Path)
    parser.add_argument("pages", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    runner = Runner(args)
    problems = []
    for page in args.pages:
        for line, language, code, expected in samples(page):
            problems += runner.check(page, line, language, code, expected)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
