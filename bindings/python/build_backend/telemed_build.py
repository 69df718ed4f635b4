"""The PEP 517 build backend of the telemed Python binding, in standard-library Python only.

MIS servers are often air-gapped and have no PyPI: ``pip install bindings/python`` must work with
nothing to download, so pyproject.toml names this module (``requires = []``, ``backend-path``)
instead of setuptools. It builds a pure-Python wheel (``telemed-<version>-py3-none-any.whl``: the
package ``telemed`` with ``py.typed``; the shared library is installed separately, by the Debian
package libtelemed0 or ``cmake --install``), an sdist, and an editable wheel (PEP 660).

The metadata come from pyproject.toml's [project] table, the version from telemed/_version.py.
Archives are reproducible: sorted entries, fixed times (``SOURCE_DATE_EPOCH`` when set), fixed modes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

#: The project folder: bindings/python in the repository, or the root of an unpacked sdist.
ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "telemed"
GENERATOR = "telemed_build"

# The [project] keys this backend turns into metadata; any other is refused rather than dropped.
_PROJECT_KEYS = {"name", "dynamic", "description", "readme", "license", "requires-python",
                 "authors", "keywords", "classifiers"}
_VERSION = re.compile(r'^__version__\s*=\s*"([0-9]+\.[0-9]+\.[0-9]+)"\s*$', re.M)

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "parse_toml",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
    "project_metadata",
]


# ---- pyproject.toml --------------------------------------------------------------------------------

class _TomlReader:
    """The part of TOML pyproject.toml uses: tables, keys, strings, integers, booleans, arrays and
    inline tables (tomllib only arrived in Python 3.11)."""

    _ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def fail(self, what: str) -> ValueError:
        line = self.text.count("\n", 0, self.at) + 1
        return ValueError(f"pyproject.toml line {line}: {what}")

    def skip(self, newlines: bool) -> None:
        """Skips blanks and comments (and line ends when ``newlines``)."""
        while self.at < len(self.text):
            c = self.text[self.at]
            if c in " \t" or (newlines and c in "\r\n"):
                self.at += 1
            elif c == "#":
                end = self.text.find("\n", self.at)
                self.at = len(self.text) if end < 0 else end
            else:
                return

    def key(self) -> str:
        if self.text.startswith('"', self.at):
            return self.string()
        match = re.compile(r"[A-Za-z0-9_-]+").match(self.text, self.at)
        if not match:
            raise self.fail("a key expected")
        self.at = match.end()
        return match.group(0)

    def string(self) -> str:
        if self.text.startswith("'", self.at):
            end = self.text.find("'", self.at + 1)
            if end < 0 or "\n" in self.text[self.at:end]:
                raise self.fail("unterminated literal string")
            value, self.at = self.text[self.at + 1:end], end + 1
            return value
        self.at += 1
        out = []
        while self.at < len(self.text) and self.text[self.at] not in '"\n':
            c = self.text[self.at]
            if c == "\\":
                code = self.text[self.at + 1:self.at + 2]
                if code in self._ESCAPES:
                    out.append(self._ESCAPES[code])
                    self.at += 2
                elif code in ("u", "U"):
                    size = 4 if code == "u" else 8
                    out.append(chr(int(self.text[self.at + 2:self.at + 2 + size], 16)))
                    self.at += 2 + size
                else:
                    raise self.fail("unknown escape")
            else:
                out.append(c)
                self.at += 1
        if not self.text.startswith('"', self.at):
            raise self.fail("unterminated string")
        self.at += 1
        return "".join(out)

    def value(self) -> Any:
        c = self.text[self.at:self.at + 1]
        if c in ('"', "'"):
            return self.string()
        if c == "[":
            return self.array()
        if c == "{":
            return self.inline_table()
        match = re.compile(r"true|false|[+-]?[0-9]+").match(self.text, self.at)
        if not match:
            raise self.fail("a value expected")
        self.at = match.end()
        word = match.group(0)
        return word == "true" if word in ("true", "false") else int(word)

    def array(self) -> List[Any]:
        self.at += 1
        items: List[Any] = []
        while True:
            self.skip(newlines=True)
            if self.text.startswith("]", self.at):
                self.at += 1
                return items
            items.append(self.value())
            self.skip(newlines=True)
            if self.text.startswith(",", self.at):
                self.at += 1
            elif not self.text.startswith("]", self.at):
                raise self.fail("',' or ']' expected")

    def inline_table(self) -> Dict[str, Any]:
        self.at += 1
        table: Dict[str, Any] = {}
        self.skip(newlines=False)
        if self.text.startswith("}", self.at):
            self.at += 1
            return table
        while True:
            self.skip(newlines=False)
            self.assign(table)
            self.skip(newlines=False)
            if self.text.startswith("}", self.at):
                self.at += 1
                return table
            if not self.text.startswith(",", self.at):
                raise self.fail("',' or '}' expected")
            self.at += 1

    def assign(self, table: Dict[str, Any]) -> None:
        name = self.key()
        self.skip(newlines=False)
        if not self.text.startswith("=", self.at):
            raise self.fail("'=' expected")
        self.at += 1
        self.skip(newlines=False)
        if name in table:
            raise self.fail(f"key {name!r} repeated")
        table[name] = self.value()

    def document(self) -> Dict[str, Any]:
        root: Dict[str, Any] = {}
        table = root
        while True:
            self.skip(newlines=True)
            if self.at >= len(self.text):
                return root
            if self.text.startswith("[", self.at):
                end = self.text.find("]", self.at)
                if end < 0 or self.text.startswith("[[", self.at):
                    raise self.fail("only [table] headers are read")
                table = root
                for part in self.text[self.at + 1:end].strip().split("."):
                    table = table.setdefault(part.strip(), {})
                self.at = end + 1
            else:
                self.assign(table)
            self.skip(newlines=False)
            if self.at < len(self.text) and self.text[self.at] not in "\r\n":
                raise self.fail("end of line expected")


def parse_toml(text: str) -> Dict[str, Any]:
    """pyproject.toml as a dict: tomllib when the interpreter has it, else the reader above."""
    try:
        import tomllib
    except ImportError:
        return _TomlReader(text).document()
    return tomllib.loads(text)


# ---- metadata --------------------------------------------------------------------------------------

def project_metadata(root: Path = ROOT) -> Dict[str, Any]:
    """The [project] table with "version" filled in from telemed/_version.py."""
    project = dict(parse_toml((root / "pyproject.toml").read_text(encoding="utf-8"))["project"])
    unknown = set(project) - _PROJECT_KEYS
    if unknown:
        raise ValueError(f"pyproject.toml: [project] keys this backend does not handle: {sorted(unknown)}")
    if project.get("dynamic") != ["version"]:
        raise ValueError('pyproject.toml: the version must be dynamic = ["version"]')
    match = _VERSION.search((root / PACKAGE / "_version.py").read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{PACKAGE}/_version.py: no __version__ = \"X.Y.Z\"")
    project["version"] = match.group(1)
    return project


def _license_file(root: Path) -> Optional[Path]:
    """LICENSE beside pyproject.toml (an sdist), else the repository's, two levels up."""
    for path in (root / "LICENSE", root.parent.parent / "LICENSE"):
        if path.is_file():
            return path
    return None


def _metadata(project: Dict[str, Any], root: Path) -> str:
    """The core metadata (version 2.1): METADATA in the wheel, PKG-INFO in the sdist."""
    lines = ["Metadata-Version: 2.1", f"Name: {project['name']}", f"Version: {project['version']}"]
    if "description" in project:
        lines.append(f"Summary: {project['description']}")
    if project.get("keywords"):
        lines.append("Keywords: " + ",".join(project["keywords"]))
    names = [a["name"] for a in project.get("authors", []) if "name" in a and "email" not in a]
    emails = [(f"{a['name']} <{a['email']}>" if "name" in a else a["email"])
              for a in project.get("authors", []) if "email" in a]
    if names:
        lines.append("Author: " + ", ".join(names))
    if emails:
        lines.append("Author-email: " + ", ".join(emails))
    if "license" in project:
        lines.append(f"License: {project['license']['text']}")
    lines += [f"Classifier: {c}" for c in project.get("classifiers", [])]
    if "requires-python" in project:
        lines.append(f"Requires-Python: {project['requires-python']}")
    body = ""
    if "readme" in project:
        lines.append("Description-Content-Type: text/markdown")
        body = (root / project["readme"]).read_text(encoding="utf-8")
    return "\n".join(lines) + "\n\n" + body


def _dist_name(project: Dict[str, Any]) -> str:
    """The distribution name as wheel and sdist file names spell it."""
    return re.sub(r"[-_.]+", "_", project["name"]).lower()


# ---- archives --------------------------------------------------------------------------------------

def _epoch() -> int:
    """The time written into archives: SOURCE_DATE_EPOCH, else 1980-01-01 (the first a zip holds)."""
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)


def _package_files(root: Path) -> List[Tuple[str, Path]]:
    """(name in the archive, file) of the package: its modules, stubs and py.typed, no caches."""
    package = root / PACKAGE
    files = [p for p in package.rglob("*")
             if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".pyi", ".typed")]
    return sorted((p.relative_to(root).as_posix(), p) for p in files)


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return f"{name},sha256={digest},{len(data)}"


def _dist_info(project: Dict[str, Any], root: Path) -> List[Tuple[str, bytes]]:
    """The .dist-info files but RECORD: METADATA, WHEEL and the licence."""
    info = f"{_dist_name(project)}-{project['version']}.dist-info"
    wheel = (f"Wheel-Version: 1.0\nGenerator: {GENERATOR} {project['version']}\n"
             "Root-Is-Purelib: true\nTag: py3-none-any\n")
    files = [(f"{info}/METADATA", _metadata(project, root).encode("utf-8")),
             (f"{info}/WHEEL", wheel.encode("utf-8"))]
    license_path = _license_file(root)
    if license_path is not None:
        files.append((f"{info}/LICENSE", license_path.read_bytes()))
    return files


def _write_wheel(directory: str, project: Dict[str, Any], contents: List[Tuple[str, bytes]],
                 root: Path) -> str:
    """Writes the wheel of ``contents`` plus its .dist-info (RECORD last) and returns its name."""
    info = f"{_dist_name(project)}-{project['version']}.dist-info"
    entries = contents + _dist_info(project, root)
    record = "".join(_record_line(name, data) + "\n" for name, data in entries) + f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode("utf-8")))
    name = f"{_dist_name(project)}-{project['version']}-py3-none-any.whl"
    stamp = time.gmtime(_epoch())[:6]
    with zipfile.ZipFile(Path(directory) / name, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries:
            item = zipfile.ZipInfo(entry, date_time=stamp)
            item.external_attr = 0o644 << 16
            item.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(item, data)
    return name


def _write_metadata_directory(directory: str, root: Path) -> str:
    project = project_metadata(root)
    for name, data in _dist_info(project, root):
        path = Path(directory) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return f"{_dist_name(project)}-{project['version']}.dist-info"


# ---- PEP 517 and PEP 660 hooks ---------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    """Nothing: the backend is the standard library."""
    return []


def get_requires_for_build_sdist(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    """Nothing: the backend is the standard library."""
    return []


def get_requires_for_build_editable(config_settings: Optional[Dict[str, Any]] = None) -> List[str]:
    """Nothing: the backend is the standard library."""
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: Optional[Dict[str, Any]] = None) -> str:
    """Writes the .dist-info folder (without RECORD) into ``metadata_directory``."""
    return _write_metadata_directory(metadata_directory, ROOT)


def prepare_metadata_for_build_editable(metadata_directory: str,
                                        config_settings: Optional[Dict[str, Any]] = None) -> str:
    """As prepare_metadata_for_build_wheel."""
    return _write_metadata_directory(metadata_directory, ROOT)


def build_wheel(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                metadata_directory: Optional[str] = None) -> str:
    """Builds telemed-<version>-py3-none-any.whl into ``wheel_directory``; returns its name."""
    project = project_metadata(ROOT)
    contents = [(name, path.read_bytes()) for name, path in _package_files(ROOT)]
    return _write_wheel(wheel_directory, project, contents, ROOT)


def build_editable(wheel_directory: str, config_settings: Optional[Dict[str, Any]] = None,
                   metadata_directory: Optional[str] = None) -> str:
    """An editable wheel (pip install -e): a .pth file that puts this folder on sys.path."""
    project = project_metadata(ROOT)
    pth = (str(ROOT) + "\n").encode("utf-8")
    return _write_wheel(wheel_directory, project, [(f"_{_dist_name(project)}_editable.pth", pth)], ROOT)


def build_sdist(sdist_directory: str, config_settings: Optional[Dict[str, Any]] = None) -> str:
    """Builds telemed-<version>.tar.gz into ``sdist_directory``: the sources, this backend, the tests,
    LICENSE and PKG-INFO; a wheel built from it is the wheel built here. Returns its name."""
    project = project_metadata(ROOT)
    base = f"{_dist_name(project)}-{project['version']}"
    members = [(name, path.read_bytes()) for name, path in _package_files(ROOT)]
    members += [(p.relative_to(ROOT).as_posix(), p.read_bytes())
                for p in sorted((ROOT / "tests").glob("*.py")) + sorted((ROOT / "build_backend").glob("*.py"))]
    members += [(name, (ROOT / name).read_bytes()) for name in ("pyproject.toml", project.get("readme"))
                if name]
    license_path = _license_file(ROOT)
    if license_path is not None:
        members.append(("LICENSE", license_path.read_bytes()))
    members.append(("PKG-INFO", _metadata(project, ROOT).encode("utf-8")))
    name = f"{base}.tar.gz"
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for member, data in sorted(members):
            item = tarfile.TarInfo(f"{base}/{member}")
            item.size, item.mtime, item.mode = len(data), _epoch(), 0o644
            archive.addfile(item, io.BytesIO(data))
    with open(Path(sdist_directory) / name, "wb") as out, \
            gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=_epoch()) as compressed:
        compressed.write(buffer.getvalue())
    return name
