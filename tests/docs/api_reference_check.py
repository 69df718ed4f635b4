#!/usr/bin/env python3
"""Builds the C API reference with Doxygen and fails when a public declaration has no doc comment
(the CTest test api_reference and the build target of the same name).

    api_reference_check.py --doxygen PATH --doxyfile BUILD/Doxyfile --header capi/include/telemed.h

Two checks, because Doxygen alone misses some: it must run without a single warning (the Doxyfile
sets WARN_IF_UNDOCUMENTED and FAIL_ON_WARNINGS; it catches functions, typedefs, structs, struct
fields and macros, and errors in the comments), and every declaration the header makes, found
here by reading the header itself, must be in Doxygen's XML with a description: this catches enum
values, which Doxygen 1.9 never reports, and a header whose file comment lost its @file, which would
silence every warning. Standard library only.
"""

import argparse
import pathlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

INCLUDE_GUARD = "TELEMED_H"


def declarations(header_text):
    """{(kind, name)} of every public declaration of the header, read from its text."""
    code = re.sub(r"/\*.*?\*/", " ", header_text, flags=re.S)  # comments cannot declare anything
    found = set()
    for name in re.findall(r"TM_EXTERN\([^()]*\)\s+(tm_\w+)\s*\(", code):
        found.add(("function", name))
    for name in re.findall(r"^\s*#\s*define\s+(\w+)", code, flags=re.M):
        if name != INCLUDE_GUARD:
            found.add(("macro", name))
    for name in re.findall(r"typedef[^;{]*\(\s*\*\s*(\w+)\s*\)", code):
        found.add(("typedef", name))
    for _tag, name in re.findall(r"typedef\s+struct\s+(\w+)\s+(\w+)\s*;", code):
        found.add(("typedef", name))
    for tag, body, name in re.findall(r"typedef\s+(struct|enum)\s+\w+\s*\{(.*?)\}\s*(\w+)\s*;",
                                      code, flags=re.S):
        found.add(("typedef", name))
        if tag == "enum":
            found.add(("enum", name))
            for value in body.split(","):
                found.add(("enum value", re.findall(r"\w+", value)[0]))
        else:
            found.add(("struct", name))
            for field in body.split(";")[:-1]:
                found.add(("field", name + "." + re.findall(r"\w+", field)[-1]))
    return found


def described(element):
    """Whether a Doxygen XML element has a brief or detailed description."""
    return any("".join(element.find(part).itertext()).strip()
               for part in ("briefdescription", "detaileddescription")
               if element.find(part) is not None)


KINDS = {"function": "function", "define": "macro", "typedef": "typedef", "enum": "enum"}


def documented(xml_dir):
    """{(kind, name): has a description} of what Doxygen's XML holds."""
    seen = {}
    for path in sorted(xml_dir.glob("*.xml")):
        root = ET.parse(path).getroot()
        for compound in root.iter("compounddef"):
            kind = compound.get("kind")
            name = compound.findtext("compoundname")
            if kind == "struct":
                seen[("struct", name)] = described(compound)
            for member in compound.iter("memberdef"):
                member_name = member.findtext("name")
                if kind == "struct" and member.get("kind") == "variable":
                    seen[("field", f"{name}.{member_name}")] = described(member)
                elif kind == "file" and member.get("kind") in KINDS:
                    seen[(KINDS[member.get("kind")], member_name)] = described(member)
                for value in member.findall("enumvalue"):
                    seen[("enum value", value.findtext("name"))] = described(value)
    return seen


def undocumented(header, xml_dir):
    """Messages for each declaration of the header without a description in the XML."""
    seen = documented(xml_dir)
    problems = [f"{kind} {name} has no doc comment"
                for kind, name in sorted(declarations(header.read_text(encoding="utf-8")))
                if not seen.get((kind, name), False)]
    problems += [f"{kind} {name} is in the reference without a description"
                 for (kind, name), ok in sorted(seen.items()) if not ok]
    return sorted(set(problems))


def run_doxygen(doxygen, doxyfile):
    """Doxygen's exit status and its output (QUIET: anything it prints is a warning)."""
    run = subprocess.run([doxygen, str(doxyfile)], capture_output=True, text=True, check=False,
                         cwd=doxyfile.parent)
    return run.returncode, (run.stdout + run.stderr).strip()


def check(doxygen, doxyfile, header, xml_dir):
    """Every problem found: Doxygen's warnings, then declarations without a description."""
    xml_dir.parent.mkdir(parents=True, exist_ok=True)  # Doxygen makes only the last level
    rc, output = run_doxygen(doxygen, doxyfile)
    problems = output.splitlines()
    if rc != 0 and not problems:
        problems.append(f"doxygen exited with {rc}")
    if not (xml_dir / "index.xml").exists():
        return problems + [f"doxygen wrote no XML in {xml_dir}"]
    return problems + undocumented(header, xml_dir)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doxygen", required=True)
    parser.add_argument("--doxyfile", required=True, type=pathlib.Path)
    parser.add_argument("--header", required=True, type=pathlib.Path)
    parser.add_argument("--xml-dir", required=True, type=pathlib.Path)
    args = parser.parse_args()
    problems = check(args.doxygen, args.doxyfile.resolve(), args.header, args.xml_dir)
    for problem in problems:
        print(problem)
    if problems:
        print(f"api_reference: {len(problems)} problem(s); every public declaration of telemed.h "
              "needs a /** ... */ doc comment")
        return 1
    count = len(declarations(args.header.read_text(encoding="utf-8")))
    print(f"api_reference: all {count} public declarations documented; "
          f"HTML in {args.xml_dir.parent / 'html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
