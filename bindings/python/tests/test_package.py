"""Tests of the binding as a package: its version, the library it loads, the default context's zone
and the offline build backend (wheel, sdist, METADATA, RECORD).

Run from the repository root:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -t bindings/python -v
"""

import base64
import ctypes
import hashlib
import os
import re
import sys
import tarfile
import tempfile
import unittest
import zipfile
from pathlib import Path
from unittest import mock

import telemed
from telemed import _native

PROJECT = Path(__file__).resolve().parents[1]  # bindings/python, or an unpacked sdist
HEADER = PROJECT.parent.parent / "capi" / "include" / "telemed.h"

sys.path.insert(0, str(PROJECT / "build_backend"))
import telemed_build  # noqa: E402  (the in-tree backend, found as pip finds it: backend-path)


def header_version():
    """TM_VERSION_MAJOR.MINOR.PATCH of the C header, or None outside the repository."""
    if not HEADER.is_file():
        return None
    text = HEADER.read_text(encoding="utf-8")
    parts = [re.search(rf"#define TM_VERSION_{p} ([0-9]+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


class VersionTest(unittest.TestCase):
    def test_binding_version_is_the_headers(self):
        expected = header_version()
        if expected is None:
            self.skipTest("not in the telemed repository: no capi/include/telemed.h")
        self.assertEqual(telemed.__version__, expected)

    def test_library_version(self):
        self.assertRegex(telemed.library_version(), r"^[0-9]+\.[0-9]+\.[0-9]+$")
        self.assertEqual(telemed.library_version(), telemed.version())
        # The number and the text agree: MAJOR * 10000 + MINOR * 100 + PATCH.
        major, minor, patch = (int(p) for p in telemed.library_version().split("."))
        self.assertEqual(telemed.version_number(), major * 10000 + minor * 100 + patch)

    def test_min_library_version_is_the_bindings_minor(self):
        major, minor, _patch = telemed.__version__.split(".")
        self.assertEqual(_native.MIN_LIBRARY_VERSION, (int(major), int(minor)))
        self.assertEqual(_native.SONAME, f"libtelemed.so.{major}")

    def test_check_version(self):
        # The binding is 0.4: 0.4.0 (400) and 0.7.3 (703) load; 0.3.9 (309) lacks tm_call; 1.4.0
        # (10400) is another ABI.
        with mock.patch.object(_native, "MIN_LIBRARY_VERSION", (0, 4)):
            _native.check_version(400, "lib")
            _native.check_version(703, "lib")
            with self.assertRaises(ImportError) as cm:
                _native.check_version(309, "/opt/old/libtelemed.so.0")
            self.assertIn("/opt/old/libtelemed.so.0 is telemed 0.3.9", str(cm.exception))
            self.assertIn("needs 0.4 or a later 0.x", str(cm.exception))
            with self.assertRaises(ImportError) as cm:
                _native.check_version(10400, "lib")
            self.assertIn("is telemed 1.4.0", str(cm.exception))


class LoadTest(unittest.TestCase):
    """The search order, with a fake loader: TELEMED_LIBRARY alone, else libtelemed.so.0, then
    find_library; build folders never."""

    def loader(self, loadable):
        self.tried = []

        def load(path):
            self.tried.append(path)
            if path in loadable:
                return f"handle of {path}"
            raise OSError(f"{path}: cannot open shared object file")
        return load

    def test_explicit_library_is_final(self):
        def find_library(_name):
            raise AssertionError("find_library must not be asked when TELEMED_LIBRARY is set")
        with self.assertRaises(ImportError) as cm:
            _native.load({"TELEMED_LIBRARY": "/nowhere/libtelemed.so"},
                         self.loader({"libtelemed.so.0"}), find_library)
        self.assertEqual(self.tried, ["/nowhere/libtelemed.so"])
        message = str(cm.exception)
        self.assertIn("from TELEMED_LIBRARY", message)
        self.assertIn("/nowhere/libtelemed.so: /nowhere/libtelemed.so: cannot open", message)
        self.assertEqual(_native.load({"TELEMED_LIBRARY": "/x/libtelemed.so"},
                                      self.loader({"/x/libtelemed.so"}), find_library),
                         ("handle of /x/libtelemed.so", "/x/libtelemed.so"))

    def test_installed_soname_first(self):
        self.assertEqual(_native.load({}, self.loader({"libtelemed.so.0"}), lambda _n: "libtelemed.so"),
                         ("handle of libtelemed.so.0", "libtelemed.so.0"))
        self.assertEqual(self.tried, ["libtelemed.so.0"])

    def test_find_library_after_the_soname(self):
        found = _native.load({}, self.loader({"/usr/local/lib/libtelemed.so"}),
                             lambda _n: "/usr/local/lib/libtelemed.so")
        self.assertEqual(found[1], "/usr/local/lib/libtelemed.so")
        self.assertEqual(self.tried, ["libtelemed.so.0", "/usr/local/lib/libtelemed.so"])

    def test_error_lists_every_candidate(self):
        with self.assertRaises(ImportError) as cm:
            _native.load({"TELEMED_LIBRARY": ""}, self.loader(set()), lambda _n: None)
        message = str(cm.exception)
        self.assertIn("from the installed libtelemed.so.0", message)
        self.assertIn("libtelemed.so.0: libtelemed.so.0: cannot open shared object file", message)
        self.assertIn('ctypes.util.find_library("telemed"): nothing found', message)
        self.assertIn("TELEMED_LIBRARY", message)  # how to point at a build
        self.assertNotIn("build/", message)
        self.assertEqual(self.tried, ["libtelemed.so.0"])

    def test_no_build_folder_is_searched(self):
        with self.assertRaises(ImportError):
            _native.load({}, self.loader(set()), lambda _n: "libtelemed.so.7")
        self.assertEqual(self.tried, ["libtelemed.so.0", "libtelemed.so.7"])

    def test_loaded_library_is_the_one_named(self):
        # The suite runs with TELEMED_LIBRARY naming the build under test.
        if os.environ.get("TELEMED_LIBRARY"):
            self.assertEqual(_native.library_path, os.environ["TELEMED_LIBRARY"])


class DefaultZoneTest(unittest.TestCase):
    """default_time_zone() on a fake root: TZ, then /etc/timezone, then the /etc/localtime link,
    else Europe/Moscow; only names of zones the database under the root holds."""

    def setUp(self):
        self.root = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.root))
        for zone in ("Europe/Moscow", "Asia/Novosibirsk", "Asia/Yekaterinburg", "Europe/Kirov",
                     "posixrules", "posix/Asia/Omsk", "right/Asia/Omsk", "Factory"):
            path = self.root / "usr/share/zoneinfo" / zone
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"TZif2")
        (self.root / "etc").mkdir()

    def zone(self, environ):
        return telemed.default_time_zone(environ, self.root)

    def write_timezone(self, text):
        (self.root / "etc/timezone").write_text(text, encoding="utf-8")

    def link_localtime(self, target):
        os.symlink(target, self.root / "etc/localtime")

    def test_nothing_names_a_zone(self):
        self.assertEqual(self.zone({}), "Europe/Moscow")
        self.assertEqual(telemed.FALLBACK_TIME_ZONE, "Europe/Moscow")

    def test_tz_first(self):
        self.write_timezone("Asia/Yekaterinburg\n")
        self.link_localtime("/usr/share/zoneinfo/Europe/Kirov")
        self.assertEqual(self.zone({"TZ": "Asia/Novosibirsk"}), "Asia/Novosibirsk")
        self.assertEqual(self.zone({"TZ": ":Asia/Novosibirsk"}), "Asia/Novosibirsk")
        self.assertEqual(self.zone({"TZ": ":/usr/share/zoneinfo/Asia/Novosibirsk"}), "Asia/Novosibirsk")

    def test_etc_timezone_second(self):
        self.write_timezone("Asia/Yekaterinburg\nignored\n")
        self.link_localtime("/usr/share/zoneinfo/Europe/Kirov")
        self.assertEqual(self.zone({}), "Asia/Yekaterinburg")
        # A POSIX rule, a zone the database lacks and a path that leaves it are not zones.
        for tz in ("MSK-3", "Mars/Olympus_Mons", "../../etc/passwd", "", "  "):
            self.assertEqual(self.zone({"TZ": tz}), "Asia/Yekaterinburg", tz)

    def test_localtime_link_third(self):
        self.link_localtime("/usr/share/zoneinfo/Europe/Kirov")
        self.assertEqual(self.zone({}), "Europe/Kirov")

    def test_relative_localtime_link(self):
        self.link_localtime("../usr/share/zoneinfo/Asia/Novosibirsk")
        self.assertEqual(self.zone({}), "Asia/Novosibirsk")

    def test_files_that_are_not_zones(self):
        # The library refuses these as a context's zone (docs/architecture.md, "Dates").
        for name in ("posixrules", "posix/Asia/Omsk", "right/Asia/Omsk", "Factory", "localtime"):
            self.assertEqual(self.zone({"TZ": name}), "Europe/Moscow", name)
        self.write_timezone("posix/Asia/Omsk\n")
        self.link_localtime("/etc/somewhere/else")
        self.assertEqual(self.zone({}), "Europe/Moscow")

    def test_unreadable_etc_timezone(self):
        (self.root / "etc/timezone").write_bytes(b"\xff\xfe")
        self.assertEqual(self.zone({}), "Europe/Moscow")

    def test_context_takes_the_machine_zone(self):
        with mock.patch.dict(os.environ, {"TZ": "Asia/Novosibirsk"}):
            with telemed.Context() as ctx:
                info = ctx.describe()
            self.assertEqual((info["jurisdiction"], info["time_zone"]), ("RU", "Asia/Novosibirsk"))
            # A region keeps the zone its rules give; a zone named by the caller wins.
            with telemed.Context(jurisdiction="RU-KIR") as ctx:
                self.assertEqual(ctx.describe()["time_zone"], "Europe/Kirov")
            with telemed.Context(time_zone="Asia/Kamchatka") as ctx:
                self.assertEqual(ctx.describe()["time_zone"], "Asia/Kamchatka")


class BackendTest(unittest.TestCase):
    """The offline build backend: the wheel and sdist pip builds, file by file."""

    def setUp(self):
        self.out = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.out))

    def test_no_build_requirements(self):
        self.assertEqual(telemed_build.get_requires_for_build_wheel(), [])
        self.assertEqual(telemed_build.get_requires_for_build_sdist(), [])
        self.assertEqual(telemed_build.get_requires_for_build_editable(), [])

    def test_wheel(self):
        name = telemed_build.build_wheel(str(self.out))
        version = telemed.__version__
        self.assertEqual(name, f"telemed-{version}-py3-none-any.whl")
        info = f"telemed-{version}.dist-info"
        with zipfile.ZipFile(self.out / name) as wheel:
            names = wheel.namelist()
            self.assertEqual(sorted(n for n in names if n.startswith("telemed/")),
                             ["telemed/__init__.py", "telemed/_native.py", "telemed/_version.py",
                              "telemed/py.typed"])
            self.assertEqual(names[-1], f"{info}/RECORD")
            self.assertIn(f"{info}/LICENSE", names)
            metadata = wheel.read(f"{info}/METADATA").decode("utf-8")
            self.assertIn("Metadata-Version: 2.1\nName: telemed\n", metadata)
            self.assertIn(f"\nVersion: {version}\n", metadata)
            self.assertIn("\nRequires-Python: >=3.8\n", metadata)
            self.assertIn("\nLicense: MIT\n", metadata)
            self.assertIn("\n\n# telemed for Python\n", metadata)  # the README is the description
            self.assertIn("Root-Is-Purelib: true\nTag: py3-none-any\n",
                          wheel.read(f"{info}/WHEEL").decode("utf-8"))
            # RECORD: every other file once, with its urlsafe-base64 SHA-256 and size.
            record = wheel.read(f"{info}/RECORD").decode("utf-8").splitlines()
            self.assertEqual(record[-1], f"{info}/RECORD,,")
            listed = {}
            for line in record[:-1]:
                path, digest, size = line.split(",")
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
                self.assertEqual(digest, "sha256=" + expected.decode("ascii"), path)
                self.assertEqual(int(size), len(data), path)
                listed[path] = True
            self.assertEqual(sorted(listed), sorted(n for n in names if n != f"{info}/RECORD"))

    def test_wheel_is_reproducible(self):
        first = telemed_build.build_wheel(str(self.out))
        data = (self.out / first).read_bytes()
        (self.out / first).unlink()
        second = telemed_build.build_wheel(str(self.out))
        self.assertEqual((self.out / second).read_bytes(), data)

    def test_sdist_builds_the_same_wheel(self):
        sdist = telemed_build.build_sdist(str(self.out))
        base = f"telemed-{telemed.__version__}"
        self.assertEqual(sdist, f"{base}.tar.gz")
        with tarfile.open(self.out / sdist) as archive:
            names = archive.getnames()
            for needed in ("pyproject.toml", "PKG-INFO", "README.md", "LICENSE",
                           "build_backend/telemed_build.py", "telemed/__init__.py", "telemed/py.typed",
                           "tests/test_package.py"):
                self.assertIn(f"{base}/{needed}", names)
            self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".pyc")])
            archive.extractall(self.out / "unpacked")
        # The wheel built from the unpacked sdist holds the same files as the one built here.
        unpacked = self.out / "unpacked" / base
        with mock.patch.object(telemed_build, "ROOT", unpacked):
            from_sdist = telemed_build.build_wheel(str(self.out / "unpacked"))
        here = telemed_build.build_wheel(str(self.out))
        with zipfile.ZipFile(self.out / "unpacked" / from_sdist) as a, zipfile.ZipFile(self.out / here) as b:
            self.assertEqual(a.namelist(), b.namelist())
            for name in a.namelist():
                self.assertEqual(a.read(name), b.read(name), name)

    def test_metadata_directory(self):
        info = telemed_build.prepare_metadata_for_build_wheel(str(self.out))
        self.assertEqual(info, f"telemed-{telemed.__version__}.dist-info")
        self.assertTrue((self.out / info / "METADATA").is_file())

    def test_editable_wheel_points_here(self):
        name = telemed_build.build_editable(str(self.out))
        with zipfile.ZipFile(self.out / name) as wheel:
            self.assertEqual(wheel.read("_telemed_editable.pth").decode("utf-8").strip(),
                             str(telemed_build.ROOT))

    def test_toml_reader_agrees_with_tomllib(self):
        # The reader used on Python < 3.11 reads pyproject.toml as tomllib does.
        text = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
        ours = telemed_build._TomlReader(text).document()
        self.assertEqual(ours["build-system"]["backend-path"], ["build_backend"])
        self.assertEqual(ours["project"]["license"], {"text": "MIT"})
        try:
            import tomllib
        except ImportError:
            self.skipTest("tomllib is Python 3.11's")
        self.assertEqual(ours, tomllib.loads(text))

    def test_toml_reader_refuses_what_it_does_not_read(self):
        for text in ('a = """x"""\n', "[[tables]]\n", "a.b = 1\n", 'a = "x" b = 1\n', "a = 1\na = 2\n"):
            with self.assertRaises(ValueError, msg=text):
                telemed_build._TomlReader(text).document()

    def test_unknown_project_keys_refused(self):
        root = self.out / "project"
        (root / "telemed").mkdir(parents=True)
        (root / "telemed" / "_version.py").write_text('__version__ = "1.2.3"\n', encoding="utf-8")
        (root / "pyproject.toml").write_text(
            '[project]\nname = "telemed"\ndynamic = ["version"]\ndependencies = ["x"]\n', encoding="utf-8")
        with self.assertRaises(ValueError) as cm:
            telemed_build.project_metadata(root)
        self.assertIn("dependencies", str(cm.exception))
        (root / "pyproject.toml").write_text('[project]\nname = "telemed"\ndynamic = ["version"]\n',
                                             encoding="utf-8")
        self.assertEqual(telemed_build.project_metadata(root)["version"], "1.2.3")


class TypedTest(unittest.TestCase):
    def test_py_typed_marker(self):
        self.assertTrue((Path(telemed.__file__).parent / "py.typed").is_file())

    def test_public_functions_are_annotated(self):
        import inspect
        for name in telemed.__all__:
            value = getattr(telemed, name)
            members = [value]
            if inspect.isclass(value) and not issubclass(value, BaseException):
                members = [m for n, m in vars(value).items()
                           if inspect.isfunction(m) and (not n.startswith("_") or n == "__init__")]
            for member in members:
                if inspect.isfunction(member):
                    signature = inspect.signature(member)
                    self.assertIn("return", member.__annotations__, member.__qualname__)
                    for parameter in signature.parameters.values():
                        if parameter.name != "self":
                            self.assertIn(parameter.name, member.__annotations__,
                                          f"{member.__qualname__}({parameter.name})")


if __name__ == "__main__":
    unittest.main()
