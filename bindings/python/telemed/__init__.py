"""telemed: Python binding of the telemed C API (Russian doctor-patient telemedicine rules).

A thin layer over ``capi/include/telemed.h`` through ctypes: JSON documents go in as dicts (or JSON
text), results come back as dicts, and a failed call raises a :class:`TelemedError` subclass chosen by
its status. See ``docs/identity.md`` for the documents themselves.

Home-device readings (blood pressure, glucose) are checked with ``Context.validate_reading``,
``validate_readings`` and ``reading_to_fhir``, raw Bluetooth LE values decoded with
``Context.decode_ble``, and NDJSON files of any size streamed with ``Context.stream_readings`` or a
:class:`ReadingStream`.

Consultations (docs/consultation.md) advance event by event with ``Context.apply_event``; a
completed one gives its protocol (``build_protocol``), signed with a :class:`SigningKey` (built-in
Ed25519, ``sign_protocol``) or by a Python callable standing for a certified provider
(``sign_protocol_external``), checked with ``verify_protocol`` and ``verify_audit``, rendered for
people (``render_protocol``) and delivered (``protocol_deliveries``).

    >>> import telemed
    >>> with telemed.Context(jurisdiction="RU-NVS") as ctx:
    ...     ctx.validate_identifier("snils", "112-233-445 95")["valid"]
    True

The library is the file named by ``TELEMED_LIBRARY``, else the installed ``libtelemed.so.0``
(``telemed/_native.py``); ``__version__`` is the binding's version and :func:`library_version` the
library's. ``Context()`` is a federal context in the machine's zone (:func:`default_time_zone`).
Installing: docs/install.md.
"""

from __future__ import annotations

import ctypes
import datetime
import json
import os
import re
from pathlib import Path
from typing import (IO, Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence,
                    Union)

from . import _native
from ._native import BLE_BLOOD_PRESSURE_MEASUREMENT, BLE_GLUCOSE_MEASUREMENT
from ._native import BLE_GLUCOSE_MEASUREMENT_CONTEXT
from ._native import lib as _lib
from ._version import __version__

__all__ = [
    "BLE_BLOOD_PRESSURE_MEASUREMENT",
    "BLE_GLUCOSE_MEASUREMENT",
    "BLE_GLUCOSE_MEASUREMENT_CONTEXT",
    "Context",
    "FALLBACK_TIME_ZONE",
    "InternalError",
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "JsonSyntaxError",
    "LimitError",
    "NotFoundError",
    "OutOfMemoryError",
    "operations",
    "ReadingStream",
    "RulesError",
    "SignerError",
    "SigningKey",
    "StructVersionError",
    "TelemedError",
    "TimeZoneError",
    "ValidationError",
    "__version__",
    "default_time_zone",
    "library_version",
    "version",
    "version_number",
]

#: A JSON document as the methods take it: a dict or list (serialised with json), JSON text (str,
#: encoded as UTF-8) or bytes (passed as they are).
JSONDocument = Union[Dict[str, Any], List[Any], str, bytes]
#: A JSON object as the methods return it.
JSONObject = Dict[str, Any]
#: A calendar date: datetime.date or "YYYY-MM-DD".
DateLike = Union[datetime.date, str]
#: Bytes the C API reads: bytes, bytearray or memoryview.
BytesLike = Union[bytes, bytearray, memoryview]


# --------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------

class TelemedError(Exception):
    """A telemed call failed; the attributes copy tm_error_last() at the time of the failure.

    Attributes: ``status`` (int, a tm_status), ``status_name`` ("TM_E_VALIDATION"), ``code`` (stable
    problem code such as "unknown_field"), ``pointer`` (RFC 6901 JSON pointer of the offending field,
    "" for the whole document), ``rule_id``, ``message_en``, ``message_ru``, and ``report``: the parsed
    JSON output when the call returned one along with the failure (a validation report), else None.
    """

    def __init__(self, status: int, status_name: str, code: str = "", pointer: str = "",
                 rule_id: str = "", message_en: str = "", message_ru: str = "",
                 report: Optional[JSONObject] = None) -> None:
        self.status = status
        self.status_name = status_name
        self.code = code
        self.pointer = pointer
        self.rule_id = rule_id
        self.message_en = message_en
        self.message_ru = message_ru
        self.report = report
        super().__init__(status, status_name, code, pointer, rule_id, message_en, message_ru)

    def __str__(self) -> str:
        details = ", ".join(f"{name}={value!r}" for name, value in
                            (("code", self.code), ("pointer", self.pointer), ("rule", self.rule_id))
                            if value)
        text = f"{self.status_name}: {self.message_en}" if self.message_en else self.status_name
        return f"{text} ({details})" if details else text


class InvalidArgumentError(TelemedError):
    """TM_E_INVALID_ARGUMENT: a NULL pointer, or an option with a malformed value (jurisdiction)."""


class StructVersionError(TelemedError):
    """TM_E_STRUCT_VERSION: an option struct's version is not one the library knows."""


class JsonSyntaxError(TelemedError):
    """TM_E_JSON_SYNTAX: not well-formed JSON (truncated, trailing garbage, empty, a duplicate key)."""


class InvalidUtf8Error(TelemedError):
    """TM_E_INVALID_UTF8: a string in the input is not valid UTF-8; ``pointer`` names it."""


class LimitError(TelemedError):
    """TM_E_LIMIT: the input exceeds a limit (document size, nesting depth, string length)."""


class ValidationError(TelemedError):
    """TM_E_VALIDATION: well-formed JSON that breaks the model or a rule.

    ``report`` holds the full report listing every problem; ``code``/``pointer`` name the first error.
    """


class RulesError(TelemedError):
    """TM_E_RULES: a rule-set or configuration document is invalid, or no rule set is in force."""


class NotFoundError(TelemedError):
    """TM_E_NOT_FOUND: an unknown id (rule, rule set, operation)."""


class TimeZoneError(TelemedError):
    """TM_E_TIME_ZONE: the context's zone is unknown, or none is known for its jurisdiction.

    (An unknown zone inside a document is a ValidationError.)
    """


class OutOfMemoryError(TelemedError):
    """TM_E_NO_MEMORY: memory could not be allocated."""


class InternalError(TelemedError):
    """TM_E_INTERNAL: a defect in telemed."""


class SignerError(TelemedError):
    """TM_E_SIGNER: an external signer failed (code "signer_failed"): its callback reported a
    failure, or wrote a signature longer than the buffer it was given.

    From ``Context.sign_protocol_external``: when the Python callable raised, or returned something
    other than 1 to TM_SIGNATURE_MAX_BYTES (1024) bytes, that exception is the ``__cause__``.
    """


# tm_status value -> exception class. The numbers are pinned forever by the C header.
_ERRORS = {
    1: InvalidArgumentError,
    2: StructVersionError,
    3: JsonSyntaxError,
    4: InvalidUtf8Error,
    5: LimitError,
    6: ValidationError,
    7: RulesError,
    8: NotFoundError,
    9: TimeZoneError,
    10: OutOfMemoryError,
    11: InternalError,
    12: SignerError,
}


def _text(value: Optional[bytes]) -> str:
    """A const char* of the C API (bytes or None) as str."""
    return value.decode("utf-8", errors="replace") if value else ""


def _last_error(status: int) -> TelemedError:
    """Builds the exception for ``status`` from tm_error_last(); call it right after the failing call,
    before any other telemed call on this thread (which may overwrite the thread's last error)."""
    err = _lib.tm_error_last().contents
    cls = _ERRORS.get(status, TelemedError)
    return cls(status, _text(_lib.tm_status_name(status)), code=_text(err.code),
               pointer=_text(err.pointer), rule_id=_text(err.rule_id),
               message_en=_text(err.message_en), message_ru=_text(err.message_ru))


def _json_call(fn: Callable[..., int], *args: Any) -> JSONObject:
    """Calls a JSON-out function of the C API: ``fn(*args, &out_json, &out_len)``.

    Copies the output buffer, always releases it with tm_string_free(), decodes the JSON, and raises
    the mapped TelemedError when the status is not TM_OK (with the output attached as ``report``).
    """
    out = ctypes.POINTER(ctypes.c_char)()
    out_len = ctypes.c_size_t(0)
    status = fn(*args, ctypes.byref(out), ctypes.byref(out_len))
    error = _last_error(status) if status != 0 else None
    try:
        data = ctypes.string_at(out, out_len.value) if out else None
    finally:
        _lib.tm_string_free(out)
    result: Optional[JSONObject] = json.loads(data.decode("utf-8")) if data is not None else None
    if error is not None:
        error.report = result
        raise error
    if result is None:
        raise InternalError(11, "TM_E_INTERNAL", message_en="the call succeeded but returned no output")
    return result


def _ndjson_call(fn: Callable[..., int], *args: Any) -> bytes:
    """Calls a stream function of the C API: ``fn(*args, &out_ndjson, &out_len)``; returns the
    result lines (bytes, each ending in a newline, possibly none) or raises the mapped TelemedError.
    The buffer is always released with tm_string_free()."""
    out = ctypes.POINTER(ctypes.c_char)()
    out_len = ctypes.c_size_t(0)
    status = fn(*args, ctypes.byref(out), ctypes.byref(out_len))
    error = _last_error(status) if status != 0 else None
    try:
        data = ctypes.string_at(out, out_len.value) if out else b""
    finally:
        _lib.tm_string_free(out)
    if error is not None:
        raise error
    return data


def _results(ndjson: bytes) -> List[JSONObject]:
    """The result dicts of NDJSON result lines."""
    return [json.loads(line) for line in ndjson.decode("utf-8").split("\n") if line]


def _chunk(data: Union[BytesLike, str]) -> bytes:
    """A chunk of NDJSON: bytes-like as is, str encoded as UTF-8."""
    if isinstance(data, str):
        return data.encode("utf-8")
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"expected bytes or str, not {type(data).__name__}")


def _encode(document: JSONDocument) -> bytes:
    """A JSON document given as dict/list (serialised), str (UTF-8 encoded) or bytes (as is)."""
    if isinstance(document, bytes):
        return document
    if isinstance(document, str):
        return document.encode("utf-8")
    if isinstance(document, (dict, list)):
        return json.dumps(document, ensure_ascii=False, default=_json_default).encode("utf-8")
    raise TypeError(f"expected a dict, str or bytes JSON document, not {type(document).__name__}")


def _json_default(value: object) -> str:
    """json.dumps hook: a datetime.date anywhere in a document is written as "YYYY-MM-DD"."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _c_string(value: Optional[str], name: str) -> Optional[bytes]:
    """A str argument of the C API as NUL-terminated UTF-8; None stays None (NULL). A NUL inside
    would silently cut the string in C, so it is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if "\0" in value:
        raise ValueError(f"{name} must not contain NUL characters")
    return value.encode("utf-8")


def _secret_bytes(value: BytesLike, name: str) -> Any:
    """A byte-string argument (seed, key) for a ``const unsigned char*`` parameter declared as
    c_char_p: bytes as they are; a writable bytearray or memoryview is shared with C (no copy the
    caller could not wipe); any other bytes-like object is copied."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        view = memoryview(value).cast("B")
        if not view.readonly and view.nbytes > 0:
            return (ctypes.c_char * view.nbytes).from_buffer(view)
        return bytes(view)
    raise TypeError(f"{name} must be bytes, not {type(value).__name__}")


def _date_text(value: DateLike) -> str:
    """A calendar date given as "YYYY-MM-DD" str or datetime.date."""
    if isinstance(value, datetime.datetime):
        raise TypeError("expected a calendar date (datetime.date or 'YYYY-MM-DD'), not a datetime")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a datetime.date or 'YYYY-MM-DD' string, not {type(value).__name__}")


def _require_aware(value: datetime.datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


# --------------------------------------------------------------------------------------------------
# Version
# --------------------------------------------------------------------------------------------------

def library_version() -> str:
    """The version of the library loaded, as "MAJOR.MINOR.PATCH" (tm_version_string); the binding's
    own is ``telemed.__version__``."""
    return _text(_lib.tm_version_string())


def version() -> str:
    """The run-time library version as "MAJOR.MINOR.PATCH"; the same as :func:`library_version`."""
    return library_version()


def operations() -> List[JSONObject]:
    """The library's operations (tm_operation_list), as a list of dicts: {"name":
    "eligibility.evaluate", "function": "tm_eligibility_evaluate", "input": "document" | "none" |
    what a typed-only operation takes, "by_name": bool (callable through :meth:`Context.call`),
    "since": the version that added it}."""
    listed: List[JSONObject] = _json_call(_lib.tm_operation_list)["operations"]
    return listed


def version_number() -> int:
    """The run-time library version as MAJOR * 10000 + MINOR * 100 + PATCH."""
    return int(_lib.tm_version_number())


# --------------------------------------------------------------------------------------------------
# Context
# --------------------------------------------------------------------------------------------------

#: The zone of a federal context when neither the caller nor the machine names one.
FALLBACK_TIME_ZONE = "Europe/Moscow"

# Where the tz database lies under the root, and what in it is not a zone a context may take
# (docs/architecture.md, "Dates": the library refuses these names).
_ZONEINFO = "usr/share/zoneinfo"
_NOT_ZONE_DIRECTORIES = ("posix/", "right/")
_NOT_ZONES = {"localtime", "posixrules", "Factory"}
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


def _zone_name(candidate: str, root: Path) -> Optional[str]:
    """``candidate`` (a TZ value, a line of /etc/timezone or the target of /etc/localtime) as the
    IANA name of a zone of the tz database under ``root``, else None."""
    name = candidate.strip()
    if name.startswith(":"):  # POSIX: TZ=":Europe/Moscow" names a file of the database
        name = name[1:]
    if "zoneinfo/" in name:
        name = name.rsplit("zoneinfo/", 1)[1]
    elif name.startswith(("/", ".")):
        return None
    if not _ZONE_NAME.fullmatch(name) or name in _NOT_ZONES or name.startswith(_NOT_ZONE_DIRECTORIES):
        return None  # a POSIX rule such as "MSK-3", or a file that is not a zone
    return name if (root / _ZONEINFO / name).is_file() else None


def default_time_zone(environ: Mapping[str, str] = os.environ,
                      root: Union[str, os.PathLike[str]] = "/") -> str:
    """The machine's IANA zone: the first of ``TZ``, ``/etc/timezone`` and the target of the
    ``/etc/localtime`` symbolic link that names a zone of the tz database, else
    FALLBACK_TIME_ZONE ("Europe/Moscow"). This is the zone :class:`Context` gives a federal
    context when none is named. ``environ`` and ``root`` stand for the process environment and
    the file system's root (tests)."""
    root = Path(root)
    candidates: List[str] = []
    if environ.get("TZ"):
        candidates.append(environ["TZ"])
    try:
        candidates.append((root / "etc/timezone").read_text(encoding="utf-8").split("\n", 1)[0])
    except (OSError, UnicodeDecodeError):
        pass
    try:
        candidates.append(os.readlink(root / "etc/localtime"))
    except OSError:
        pass
    for candidate in candidates:
        name = _zone_name(candidate, root)
        if name is not None:
            return name
    return FALLBACK_TIME_ZONE


class Context:
    """An immutable set of rule sets, time zone and clock (tm_context); safe to share across threads.

    ``jurisdiction``: "RU" (federal rules, the default) or an ISO 3166-2 region such as "RU-NVS".
    ``time_zone``: IANA zone of the medical organisation. None takes, for a region, its zone from
    the regions rule set; for a federal context (which the library refuses without a zone), the
    machine's zone (:func:`default_time_zone`: ``TZ``, ``/etc/timezone``, ``/etc/localtime``),
    else "Europe/Moscow". So ``Context()`` is a federal context in the machine's zone; name the
    organisation's zone when the machine is elsewhere.
    ``config``: optional configuration document (dict, JSON str or bytes).
    ``now``: optional timezone-aware datetime.datetime fixing the context's clock (tests, vectors).

    Release with :meth:`close` or use as a context manager.
    """

    def __init__(self, jurisdiction: Optional[str] = "RU", time_zone: Optional[str] = None,
                 config: Optional[JSONDocument] = None,
                 now: Optional[datetime.datetime] = None) -> None:
        self._handle: Optional[ctypes.c_void_p] = None
        if time_zone is None and jurisdiction in (None, "RU"):
            time_zone = default_time_zone()
        self._clock = None
        options = _native.ContextOptions()
        status = _lib.tm_context_options_init(ctypes.byref(options), _native.CONTEXT_OPTIONS_VERSION)
        if status != 0:
            raise _last_error(status)
        options.jurisdiction = jurisdiction.encode("utf-8") if jurisdiction is not None else None
        options.time_zone = time_zone.encode("utf-8") if time_zone is not None else None
        if config is not None:
            config_bytes = _encode(config)
            options.config_json = config_bytes
            options.config_json_len = len(config_bytes)
        if now is not None:
            if not isinstance(now, datetime.datetime):
                raise TypeError("now must be a timezone-aware datetime.datetime")
            _require_aware(now, "now")
            millis = (now - _EPOCH) // datetime.timedelta(milliseconds=1)
            # Keep the callback object alive as long as the context: the library calls it later.
            self._clock = _native.ClockFn(lambda _user_data: millis)
            options.clock = self._clock
        # Keeps the encoded strings referenced by the struct alive with the context.
        self._options = options
        handle = ctypes.c_void_p()
        status = _lib.tm_context_new(ctypes.byref(handle), ctypes.byref(options))
        if status != 0:
            raise _last_error(status)
        self._handle = handle

    def close(self) -> None:
        """Releases the context (tm_context_free); further calls raise ValueError. Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _lib.tm_context_free(handle)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()

    def _checked_handle(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise ValueError("the telemed Context is closed")
        return self._handle

    def _call(self, operation: str, document: Optional[JSONDocument]) -> JSONObject:
        """The operation named ``operation`` (tm_call) on ``document`` (dict, str or bytes; None
        for an operation without input)."""
        data = _encode(document) if document is not None else None
        return _json_call(_lib.tm_call, self._checked_handle(), operation.encode("ascii"), data,
                          len(data) if data is not None else 0)

    def call(self, operation: str, document: Optional[JSONDocument] = None) -> JSONObject:
        """Calls any operation of :func:`operations` with ``"by_name": True`` by its name
        (tm_call), e.g. ``ctx.call("eligibility.evaluate", request)``: the document is a dict, JSON
        text or bytes (None for an operation whose input is "none"); returns the output as a dict or
        raises the mapped TelemedError. Operations the library adds reach Python through this call
        with no change in the binding; the named methods below are conveniences over it."""
        if not isinstance(operation, str):
            raise TypeError("operation must be a str such as \"eligibility.evaluate\"")
        return self._call(operation, document)

    def describe(self) -> JSONObject:
        """The context's jurisdiction, time zone and every rule set it can apply, as a dict."""
        return self._call("context.describe", None)

    def explain_rule(self, rule_id: str) -> JSONObject:
        """What a rule says, its sources and confidence, and the rule sets holding it. Raises
        NotFoundError (code "unknown_rule") for an id no rule set of the context holds."""
        return self._call("rule.explain", {"rule": rule_id})

    def evaluate_eligibility(self, request: JSONDocument) -> JSONObject:
        """Decides a remote consultation request (dict or JSON text; docs/eligibility.md): returns
        {"verdict", "permitted_actions", "refused_actions", "reasons", "required_documents",
        "missing_facts", ...}. A malformed request raises ValidationError with the pointer."""
        return self._call("eligibility.evaluate", request)

    def indications(self) -> List[JSONObject]:
        """The indications for remote doctor–patient consultations in force today in the context's
        jurisdiction, as a list of {"id", "number", "name": {"ru", "en"}, "permits"}; empty where none is."""
        indications: List[JSONObject] = self._call("indication.list", None)["indications"]
        return indications

    def validate_identifier(self, type: str, value: str) -> JSONObject:
        """Validates one identifier (``type`` "snils" or "enp"); an invalid one is a result
        ({"valid": False, "problems": [...]}), not an exception."""
        return self._call("identifier.validate", {"type": type, "value": value})

    def validate_patient(self, patient: JSONDocument) -> JSONObject:
        """Validates a patient document (dict, JSON str or bytes) and returns the report ({"valid",
        "problems", "rule_sets", "trace"}) when valid (warnings allowed). Raises ValidationError carrying the full ``report`` when any problem is
        an error; its ``pointer`` and ``code`` name the first error."""
        return self._call("patient.validate", patient)

    def normalize_patient(self, patient: JSONDocument) -> JSONObject:
        """Validates a patient document and returns {"patient": the normalised document, "name_key":
        the case- and ё/е-insensitive matching key, "problems": warnings, ...}. Raises ValidationError
        with the full ``report`` when the document is invalid, as validate_patient does."""
        return self._call("patient.normalize", patient)

    def identify_patient(self, patient: JSONDocument, claim: JSONDocument) -> JSONObject:
        """Checks a claim {"snils" | "enp": ..., "birth_date": ...} against a patient record.
        Both are dicts or JSON text. Returns {"result": "match" | "mismatch" | "invalid_identifier", ...}."""
        document = b'{"patient":' + _encode(patient) + b',"claim":' + _encode(claim) + b'}'
        return self._call("patient.identify", document)

    def age(self, birth_date: DateLike, on: Optional[DateLike] = None,
            at: Optional[Union[datetime.datetime, str]] = None,
            time_zone: Optional[str] = None) -> JSONObject:
        """Age in completed years: on the calendar date ``on``, or at the instant ``at`` (aware
        datetime or RFC 3339 string) in ``time_zone`` (default: the context's), or today by the
        context's clock. Dates are datetime.date or "YYYY-MM-DD". Returns {"years", "on", ...}."""
        document: Dict[str, Any] = {"birth_date": _date_text(birth_date)}
        if on is not None:
            document["on"] = _date_text(on)
        if at is not None:
            if isinstance(at, datetime.datetime):
                _require_aware(at, "at")
                at = at.isoformat()
            document["at"] = at
        if time_zone is not None:
            document["time_zone"] = time_zone
        return self._call("patient.age", document)

    # ---- Sick leave: the electronic certificate, ЭЛН (docs/sick-leave.md) ----
    #
    # Every call is pure: it takes the certificate's state (a dict as the library returns it under
    # "certificate") and returns a new dict {"certificate": the new state, "problems", "rule_sets",
    # "trace", ...}; the dict passed in is never modified. A refused operation raises ValidationError
    # (``code``, ``pointer`` and ``rule_id`` name the first problem, ``report`` lists them all) and
    # yields no new state, so the caller keeps the certificate it had. Dates are datetime.date or
    # "YYYY-MM-DD" strings, also inside the dicts; they are calendar dates in the zone of the
    # certificate's organisation.

    def sick_leave_open(self, certificate: JSONObject) -> JSONObject:
        """Opens a certificate (tm_sick_leave_open).

        ``certificate``: {"number" (12 digits), "reason", "organisation": {"id", "time_zone"},
        "opened": {"date", "mode"}, "treating_doctor": {"id", "role"}, "periods": [one period
        {"from", "to", "doctor", "commission_chair"?}], ...}. Opening is in person unless the switch
        sick_leave.open.remote is on; the period is held to the individual and total limits.
        Returns {"certificate": the open certificate (status "open"), ...}.
        """
        return self._call("sick_leave.open", {"certificate": certificate})

    def sick_leave_extend(self, certificate: JSONObject, period: JSONObject, mode: str = "in_person",
                          next_appearance: Optional[DateLike] = None,
                          recent_certificates: Optional[Iterable[DateLike]] = None) -> JSONObject:
        """Adds a period of release (tm_sick_leave_extend).

        ``period``: {"from", "to", "doctor": {"id", "role"}, "commission_chair"?}; it must start the
        day after the last period ends. ``mode``: "in_person" or "telemedicine" (remote extension
        only under the switch sick_leave.extend.remote). ``next_appearance``: the next appointed
        visit. ``recent_certificates``: the dates other certificates were opened, for the draft rule
        sick_leave.draft.frequent_certificates. Returns {"certificate": the extended certificate,
        ...}; raises ValidationError e.g. with code "commission_required" beyond a doctor's 15 days.
        """
        document: Dict[str, Any] = {"certificate": certificate, "period": period, "mode": mode}
        if next_appearance is not None:
            document["next_appearance"] = _date_text(next_appearance)
        if recent_certificates is not None:
            document["recent_certificates"] = [_date_text(d) for d in recent_certificates]
        return self._call("sick_leave.extend", document)

    def sick_leave_record_visit(self, certificate: JSONObject, visit_date: DateLike,
                                next_appearance: Optional[DateLike] = None) -> JSONObject:
        """Records the patient's appearance on ``visit_date`` (tm_sick_leave_record_visit).

        A visit after the certificate's appointed "next_appearance" adds regime violation 24 dated
        the appointed day. ``next_appearance`` sets the next appointment (None clears it). Returns
        {"certificate", "late": bool, ...}.
        """
        visit = {"date": _date_text(visit_date)}
        if next_appearance is not None:
            visit["next_appearance"] = _date_text(next_appearance)
        return self._call("sick_leave.record_visit",
                          {"certificate": certificate, "visit": visit})

    def sick_leave_close(self, certificate: JSONObject, closure: JSONObject) -> JSONObject:
        """Closes a certificate (tm_sick_leave_close).

        ``closure``: {"date", "mode": "in_person" | "telemedicine", "doctor": {"id", "role"},
        "outcome"? ("31".."37"), "continuation_number"?, "state_change_date"?, "consultation"?:
        {"indication", "recovery_confirmed", "consent_recorded", "mode"?, "channel"?}}. The last
        period ends on the closing date and return to work is the next day. A remote closure needs
        a certificate opened in person, the treating doctor, and a consultation for indication
        "incapacity_review" with recovery confirmed and consent recorded; in Voronezh its "mode"
        must be "real_time_video" (rule sick_leave.close.remote.video). Returns {"certificate": the
        closed certificate, ...}.
        """
        return self._call("sick_leave.close",
                          {"certificate": certificate, "closure": closure})

    def sick_leave_annul(self, certificate: JSONObject, decision: JSONObject) -> JSONObject:
        """Annuls a certificate by a medical-commission decision (tm_sick_leave_annul).

        ``decision``: {"date", "commission_chair": {"id", "role"}}. Raises RulesError (rule_id
        "sick_leave.commission.annul") unless the context's configuration turns that switch on.
        Returns {"certificate": the annulled certificate, ...}.
        """
        return self._call("sick_leave.annul",
                          {"certificate": certificate, "decision": decision})

    def sick_leave_duplicate(self, certificate: JSONObject, decision: JSONObject,
                             new_number: str) -> JSONObject:
        """Issues a duplicate under ``new_number`` by a medical-commission decision
        (tm_sick_leave_duplicate); same switch as :meth:`sick_leave_annul`.

        Returns {"certificate": the replaced certificate (status "duplicate"), "duplicate": the new
        one, ...}.
        """
        return self._call("sick_leave.duplicate",
                          {"certificate": certificate, "decision": decision,
                           "new_number": new_number})

    def sick_leave_record(self, certificate: JSONObject,
                          unmask_number: bool = False) -> JSONObject:
        """The Social Fund (СФР) record and the patient's message (tm_sick_leave_record).

        Returns {"record": {"LN_CODE", "TREAT_PERIODS": [{"TREAT_DT1", "TREAT_DT2", ...}],
        "RETURN_DATE_LPU", ...}, "message": {"ru", "en"}, ...}. The message shows the certificate
        number masked ("91********01") unless ``unmask_number`` is true.
        """
        return self._call("sick_leave.record",
                          {"certificate": certificate, "unmask_number": bool(unmask_number)})

    # ---- Home-device readings: blood pressure and glucose (capi/include/telemed.h) ----
    #
    # A reading is a dict in any shape the library reads: telemed JSON ({"patient_ref", "device":
    # {"id", ...}, "kind": "blood_pressure" | "glucose", "measured_at", "blood_pressure" | "glucose",
    # ...}), a FHIR R4 Observation, {"patient_ref", "device", "open_mhealth": data point},
    # {"patient_ref", "device", "ble": {"characteristic", "value" (hex), "context"?}} or a signed
    # {"envelope": {...}}. ``patient``: optional {"zone", "age_years", "pregnant", "targets"}.

    @staticmethod
    def _reading_request(key: str, value: Any, patient: Optional[JSONDocument]) -> bytes:
        document = b'{"' + key.encode("ascii") + b'":' + _encode(value)
        if patient is not None:
            document += b',"patient":' + _encode(patient)
        return document + b"}"

    def validate_reading(self, reading: JSONDocument,
                         patient: Optional[JSONDocument] = None) -> JSONObject:
        """Checks and classifies one reading (tm_reading_validate).

        Returns {"accepted": True, "reading": the normalised reading, "classification",
        "alerts": [{"code", "severity", "rule", "message_doctor", "message_patient", "action"}],
        "problems": warnings, ...}. A rejected reading raises ValidationError whose ``report`` holds
        {"accepted": False, "problems": every reason}.
        """
        return self._call("reading.validate",
                          self._reading_request("reading", reading, patient))

    def validate_readings(self, readings: Sequence[Any],
                          patient: Optional[JSONDocument] = None) -> JSONObject:
        """Checks and classifies a list of readings (tm_readings_validate_batch).

        Returns {"results": [{"index", "accepted", ...as validate_reading}] (one per reading, in
        order), "accepted": count, "rejected": count, ...}: a rejected reading is a result, not an
        exception. A repeat of a reading (same device, instant, kind and values) is rejected with
        "duplicate_reading". Raises ValidationError only when the request itself is unreadable.
        """
        if not isinstance(readings, (list, tuple)):
            raise TypeError(f"expected a list of readings, not {type(readings).__name__}")
        return self._call("readings.validate_batch",
                          self._reading_request("readings", list(readings), patient))

    def reading_to_fhir(self, reading: JSONDocument,
                        patient: Optional[JSONDocument] = None) -> JSONObject:
        """Exports one plausible reading as a FHIR R4 Observation (tm_reading_to_fhir).

        Returns {"observation": the Observation dict, "problems": warnings, ...}; an implausible
        reading raises ValidationError with the report.
        """
        return self._call("reading.to_fhir",
                          self._reading_request("reading", reading, patient))

    def decode_ble(self, characteristic: int, data: BytesLike) -> JSONObject:
        """Decodes a Bluetooth LE characteristic value (tm_reading_decode_ble_bytes).

        ``characteristic``: BLE_BLOOD_PRESSURE_MEASUREMENT (0x2A35), BLE_GLUCOSE_MEASUREMENT
        (0x2A18) or BLE_GLUCOSE_MEASUREMENT_CONTEXT (0x2A34); ``data``: the value's bytes (bytes,
        bytearray or memoryview). Returns every field, the flags and status words with their bits
        named, SFLOAT values as {"value": 120} or {"special": "nan" | ...}. Bytes that do not hold
        the characteristic raise ValidationError (codes ble_truncated, ble_reserved_flags, ...);
        another characteristic raises InvalidArgumentError (code "unknown_characteristic").
        """
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected bytes, not {type(data).__name__}")
        data = bytes(data)
        return _json_call(_lib.tm_reading_decode_ble_bytes, self._checked_handle(),
                          int(characteristic), data, len(data))

    def open_reading_stream(self, options: Optional[JSONDocument] = None) -> ReadingStream:
        """A ReadingStream on this context; see ReadingStream."""
        return ReadingStream(self, options)

    def stream_readings(self, source: Union[str, bytes, os.PathLike[str], IO[Any]], chunk_size: int = 65536,
                        options: Optional[JSONDocument] = None) -> Iterator[JSONObject]:
        """Yields one result dict per line of an NDJSON file of readings, in order, reading the
        file in chunks of ``chunk_size`` bytes: the file is never loaded whole, so it may be of any
        size.

        ``source``: a path (str or os.PathLike) or an open file (binary, or text: then encoded as
        UTF-8). ``options``: the stream's options ({"patient", "max_line_bytes",
        "duplicate_window"}). Every line gets exactly one result {"index", "accepted", ...as
        validate_reading, "problems"}: a line that is not a reading is a rejected result
        ("empty_line", "line_too_long", its parse error, ...), not an exception.
        """
        if not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError("chunk_size must be a positive int")
        if isinstance(source, (str, bytes, os.PathLike)):
            with open(source, "rb") as file:
                yield from self._stream_file(file, chunk_size, options)
        else:
            yield from self._stream_file(source, chunk_size, options)

    def _stream_file(self, file: IO[Any], chunk_size: int,
                     options: Optional[JSONDocument]) -> Iterator[JSONObject]:
        with ReadingStream(self, options) as stream:
            while True:
                chunk = file.read(chunk_size)
                if not chunk:
                    break
                yield from stream.feed(chunk)
            yield from stream.finish()

    # ---- Consultations and their protocol (docs/consultation.md) ----
    #
    # A consultation is a snapshot the embedder stores (the "state" dict apply_event returns) plus
    # one event at a time; no call keeps anything. ``state`` may be given as the dict, or as the
    # JSON text (str or bytes) stored. A refused event raises ValidationError whose ``report``
    # holds {"applied": False, "status", "allowed_events", "problems", ...}; nothing changes.

    def _state_call(self, operation: str, state: JSONDocument, **members: Any) -> JSONObject:
        """``operation`` on {"state": state (dict or JSON text), **members (Python values, str as a JSON
        string)}."""
        document = b'{"state":' + _encode(state)
        for name, value in members.items():
            document += (b',"' + name.encode("ascii") + b'":'
                         + json.dumps(value, ensure_ascii=False).encode("utf-8"))
        document += b"}"
        return self._call(operation, document)

    def apply_event(self, event: JSONDocument,
                    state: Optional[JSONDocument] = None) -> JSONObject:
        """Applies one lifecycle event to a consultation (tm_consultation_apply).

        ``event``: {"id", "type", "at", ...its members}; ``state``: the snapshot the last call
        returned, None for the first event (a "request"). Returns {"applied", "status",
        "allowed_events", "decision"? (at the start), "state": the new snapshot to store,
        "problems": warnings, "rule_sets", "trace"}. An event whose id was applied before is a
        retry: {"applied": False} and the snapshot unchanged. Raises ValidationError (``code``
        e.g. "event_not_allowed", "event_id_reused", "state_modified"; ``report`` with
        "allowed_events") when the event is refused.
        """
        document = b'{"event":' + _encode(event)
        if state is not None:
            document += b',"state":' + _encode(state)
        document += b"}"
        return self._call("consultation.apply", document)

    def build_protocol(self, state: JSONDocument) -> JSONObject:
        """The protocol document of a completed consultation (tm_protocol_build).

        Returns {"protocol": the telemed.protocol/1 document, "content_hash": lowercase hex SHA-256
        of its RFC 8785 bytes, "trace"}. Raises ValidationError (code "not_completed") before the
        consultation is completed.
        """
        return self._state_call("protocol.build", state)

    def canonicalize(self, document: Any) -> JSONObject:
        """The RFC 8785 canonical form of any JSON value (tm_protocol_canonicalize).

        ``document``: a Python value (dict, list, str, number, bool, None), serialised with json;
        bytes are taken as JSON text as they are (so "1.0" or "1e21" reach the library as
        written). Returns {"canonical": the canonical text (str; encode it as UTF-8 for the bytes
        a signature covers), "sha256": lowercase hex SHA-256 of those bytes}. Raises
        ValidationError (code "number_not_finite") for a number without a canonical form.
        """
        if isinstance(document, bytes):
            text = document
        else:
            text = json.dumps(document, ensure_ascii=False, default=_json_default).encode("utf-8")
        data = b'{"document":' + text + b"}"
        return self._call("protocol.canonicalize", data)

    @staticmethod
    def _protocol_or_state(protocol: Optional[JSONDocument],
                           state: Optional[JSONDocument]) -> bytes:
        if (protocol is None) == (state is None):
            raise ValueError("give exactly one of protocol and state")
        if protocol is not None:
            return b'{"protocol":' + _encode(protocol) + b"}"
        assert state is not None  # exactly one of them, checked above
        return b'{"state":' + _encode(state) + b"}"

    def sign_protocol(self, key: SigningKey, protocol: Optional[JSONDocument] = None,
                      state: Optional[JSONDocument] = None) -> JSONObject:
        """Signs a protocol with a built-in Ed25519 :class:`SigningKey` (tm_protocol_sign).

        Give exactly one of ``protocol`` (as build_protocol returned it under "protocol") and
        ``state`` (a completed consultation; its protocol is built first), else ValueError.
        Returns {"signature": {"algorithm": "Ed25519", "key_id", "certificate"?, "content_hash":
        {"algorithm": "sha-256", "value"}, "value": base64 of the 64-byte signature}, ...}: pure
        Ed25519 (RFC 8032) over the protocol's RFC 8785 bytes, detached. Pass the signature dict
        to verify_protocol, or as the "signature" of a "sign_protocol" event.
        """
        if not isinstance(key, SigningKey):
            raise TypeError(f"key must be a telemed.SigningKey, not {type(key).__name__}")
        document = self._protocol_or_state(protocol, state)
        return _json_call(_lib.tm_protocol_sign, self._checked_handle(), document, len(document),
                          key._checked_handle())

    def sign_protocol_external(self, sign: Callable[[bytes], BytesLike], algorithm: str,
                               key_id: str, certificate: Optional[str] = None,
                               protocol: Optional[JSONDocument] = None,
                               state: Optional[JSONDocument] = None) -> JSONObject:
        """Signs a protocol by an external signer (tm_protocol_sign_external), e.g. the MIS's
        certified ГОСТ provider (УКЭП).

        ``sign``: a callable taking the protocol's canonical bytes (bytes) and returning the raw
        signature (bytes, 1 to TM_SIGNATURE_MAX_BYTES = 1024 of them); it is called once, on this
        thread. ``algorithm``: "GOST R 34.10-2012-256", "GOST R 34.10-2012-512" or "Ed25519";
        ``key_id``: as the context's trusted signers name it; ``certificate``: the signer's
        certificate reference, or None. Exactly one of ``protocol`` and ``state``, as for
        sign_protocol. Returns {"signature": {"algorithm", "key_id", "certificate"?,
        "content_hash", "value": base64 of what ``sign`` returned}, ...}.

        Raises SignerError (code "signer_failed") when ``sign`` raised an exception (then its
        ``__cause__``; KeyboardInterrupt and SystemExit propagate as themselves) or returned
        something other than 1 to 1024 bytes; InvalidArgumentError for an algorithm rule
        "consultation.signature" does not list, or an empty key id.
        """
        if not callable(sign):
            raise TypeError(f"sign must be callable, not {type(sign).__name__}")
        document = self._protocol_or_state(protocol, state)
        failures: List[BaseException] = []

        def callback(_user_data: Any, message: Any, message_len: int, signature: Any,
                     capacity: int, signature_len: Any) -> int:
            # Never let an exception cross into C (ctypes would print it and return 0): record it
            # and report a failure, which the library turns into TM_E_SIGNER.
            try:
                result = sign(ctypes.string_at(message, message_len))
                if not isinstance(result, (bytes, bytearray, memoryview)):
                    raise TypeError(
                        f"the signer returned {type(result).__name__}, not bytes")
                result = bytes(result)
                if not 0 < len(result) <= capacity:
                    raise ValueError(f"the signer returned {len(result)} bytes; a signature "
                                     f"holds 1 to {capacity}")
                ctypes.memmove(signature, result, len(result))
                signature_len[0] = len(result)
                return 0
            except BaseException as exc:  # noqa: B902 - re-raised after the C call returns
                failures.append(exc)
                return 1

        # The callback object, and the strings the struct points to, live in these locals (and the
        # struct's own references) until the call returns: the library calls back only during it.
        sign_fn = _native.SignFn(callback)
        signer = _native.ExternalSigner()
        status = _lib.tm_external_signer_init(ctypes.byref(signer),
                                              _native.EXTERNAL_SIGNER_VERSION)
        if status != 0:
            raise _last_error(status)
        signer.algorithm = _c_string(algorithm, "algorithm")
        signer.key_id = _c_string(key_id, "key_id")
        signer.certificate = _c_string(certificate, "certificate")
        signer.sign = sign_fn
        try:
            return _json_call(_lib.tm_protocol_sign_external, self._checked_handle(), document,
                              len(document), ctypes.byref(signer))
        except SignerError as error:
            if failures:
                cause = failures[0]
                if not isinstance(cause, Exception):
                    raise cause from None
                raise error from cause
            raise

    def verify_protocol(self, protocol: JSONDocument, signature: JSONDocument) -> JSONObject:
        """Verifies a protocol's detached signature with the context's trusted signers
        (configuration "signers"; tm_protocol_verify).

        Returns {"valid": bool, "result": "valid" | "content_changed" | "signer_unknown" |
        "signature_malformed" | "signature_invalid" | "algorithm_not_verifiable", "pointer"?,
        "key_id", "algorithm"}: an invalid signature is a result, not an exception.
        """
        document = (b'{"protocol":' + _encode(protocol) + b',"signature":' + _encode(signature)
                    + b"}")
        return self._call("protocol.verify", document)

    def verify_audit(self, entries: List[Any], head: Optional[Union[Dict[str, Any], str]] = None,
                     count: Optional[int] = None) -> JSONObject:
        """Verifies a hash-chained audit log (tm_audit_verify), e.g. a snapshot's "audit" list.

        ``head``: the head stored earlier, either the dict {"hash", "count"} or the last hash (str)
        with ``count``, the number of entries; a cut tail shows only against it. Returns
        {"valid": bool, "entries": count checked, "head", "first_bad"?: {"index", "pointer",
        "reason": "malformed" | "sequence" | "broken_link" | "modified" | "head_mismatch"}}: a
        broken chain is a result, not an exception. More than 256 entries raise LimitError.
        """
        document: Dict[str, Any] = {"entries": entries}
        if isinstance(head, dict):
            if count is not None:
                raise ValueError("give count inside the head dict, or head as the hash")
            document["head"] = head
        elif head is not None or count is not None:
            if head is None or count is None:
                raise ValueError("a head needs both its hash and its count")
            document["head"] = {"hash": head, "count": count}
        return self._call("audit.verify", document)

    def render_protocol(self, state: JSONDocument, format: str = "text",
                        language: str = "ru") -> JSONObject:
        """The protocol of a completed consultation for people (tm_protocol_render).

        ``format``: "text" or "html" (a complete document, every text escaped); ``language``:
        "ru" or "en". Returns {"format", "language", "content": str}, with identifiers masked
        (СНИЛС "11*-***-*** 95") and times in the organisation's zone («12 марта 2026 г., 10:00
        (Киров)»). Raises ValidationError before the consultation is completed.
        """
        return self._state_call("protocol.render", state, format=format, language=language)

    def protocol_deliveries(self, state: JSONDocument, document_ref: str) -> JSONObject:
        """What a signed consultation delivers (tm_protocol_deliveries).

        ``document_ref``: the protocol's reference in the delivery channel. Returns {"gosuslugi":
        the patient's notification {"title": {"ru", "en"}, "text": {"ru", "en"}, "document":
        {"ref", "format", "consultation_id"}}, "sfr"?: the Social Fund record of a certificate
        closed, ...}. Raises ValidationError (code "not_signed") before the protocol is signed.
        """
        return self._state_call("protocol.deliveries", state, document_ref=document_ref)

    def pseudonyms(self, identifiers: Sequence[Dict[str, Any]], key: BytesLike) -> JSONObject:
        """Pseudonymous patient keys for analytics exports (tm_identifier_pseudonym).

        ``identifiers``: a list of {"type": "snils" | "enp", "value"} (1 to 1000); ``key``: the
        embedder's secret, 32 to 64 bytes. Returns {"scheme", "results": [{"index", "type",
        "valid", "pseudonym"? (hex keyed BLAKE2b-256 of the normalised identifier), "masked"?,
        "problems"?}]}: an invalid identifier is a result without a pseudonym. Raises
        InvalidArgumentError for a key of another length, LimitError beyond 1000 identifiers.
        """
        if not isinstance(identifiers, (list, tuple)):
            raise TypeError(f"expected a list of identifiers, not {type(identifiers).__name__}")
        secret = _secret_bytes(key, "key")
        document = _encode({"identifiers": list(identifiers)})
        return _json_call(_lib.tm_identifier_pseudonym, self._checked_handle(), document,
                          len(document), secret, len(secret))


class SigningKey:
    """A built-in Ed25519 signing key (tm_signing_key) for Context.sign_protocol.

    ``seed``: the 32-byte RFC 8032 private key (bytes; a bytearray is read in place, so the caller
    can wipe it afterwards); ``key_id``: 1 to 64 bytes of UTF-8, as the context's trusted signers
    name the key; ``certificate``: an optional certificate reference recorded in signatures. The
    library keeps its own copy of the secret and wipes it when the key is closed. Raises
    InvalidArgumentError for a seed of another length or a key id of 0 or more than 64 bytes.

    Release with :meth:`close` or use as a context manager.
    """

    def __init__(self, seed: BytesLike, key_id: str, certificate: Optional[str] = None) -> None:
        self._handle = None
        secret = _secret_bytes(seed, "seed")
        key_id_bytes = _c_string(key_id, "key_id")
        if key_id_bytes is None:
            raise TypeError("key_id must be a str, not None")
        handle = ctypes.c_void_p()
        status = _lib.tm_signing_key_new(secret, len(secret), key_id_bytes,
                                         _c_string(certificate, "certificate"),
                                         ctypes.byref(handle))
        if status != 0:
            raise _last_error(status)
        self._handle = handle
        self._key_id = key_id
        self._certificate = certificate

    @property
    def key_id(self) -> str:
        """The key id signatures carry."""
        return self._key_id

    @property
    def certificate(self) -> Optional[str]:
        """The certificate reference signatures carry, or None."""
        return self._certificate

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key (bytes), as the configuration "signers" lists it
        (base64) and as any Ed25519 verifier reads it."""
        buffer = (ctypes.c_ubyte * 32)()
        status = _lib.tm_signing_key_public(self._checked_handle(), buffer, len(buffer))
        if status != 0:
            raise _last_error(status)
        return bytes(buffer)

    def _checked_handle(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise ValueError("the telemed SigningKey is closed")
        return self._handle

    def close(self) -> None:
        """Frees the key, wiping its secret (tm_signing_key_free); further use raises ValueError.
        Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _lib.tm_signing_key_free(handle)

    def __enter__(self) -> SigningKey:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()


class ReadingStream:
    """An NDJSON stream of readings (tm_reading_stream_*): one JSON reading per line, fed in
    chunks of any size (a chunk may end anywhere, even inside a line or a UTF-8 sequence).

    ``feed(chunk)`` returns the result dicts of the lines the chunk completed (possibly none);
    ``finish()`` ends the stream and returns the result of a last line without a final newline.
    Every input line gets exactly one result {"index" (0, 1, 2, ...), "accepted", ...}. Memory is
    bounded by the longest line allowed, not by the stream.

    ``options``: {"patient"?, "max_line_bytes"? (1..1048576, default 65536), "duplicate_window"?
    (default 4096)}; bad options raise ValidationError. The stream keeps what it needs of the
    context, so it may outlive the Context's close(). One thread at a time per stream. Release it
    with :meth:`close` or use it as a context manager (which does not finish it).
    """

    def __init__(self, context: Context, options: Optional[JSONDocument] = None) -> None:
        self._handle = None
        data = _encode(options) if options is not None else None
        handle = ctypes.c_void_p()
        status = _lib.tm_reading_stream_open(context._checked_handle(), data,
                                             len(data) if data is not None else 0,
                                             ctypes.byref(handle))
        if status != 0:
            raise _last_error(status)
        self._handle = handle
        # The library calls the context's clock while the stream runs, also after the Context is
        # closed: keep the ctypes callback alive as long as the stream.
        self._clock = context._clock

    def _checked_handle(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise ValueError("the telemed ReadingStream is closed")
        return self._handle

    def feed(self, chunk: Union[BytesLike, str]) -> List[JSONObject]:
        """Feeds bytes (or str, encoded as UTF-8); returns the results of the lines completed, as a
        list of dicts. InvalidArgumentError after finish()."""
        data = _chunk(chunk)
        return _results(_ndjson_call(_lib.tm_reading_stream_feed, self._checked_handle(), data,
                                     len(data)))

    def finish(self) -> List[JSONObject]:
        """Ends the stream; returns the result of a last line without a final newline ([] if
        none). InvalidArgumentError when already finished."""
        return _results(_ndjson_call(_lib.tm_reading_stream_finish, self._checked_handle()))

    def close(self) -> None:
        """Releases the stream (tm_reading_stream_free); further calls raise ValueError.
        Idempotent."""
        handle, self._handle = self._handle, None
        if handle is not None:
            _lib.tm_reading_stream_free(handle)

    def __enter__(self) -> ReadingStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if getattr(self, "_handle", None) is not None:
            self.close()
