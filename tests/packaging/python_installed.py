"""Run by check_python_package.cmake in a virtual environment where pip installed bindings/python:
the package imported is the installed one, it found the installed library (LD_LIBRARY_PATH, no
TELEMED_LIBRARY), and an operation runs.

Usage: python python_installed.py VERSION LIBRARY_PREFIX
"""

import os
import sys
from pathlib import Path

import telemed
from telemed import _native


def main() -> int:
    version, prefix = sys.argv[1], os.path.realpath(sys.argv[2])
    package = Path(telemed.__file__).resolve().parent
    checks = {
        "imported from the environment's site-packages": "site-packages" in package.parts,
        "py.typed installed": (package / "py.typed").is_file(),
        "TELEMED_LIBRARY unset": "TELEMED_LIBRARY" not in os.environ,
        "loaded by its SONAME": _native.library_path == "libtelemed.so.0",
        "binding version": telemed.__version__ == version,
        "library version": telemed.library_version() == version,
    }
    # The library mapped into this process is the one installed under the prefix.
    with open("/proc/self/maps", encoding="utf-8") as maps:
        mapped = {line.split()[-1] for line in maps if "libtelemed.so" in line}
    checks["library from the prefix"] = bool(mapped) and all(
        os.path.realpath(path).startswith(prefix + os.sep) for path in mapped)
    with telemed.Context(jurisdiction="RU-NVS") as ctx:
        checks["an operation runs"] = ctx.validate_identifier("snils", "112-233-445 95")["valid"] is True
    with telemed.Context() as ctx:
        checks["default context is federal"] = ctx.describe()["jurisdiction"] == "RU"
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        print("FAILED: " + ", ".join(failed) + f" (package {package}, library {mapped})")
        return 1
    print(f"telemed {telemed.__version__} installed with pip; library {telemed.library_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
