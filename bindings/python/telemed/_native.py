"""Low-level ctypes declarations of the telemed C API (capi/include/telemed.h).

This module only loads the shared library and declares every function of the header; the Pythonic
layer lives in ``telemed/__init__.py``. The library is looked for in this order:

1. the file named by the environment variable ``TELEMED_LIBRARY`` (a full path; when it is set,
   nothing else is tried, so a wrong path is an error rather than another build silently used);
2. ``libtelemed.so.0``, the installed library of this major version, as the dynamic linker finds it
   (``LD_LIBRARY_PATH``, ``/etc/ld.so.cache``, ``/usr/lib/<multiarch>``: the Debian package
   ``libtelemed0`` or ``cmake --install``);
3. what ``ctypes.util.find_library("telemed")`` names.

Build folders are never searched: a sanitizer build there cannot be loaded into a plain
interpreter. When nothing loads, ImportError lists every candidate with its reason.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from typing import Callable, List, Mapping, Optional, Tuple

from ._version import __version__

__all__ = [
    "BLE_BLOOD_PRESSURE_MEASUREMENT",
    "BLE_GLUCOSE_MEASUREMENT",
    "BLE_GLUCOSE_MEASUREMENT_CONTEXT",
    "CONTEXT_OPTIONS_VERSION",
    "ClockFn",
    "ContextOptions",
    "EXTERNAL_SIGNER_VERSION",
    "Error",
    "ExternalSigner",
    "MIN_LIBRARY_VERSION",
    "SIGNATURE_MAX_BYTES",
    "SONAME",
    "SignFn",
    "check_version",
    "lib",
    "library_path",
    "load",
]

#: The oldest library this binding runs on (MAJOR, MINOR): its own version's, since it uses what that
#: version added (tm_operation_list and tm_call came in 0.4).
MIN_LIBRARY_VERSION: Tuple[int, int] = (int(__version__.split(".")[0]), int(__version__.split(".")[1]))

#: The SONAME of the library of this major version.
SONAME = f"libtelemed.so.{MIN_LIBRARY_VERSION[0]}"

#: TM_CONTEXT_OPTIONS_VERSION: the layout of ContextOptions below.
CONTEXT_OPTIONS_VERSION = 1

#: The Bluetooth LE characteristics tm_reading_decode_ble_bytes() decodes (TM_BLE_*).
BLE_BLOOD_PRESSURE_MEASUREMENT = 0x2A35
BLE_GLUCOSE_MEASUREMENT = 0x2A18
BLE_GLUCOSE_MEASUREMENT_CONTEXT = 0x2A34

#: TM_EXTERNAL_SIGNER_VERSION: the layout of ExternalSigner below.
EXTERNAL_SIGNER_VERSION = 1

#: TM_SIGNATURE_MAX_BYTES: the room an external signer's callback gets for its signature.
SIGNATURE_MAX_BYTES = 1024

#: typedef int64_t (*tm_clock_fn)(void* user_data);
ClockFn = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)

#: typedef int (*tm_sign_fn)(void* user_data, const unsigned char* message, size_t message_len,
#:                           unsigned char* signature, size_t signature_capacity,
#:                           size_t* signature_len);
#: Returns 0 on success, anything else on failure.
SignFn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_ubyte),
                          ctypes.c_size_t, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_size_t,
                          ctypes.POINTER(ctypes.c_size_t))


class Error(ctypes.Structure):
    """struct tm_error: owned by the library, read through tm_error_last(); never allocate it."""

    _fields_ = [
        ("status", ctypes.c_int),
        ("code", ctypes.c_char_p),
        ("message_en", ctypes.c_char_p),
        ("message_ru", ctypes.c_char_p),
        ("pointer", ctypes.c_char_p),
        ("rule_id", ctypes.c_char_p),
    ]


class ContextOptions(ctypes.Structure):
    """struct tm_context_options (version 1); fill with tm_context_options_init() first."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("jurisdiction", ctypes.c_char_p),
        ("time_zone", ctypes.c_char_p),
        ("config_json", ctypes.c_char_p),
        ("config_json_len", ctypes.c_size_t),
        ("clock", ClockFn),
        ("clock_user_data", ctypes.c_void_p),
    ]


class ExternalSigner(ctypes.Structure):
    """struct tm_external_signer (version 1); fill with tm_external_signer_init() first.

    The header offers no tm_external_signer_size() to compare layouts with (as it does for
    tm_context_options), and none is needed: the struct is the caller's, the library only reads it
    (const), and it reads ``version`` first and refuses anything but the version it was built with
    (TM_E_STRUCT_VERSION) before it touches another field. This binding always writes version 1,
    the layout declared here, so a library with another layout fails cleanly instead of reading
    past the struct.
    """

    _fields_ = [
        ("version", ctypes.c_uint),
        ("algorithm", ctypes.c_char_p),
        ("key_id", ctypes.c_char_p),
        ("certificate", ctypes.c_char_p),
        ("sign", SignFn),
        ("user_data", ctypes.c_void_p),
    ]


def load(environ: Mapping[str, str] = os.environ,
         loader: Callable[[str], ctypes.CDLL] = ctypes.CDLL,
         find_library: Callable[[str], Optional[str]] = ctypes.util.find_library
         ) -> Tuple[ctypes.CDLL, str]:
    """Loads the library in the search order of the module docstring; returns it with the path or
    name it was loaded by. Raises ImportError naming every candidate tried and why it failed."""
    tried: List[str] = []

    def attempt(path: str) -> Optional[ctypes.CDLL]:
        try:
            return loader(path)
        except OSError as exc:
            tried.append(f"{path}: {exc}")
            return None

    explicit = environ.get("TELEMED_LIBRARY")
    first = explicit or SONAME
    handle = attempt(first)
    if handle is not None:
        return handle, first
    if not explicit:
        # Only when the SONAME did not load: find_library runs ldconfig or the compiler.
        found = find_library("telemed")
        if not found:
            tried.append('ctypes.util.find_library("telemed"): nothing found')
        elif found != SONAME:
            handle = attempt(found)
            if handle is not None:
                return handle, found
    source = "TELEMED_LIBRARY" if explicit else "the installed libtelemed.so.0"
    raise ImportError(f"cannot load libtelemed from {source}: install the libtelemed0 package (or "
                      "`cmake --install` the library), or set TELEMED_LIBRARY to the full path of "
                      "libtelemed.so. Tried: " + "; ".join(tried))


def check_version(number: int, path: str) -> None:
    """Refuses a library of another major version, or older than MIN_LIBRARY_VERSION (``number`` is
    its tm_version_number())."""
    major, rest = divmod(number, 10000)
    minor = rest // 100
    want_major, want_minor = MIN_LIBRARY_VERSION
    if major != want_major or minor < want_minor:
        raise ImportError(f"{path} is telemed {major}.{minor}.{number % 100}; this binding "
                          f"({__version__}) needs {want_major}.{want_minor} or a later "
                          f"{want_major}.x")


lib, library_path = load()
# Checked before anything else is declared: an older library lacks functions this binding declares.
lib.tm_version_number.restype = ctypes.c_int
lib.tm_version_number.argtypes = []
check_version(lib.tm_version_number(), library_path)

_char_pp = ctypes.POINTER(ctypes.POINTER(ctypes.c_char))
_size_p = ctypes.POINTER(ctypes.c_size_t)
_context_p = ctypes.c_void_p  # tm_context* is opaque
_stream_p = ctypes.c_void_p  # tm_reading_stream* is opaque
_signing_key_p = ctypes.c_void_p  # tm_signing_key* is opaque


def _declare(name: str, restype: object, *argtypes: object) -> None:
    fn = getattr(lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)


_declare("tm_error_last", ctypes.POINTER(Error))
_declare("tm_error_clear", None)
_declare("tm_status_name", ctypes.c_char_p, ctypes.c_int)
_declare("tm_status_describe", ctypes.c_char_p, ctypes.c_int)
_declare("tm_version_number", ctypes.c_int)
_declare("tm_version_string", ctypes.c_char_p)
_declare("tm_string_free", None, ctypes.POINTER(ctypes.c_char))

_declare("tm_context_options_init", ctypes.c_int, ctypes.POINTER(ContextOptions), ctypes.c_uint)
_declare("tm_context_options_size", ctypes.c_size_t)
_declare("tm_context_options_version", ctypes.c_uint)
_declare("tm_context_new", ctypes.c_int, ctypes.POINTER(_context_p), ctypes.POINTER(ContextOptions))
_declare("tm_context_free", None, _context_p)

# The JSON operations are not declared one by one: the library lists them (tm_operation_list) and
# calls any of them by name (tm_call), so an operation it adds reaches this binding unchanged.
_declare("tm_operation_list", ctypes.c_int, _char_pp, _size_p)
_declare("tm_call", ctypes.c_int, _context_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
         _char_pp, _size_p)

# Home-device readings: raw Bluetooth LE bytes (a bytes object is passed as a pointer to its buffer,
# with its length; NULL for None) and the NDJSON stream.
_declare("tm_reading_decode_ble_bytes", ctypes.c_int, _context_p, ctypes.c_uint, ctypes.c_char_p,
         ctypes.c_size_t, _char_pp, _size_p)
_declare("tm_reading_stream_open", ctypes.c_int, _context_p, ctypes.c_char_p, ctypes.c_size_t,
         ctypes.POINTER(_stream_p))
_declare("tm_reading_stream_feed", ctypes.c_int, _stream_p, ctypes.c_char_p, ctypes.c_size_t,
         _char_pp, _size_p)
_declare("tm_reading_stream_finish", ctypes.c_int, _stream_p, _char_pp, _size_p)
_declare("tm_reading_stream_free", None, _stream_p)

# Consultations (docs/consultation.md): signing keys, signers and keyed pseudonyms. Byte strings
# (seed, pseudonym key) are passed as a pointer to a bytes object's buffer with its length.
_declare("tm_signing_key_new", ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
         ctypes.c_char_p, ctypes.POINTER(_signing_key_p))
_declare("tm_signing_key_public", ctypes.c_int, _signing_key_p, ctypes.POINTER(ctypes.c_ubyte),
         ctypes.c_size_t)
_declare("tm_signing_key_free", None, _signing_key_p)
_declare("tm_external_signer_init", ctypes.c_int, ctypes.POINTER(ExternalSigner), ctypes.c_uint)
_declare("tm_protocol_sign", ctypes.c_int, _context_p, ctypes.c_char_p, ctypes.c_size_t,
         _signing_key_p, _char_pp, _size_p)
_declare("tm_protocol_sign_external", ctypes.c_int, _context_p, ctypes.c_char_p, ctypes.c_size_t,
         ctypes.POINTER(ExternalSigner), _char_pp, _size_p)
_declare("tm_identifier_pseudonym", ctypes.c_int, _context_p, ctypes.c_char_p, ctypes.c_size_t,
         ctypes.c_char_p, ctypes.c_size_t, _char_pp, _size_p)

if lib.tm_context_options_size() != ctypes.sizeof(ContextOptions):
    raise ImportError(
        f"{library_path}: tm_context_options is {lib.tm_context_options_size()} bytes in the library but "
        f"{ctypes.sizeof(ContextOptions)} bytes in this binding; rebuild or update the binding")
