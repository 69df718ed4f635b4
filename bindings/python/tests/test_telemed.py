"""Tests of the telemed Python binding against the real shared library.

Run from the repository root:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -t bindings/python -v

Every expected value below is worked out by hand in the comments (and cross-checked with the small
reference functions luhn_ok() and snils_check() of this file, written from docs/identity.md).
"""

import ctypes
import datetime
import gc
import json
import re
import threading
import unittest
from pathlib import Path

import telemed
from telemed import _native

REPO_ROOT = Path(__file__).resolve().parents[3]
UTC = datetime.timezone.utc


def luhn_ok(digits):
    """Luhn: from the right, double every second digit (subtract 9 above 9); the sum is 0 mod 10."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def snils_check(nine_digits):
    """docs/identity.md: S = sum d_i * (10 - i), i = 1..9; S < 100 -> S; 100, 101 -> 00; else S mod 101
    (100 -> 00)."""
    s = sum(int(d) * (10 - i) for i, d in enumerate(nine_digits, start=1))
    if s > 101:
        s %= 101
    return "00" if s in (100, 101) else f"{s:02d}"


# ENP 1234567890123452, by hand. Digits d1..d16 = 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 | 2.
# Doubled (every second from the right, i.e. d15, d13, ..., d1 = 5 3 1 9 7 5 3 1):
#   10->1, 6, 2, 18->9, 14->5, 10->1, 6, 2  => 32
# Not doubled (d14, d12, ..., d2 = 4 2 0 8 6 4 2): 26; the check digit d16 = 2.
# 32 + 26 + 2 = 60 = 0 mod 10: valid. With a last digit of 3 the sum is 61: invalid.
ENP_VALID = "1234567890123452"
ENP_INVALID = "1234567890123453"

# SNILS 112-233-445 95: 1*9 + 1*8 + 2*7 + 2*6 + 3*5 + 3*4 + 4*3 + 4*2 + 5*1 = 95 < 100 => "95".
SNILS_VALID = "112-233-445 95"
SNILS_INVALID = "112-233-445 96"
# SNILS 123-456-789: 9 + 16 + 21 + 24 + 25 + 24 + 21 + 16 + 9 = 165 > 101 => 165 mod 101 = 64.
SNILS_MOD_101 = "123-456-789 64"
# SNILS 112-233-466: 9 + 8 + 14 + 12 + 15 + 12 + 12 + 12 + 6 = 100 => "00".
SNILS_SUM_100 = "112-233-466 00"


def patient(**overrides):
    """A valid adult patient document; keyword arguments replace or add fields."""
    doc = {
        "name": {"family": "Иванова", "given": "Мария", "patronymic": "Петровна"},
        "birth_date": "1980-05-17",
        "sex": "female",
    }
    doc.update(overrides)
    return doc


def codes(report):
    return [p["code"] for p in report["problems"]]


class ReferenceFunctionsTest(unittest.TestCase):
    """The hand-computed constants agree with the reference algorithms of this file."""

    def test_constants(self):
        self.assertTrue(luhn_ok(ENP_VALID))
        self.assertFalse(luhn_ok(ENP_INVALID))
        self.assertEqual(snils_check("112233445"), "95")
        self.assertEqual(snils_check("123456789"), "64")
        self.assertEqual(snils_check("112233466"), "00")


class NativeTest(unittest.TestCase):
    def test_options_struct_matches_library(self):
        self.assertEqual(_native.lib.tm_context_options_size(), ctypes.sizeof(_native.ContextOptions))
        self.assertEqual(_native.lib.tm_context_options_version(), _native.CONTEXT_OPTIONS_VERSION)

    def test_options_init_rejects_unknown_version(self):
        options = _native.ContextOptions()
        self.assertEqual(_native.lib.tm_context_options_init(ctypes.byref(options), 999), 2)

    def test_status_names_are_pinned(self):
        names = {0: "TM_OK", 1: "TM_E_INVALID_ARGUMENT", 2: "TM_E_STRUCT_VERSION", 3: "TM_E_JSON_SYNTAX",
                 4: "TM_E_INVALID_UTF8", 5: "TM_E_LIMIT", 6: "TM_E_VALIDATION", 7: "TM_E_RULES",
                 8: "TM_E_NOT_FOUND", 9: "TM_E_TIME_ZONE", 10: "TM_E_NO_MEMORY", 11: "TM_E_INTERNAL",
                 999: "TM_E_UNKNOWN"}
        for status, name in names.items():
            self.assertEqual(_native.lib.tm_status_name(status).decode(), name)
            self.assertTrue(_native.lib.tm_status_describe(status))

    def test_error_classes_follow_status(self):
        for status, cls in telemed._ERRORS.items():
            self.assertTrue(issubclass(cls, telemed.TelemedError))
        self.assertIs(telemed._ERRORS[6], telemed.ValidationError)
        self.assertIs(telemed._ERRORS[9], telemed.TimeZoneError)
        self.assertIs(telemed._ERRORS[10], telemed.OutOfMemoryError)

    def test_error_cleared(self):
        _native.lib.tm_error_clear()
        self.assertEqual(_native.lib.tm_error_last().contents.status, 0)

    def test_null_context_is_invalid_argument(self):
        data = b'{"type": "snils", "value": "112-233-445 95"}'
        with self.assertRaises(telemed.InvalidArgumentError) as cm:
            telemed._json_call(_native.lib.tm_call, None, b"identifier.validate", data, len(data))
        self.assertEqual(cm.exception.status_name, "TM_E_INVALID_ARGUMENT")


class OperationsTest(unittest.TestCase):
    """The library's own list of operations, and calls by name (tm_operation_list, tm_call)."""

    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context("RU-NVS", now=datetime.datetime(2026, 3, 10, 5, 0, tzinfo=UTC))

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_list_names_every_vector_operation(self):
        ops = {op["name"]: op for op in telemed.operations()}
        self.assertEqual(ops["eligibility.evaluate"],
                         {"name": "eligibility.evaluate", "function": "tm_eligibility_evaluate",
                          "input": "document", "by_name": True, "since": "0.1.0"})
        self.assertEqual(ops["context.describe"]["input"], "none")
        self.assertFalse(ops["protocol.sign"]["by_name"])
        used = set()
        for path in (REPO_ROOT / "tests/conformance/vectors").glob("*.json"):
            for case in json.loads(path.read_text(encoding="utf-8")):
                used.add(case["operation"])
                steps = case.get("then", [])
                for step in steps if isinstance(steps, list) else [steps]:
                    used.add(step["operation"])
        # Every operation the vectors use is the library's, but "context.new" (a case that makes a
        # context).
        self.assertEqual(used - set(ops), {"context.new"})

    def test_call_by_name_is_the_named_method(self):
        self.assertEqual(self.ctx.call("identifier.validate", {"type": "snils", "value": SNILS_VALID}),
                         self.ctx.validate_identifier("snils", SNILS_VALID))
        self.assertEqual(self.ctx.call("context.describe"), self.ctx.describe())

    def test_every_by_name_operation_is_reachable(self):
        for op in telemed.operations():
            if not op["by_name"]:
                continue
            try:
                self.ctx.call(op["name"], {} if op["input"] == "document" else None)
            except telemed.TelemedError as e:
                # An empty document is refused by the operation itself, never as unknown.
                self.assertNotIn(e.code, ("unknown_operation", "operation_not_by_name"), op["name"])

    def test_unknown_and_typed_only_names(self):
        with self.assertRaises(telemed.NotFoundError) as cm:
            self.ctx.call("no.such_operation", {})
        self.assertEqual(cm.exception.code, "unknown_operation")
        with self.assertRaises(telemed.InvalidArgumentError) as cm:
            self.ctx.call("protocol.sign", {})
        self.assertEqual(cm.exception.code, "operation_not_by_name")
        self.assertIn("tm_protocol_sign", cm.exception.message_en)


class VersionTest(unittest.TestCase):
    def test_version(self):
        text = telemed.version()
        self.assertRegex(text, r"^\d+\.\d+\.\d+$")
        major, minor, patch = (int(part) for part in text.split("."))
        self.assertEqual(telemed.version_number(), major * 10000 + minor * 100 + patch)

    def test_version_matches_header(self):
        header = (REPO_ROOT / "capi" / "include" / "telemed.h").read_text(encoding="utf-8")
        parts = [re.search(rf"#define TM_VERSION_{name} (\d+)", header).group(1)
                 for name in ("MAJOR", "MINOR", "PATCH")]
        self.assertEqual(telemed.version(), ".".join(parts))


class ContextTest(unittest.TestCase):
    def test_region_takes_zone_from_rules(self):
        with telemed.Context(jurisdiction="RU-NVS") as ctx:
            info = ctx.describe()
        self.assertEqual(info["jurisdiction"], "RU-NVS")
        self.assertEqual(info["time_zone"], "Asia/Novosibirsk")
        ids = {rule_set["id"] for rule_set in info["rule_sets"]}
        self.assertIn("ru.identity", ids)
        self.assertIn("ru.regions", ids)
        for rule_set in info["rule_sets"]:
            for rule in rule_set["rules"]:
                self.assertIsInstance(rule["enabled"], bool)

    def test_explicit_zone(self):
        with telemed.Context(time_zone="Europe/Moscow") as ctx:
            info = ctx.describe()
        self.assertEqual(info["jurisdiction"], "RU")
        self.assertEqual(info["time_zone"], "Europe/Moscow")

    def test_federal_context_needs_zone(self):
        # The library refuses a federal context without a zone (TM_E_TIME_ZONE = 9); Context()
        # therefore names one itself, the machine's (test_package.DefaultZoneTest).
        options = _native.ContextOptions()
        self.assertEqual(_native.lib.tm_context_options_init(ctypes.byref(options), 1), 0)
        options.jurisdiction = b"RU"
        handle = ctypes.c_void_p()
        self.assertEqual(_native.lib.tm_context_new(ctypes.byref(handle), ctypes.byref(options)), 9)
        self.assertIsNone(handle.value)
        with telemed.Context() as ctx:
            self.assertEqual(ctx.describe()["time_zone"], telemed.default_time_zone())

    def test_unknown_zone(self):
        with self.assertRaises(telemed.TimeZoneError) as cm:
            telemed.Context(time_zone="Not/AZone")
        err = cm.exception
        self.assertEqual(err.status, 9)
        self.assertEqual(err.status_name, "TM_E_TIME_ZONE")
        self.assertIsNone(err.report)
        self.assertTrue(err.message_en)
        self.assertTrue(err.message_ru)

    def test_invalid_config(self):
        with self.assertRaises(telemed.RulesError):
            telemed.Context(time_zone="Europe/Moscow", config={"no_such_setting": 1})
        with self.assertRaises(telemed.JsonSyntaxError):
            telemed.Context(time_zone="Europe/Moscow", config='{"rule_sets": [')

    def test_naive_now_rejected(self):
        with self.assertRaises(ValueError):
            telemed.Context(time_zone="Europe/Moscow", now=datetime.datetime(2026, 3, 10, 12, 0))

    def test_close(self):
        ctx = telemed.Context(time_zone="Europe/Moscow")
        ctx.close()
        ctx.close()  # idempotent
        with self.assertRaises(ValueError):
            ctx.describe()

    def test_shared_between_threads(self):
        results = []
        with telemed.Context(time_zone="Europe/Moscow") as ctx:
            def work():
                for _ in range(50):
                    results.append(ctx.validate_identifier("snils", SNILS_VALID)["valid"])
            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(results, [True] * 200)


class IdentifierTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context(time_zone="Europe/Moscow")

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_snils_valid(self):
        result = self.ctx.validate_identifier("snils", SNILS_VALID)
        self.assertIs(result["valid"], True)
        self.assertEqual(result["type"], "snils")
        self.assertEqual(result["normalized"], "11223344595")
        self.assertEqual(result["masked"], "11*-***-*** 95")
        self.assertEqual(result["problems"], [])
        self.assertIn("identity.snils.checksum", result["trace"])
        self.assertIn("ru.identity", [rs["id"] for rs in result["rule_sets"]])

    def test_snils_bare_digits(self):
        result = self.ctx.validate_identifier("snils", "11223344595")
        self.assertIs(result["valid"], True)
        self.assertEqual(result["masked"], "11*-***-*** 95")

    def test_snils_checksum_branches(self):
        self.assertIs(self.ctx.validate_identifier("snils", SNILS_MOD_101)["valid"], True)
        self.assertIs(self.ctx.validate_identifier("snils", SNILS_SUM_100)["valid"], True)
        self.assertIs(self.ctx.validate_identifier("snils", "123-456-789 65")["valid"], False)

    def test_snils_invalid_check_digit(self):
        result = self.ctx.validate_identifier("snils", SNILS_INVALID)
        self.assertIs(result["valid"], False)
        self.assertEqual(result["masked"], "11*-***-*** 96")
        problem = next(p for p in result["problems"] if p["code"] == "invalid_check_digit")
        self.assertEqual(problem["rule"], "identity.snils.checksum")
        self.assertEqual(problem["severity"], "error")
        # No personal data in messages: the identifier appears only masked.
        for text in problem["message"].values():
            self.assertNotIn("445", text)
            self.assertNotIn("11223344596", text)

    def test_snils_bad_format(self):
        result = self.ctx.validate_identifier("snils", "112-233-445")
        self.assertIs(result["valid"], False)
        self.assertIsNone(result.get("normalized"))
        self.assertIn("identity.snils.format", [p["rule"] for p in result["problems"]])

    def test_enp_valid(self):
        result = self.ctx.validate_identifier("enp", ENP_VALID)
        self.assertIs(result["valid"], True)
        self.assertEqual(result["type"], "enp")
        self.assertEqual(result["normalized"], ENP_VALID)
        self.assertEqual(result["masked"], "12** **** **** **52")
        self.assertIn("identity.enp.luhn", result["trace"])

    def test_enp_with_spaces(self):
        result = self.ctx.validate_identifier("enp", "1234 5678 9012 3452")
        self.assertIs(result["valid"], True)
        self.assertEqual(result["normalized"], ENP_VALID)

    def test_enp_luhn_failure(self):
        result = self.ctx.validate_identifier("enp", ENP_INVALID)
        self.assertIs(result["valid"], False)
        self.assertEqual(result["masked"], "12** **** **** **53")
        self.assertIn("identity.enp.luhn", [p["rule"] for p in result["problems"]])

    def test_enp_wrong_length(self):
        result = self.ctx.validate_identifier("enp", ENP_VALID[:-1])
        self.assertIs(result["valid"], False)
        self.assertIn("identity.enp.format", [p["rule"] for p in result["problems"]])


class PatientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context(time_zone="Europe/Moscow")

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_valid_patient(self):
        report = self.ctx.validate_patient(patient(snils=SNILS_VALID, enp=ENP_VALID))
        self.assertIs(report["valid"], True)
        self.assertEqual([p for p in report["problems"] if p["severity"] == "error"], [])
        self.assertNotIn("patient", report)
        report = self.ctx.normalize_patient(patient(snils=SNILS_VALID, enp=ENP_VALID))
        self.assertEqual(report["patient"]["birth_date"], "1980-05-17")
        self.assertEqual(report["patient"]["sex"], "female")

    def test_valid_patient_as_json_text(self):
        text = '{"name": {"family": "Петров", "given": "Иван"}, "birth_date": "1975-01-31", "sex": "male"}'
        self.assertIs(self.ctx.validate_patient(text)["valid"], True)
        self.assertIs(self.ctx.validate_patient(text.encode("utf-8"))["valid"], True)

    def test_names_normalised(self):
        # "Сёмина" with ё decomposed (е + U+0308), padded: NFC and trimming give the composed form.
        report = self.ctx.normalize_patient(patient(name={"family": "  Се\u0308мина ", "given": "Анна"}))
        self.assertEqual(report["patient"]["name"]["family"], "Сёмина")

    def test_name_key_folds_case_and_yo(self):
        # docs/identity.md: the matching key is case-folded with ё folded to е.
        keys = {self.ctx.normalize_patient(patient(name={"family": family, "given": "Анна"}))["name_key"]
                for family in ("Сёмина", "СЕМИНА", "  семина ")}
        self.assertEqual(keys, {"семина анна"})

    def test_latin_name_is_a_warning(self):
        report = self.ctx.validate_patient(patient(name={"family": "Smith", "given": "Мария"}))
        self.assertIs(report["valid"], True)
        warning = next(p for p in report["problems"] if p["code"] == "name_not_cyrillic")
        self.assertEqual((warning["severity"], warning["pointer"]), ("warning", "/name/family"))
        self.assertNotIn("Smith", warning["message"]["en"])

    def test_unknown_field(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.validate_patient(patient(nickname="x"))
        err = cm.exception
        self.assertEqual(err.status, 6)
        self.assertEqual(err.status_name, "TM_E_VALIDATION")
        self.assertEqual(err.pointer, "/nickname")
        self.assertEqual(err.code, "unknown_field")
        self.assertTrue(err.message_en)
        self.assertTrue(err.message_ru)
        self.assertIs(err.report["valid"], False)
        self.assertNotIn("patient", err.report)
        self.assertIn(("unknown_field", "/nickname"), [(p["code"], p["pointer"]) for p in err.report["problems"]])

    def test_impossible_date(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.validate_patient(patient(birth_date="2026-02-30"))
        self.assertEqual(cm.exception.pointer, "/birth_date")
        self.assertEqual(cm.exception.code, "invalid_date")

    def test_every_problem_reported(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.validate_patient(patient(nickname="x", birth_date="2026-02-30"))
        found = [(p["code"], p["pointer"]) for p in cm.exception.report["problems"]]
        self.assertIn(("unknown_field", "/nickname"), found)
        self.assertIn(("invalid_date", "/birth_date"), found)

    def test_missing_required_field(self):
        doc = patient()
        del doc["sex"]
        with self.assertRaises(telemed.ValidationError):
            self.ctx.validate_patient(doc)

    def test_invalid_snils_in_patient_is_masked(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.validate_patient(patient(snils=SNILS_INVALID))
        err = cm.exception
        self.assertEqual(err.pointer, "/snils")
        self.assertEqual(err.code, "invalid_check_digit")
        self.assertEqual(err.rule_id, "identity.snils.checksum")
        for text in (err.message_en, err.message_ru):
            self.assertNotIn("445", text)
            self.assertNotIn("Иванова", text)
            self.assertNotIn("1980", text)

    def test_truncated_json(self):
        with self.assertRaises(telemed.JsonSyntaxError) as cm:
            self.ctx.validate_patient('{"name": {"family": "Иван')
        self.assertEqual(cm.exception.status, 3)
        self.assertIsNone(cm.exception.report)

    def test_empty_document(self):
        with self.assertRaises(telemed.JsonSyntaxError):
            self.ctx.validate_patient(b"")

    def test_limits(self):
        with self.assertRaises(telemed.LimitError):
            self.ctx.validate_patient(b"[" * 10000 + b"]" * 10000)
        with self.assertRaises(telemed.LimitError) as cm:
            self.ctx.validate_patient(patient(id="x" * 5_000_000))
        self.assertEqual(cm.exception.pointer, "/id")

    def test_trailing_garbage(self):
        with self.assertRaises(telemed.JsonSyntaxError):
            self.ctx.validate_patient('{"sex": "male"} x')

    def test_invalid_utf8(self):
        data = b'{"name": {"family": "\xff\xfe", "given": "Ivan"}, "birth_date": "1980-05-17", "sex": "male"}'
        with self.assertRaises(telemed.InvalidUtf8Error) as cm:
            self.ctx.validate_patient(data)
        self.assertEqual(cm.exception.pointer, "/name/family")

    def test_minor_needs_representative_warning(self):
        # Born 2016-01-01, 10 years old on 2026-03-10 by the fixed clock: under 15 => a warning only.
        now = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        with telemed.Context(time_zone="Europe/Moscow", now=now) as ctx:
            report = ctx.validate_patient(patient(birth_date="2016-01-01"))
        self.assertIs(report["valid"], True)
        warning = next(p for p in report["problems"] if p["code"] == "representative_required")
        self.assertEqual(warning["severity"], "warning")
        self.assertEqual(warning["rule"], "identity.representative.required")


class FixedClockTest(unittest.TestCase):
    # 2026-03-09T22:30Z is 2026-03-10 01:30 in Moscow (UTC+3) but still 2026-03-09 in UTC.
    NOW = datetime.datetime(2026, 3, 9, 22, 30, tzinfo=UTC)

    def test_future_birth_date(self):
        with telemed.Context(time_zone="Europe/Moscow", now=self.NOW) as ctx:
            # Today in Moscow is 2026-03-10: that day is allowed, the next one is in the future.
            ctx.validate_patient(patient(birth_date="1990-03-10"))
            with self.assertRaises(telemed.ValidationError) as cm:
                ctx.validate_patient(patient(birth_date="2026-03-11"))
        self.assertEqual(cm.exception.pointer, "/birth_date")
        self.assertEqual(cm.exception.code, "future_date")

    def test_future_depends_on_zone(self):
        doc = patient(birth_date="2026-03-10")  # under 15: only a warning, still valid
        with telemed.Context(time_zone="Europe/Moscow", now=self.NOW) as ctx:
            self.assertIs(ctx.validate_patient(doc)["valid"], True)
        with telemed.Context(time_zone="Etc/UTC", now=self.NOW) as ctx:
            with self.assertRaises(telemed.ValidationError) as cm:
                ctx.validate_patient(doc)
        self.assertEqual(cm.exception.code, "future_date")

    def test_age_today_by_clock(self):
        # Born 2011-03-10: 15 on 2026-03-10 (Moscow today), 14 on 2026-03-09 (UTC today).
        with telemed.Context(time_zone="Europe/Moscow", now=self.NOW) as ctx:
            gc.collect()  # the clock callback must stay referenced by the context
            result = ctx.age("2011-03-10")
        self.assertEqual((result["years"], result["on"]), (15, "2026-03-10"))
        with telemed.Context(time_zone="Etc/UTC", now=self.NOW) as ctx:
            result = ctx.age("2011-03-10")
        self.assertEqual((result["years"], result["on"]), (14, "2026-03-09"))


class AgeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context(time_zone="Europe/Moscow")

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def test_birthday_boundary(self):
        self.assertEqual(self.ctx.age("2011-03-10", on="2026-03-09")["years"], 14)
        result = self.ctx.age("2011-03-10", on="2026-03-10")
        self.assertEqual(result["years"], 15)
        self.assertEqual(result["on"], "2026-03-10")

    def test_date_objects(self):
        result = self.ctx.age(datetime.date(2011, 3, 10), on=datetime.date(2026, 3, 10))
        self.assertEqual(result["years"], 15)
        with self.assertRaises(TypeError):
            self.ctx.age(datetime.datetime(2011, 3, 10, tzinfo=UTC), on="2026-03-10")

    def test_leap_day(self):
        # Born 29 February: a year older on 1 March in common years (default switch).
        self.assertEqual(self.ctx.age("2012-02-29", on="2025-02-28")["years"], 12)
        self.assertEqual(self.ctx.age("2012-02-29", on="2025-03-01")["years"], 13)
        self.assertEqual(self.ctx.age("2012-02-29", on="2024-02-29")["years"], 12)

    def test_at_instant_in_zone(self):
        # 2026-03-09T20:00Z is 2026-03-10 03:00 in Novosibirsk (UTC+7), 23:00 on 03-09 in Moscow (UTC+3).
        at = datetime.datetime(2026, 3, 9, 20, 0, tzinfo=UTC)
        result = self.ctx.age("2011-03-10", at=at, time_zone="Asia/Novosibirsk")
        self.assertEqual((result["years"], result["on"]), (15, "2026-03-10"))
        self.assertEqual(result["time_zone"], "Asia/Novosibirsk")
        result = self.ctx.age("2011-03-10", at="2026-03-09T20:00:00Z")  # the context's zone
        self.assertEqual((result["years"], result["on"]), (14, "2026-03-09"))
        self.assertEqual(result["time_zone"], "Europe/Moscow")

    def test_at_with_offset(self):
        # 2026-03-10T00:30+03:00 is 2026-03-09T21:30Z: 03-10 in Moscow.
        at = datetime.datetime(2026, 3, 10, 0, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
        self.assertEqual(self.ctx.age("2011-03-10", at=at)["years"], 15)

    def test_naive_at_rejected(self):
        with self.assertRaises(ValueError):
            self.ctx.age("2011-03-10", at=datetime.datetime(2026, 3, 10, 12, 0))

    def test_at_unknown_zone(self):
        # A zone inside a document is a validation problem of that field (TimeZoneError is for the
        # context's own zone), so it is listed in the report with the other problems.
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.age("2011-03-10", at="2026-03-09T20:00:00Z", time_zone="Not/AZone")
        self.assertEqual((cm.exception.code, cm.exception.pointer), ("unknown_time_zone", "/time_zone"))
        self.assertIn("unknown_time_zone", codes(cm.exception.report))

    def test_on_and_at_conflict(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.age("2011-03-10", on="2026-03-10", at="2026-03-09T20:00:00Z")
        self.assertEqual((cm.exception.code, cm.exception.pointer), ("conflicting_fields", "/at"))

    def test_invalid_birth_date(self):
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.age("2026-02-30", on="2026-03-10")
        self.assertEqual(cm.exception.pointer, "/birth_date")
        self.assertEqual(cm.exception.code, "invalid_date")


class IdentifyTest(unittest.TestCase):
    RECORD = patient(snils=SNILS_VALID, enp=ENP_VALID)

    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context(time_zone="Europe/Moscow")

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def identify(self, **claim):
        return self.ctx.identify_patient(self.RECORD, claim)["result"]

    def test_match(self):
        self.assertEqual(self.identify(snils=SNILS_VALID, birth_date="1980-05-17"), "match")
        self.assertEqual(self.identify(snils="11223344595", birth_date="1980-05-17"), "match")
        self.assertEqual(self.identify(enp="1234 5678 9012 3452", birth_date="1980-05-17"), "match")

    def test_mismatch(self):
        self.assertEqual(self.identify(snils=SNILS_VALID, birth_date="1980-05-18"), "mismatch")
        self.assertEqual(self.identify(snils=SNILS_MOD_101, birth_date="1980-05-17"), "mismatch")

    def test_mismatch_does_not_say_which_part(self):
        wrong_date = self.ctx.identify_patient(self.RECORD, {"snils": SNILS_VALID, "birth_date": "1980-05-18"})
        wrong_id = self.ctx.identify_patient(self.RECORD, {"snils": SNILS_MOD_101, "birth_date": "1980-05-17"})
        self.assertEqual(set(wrong_date), set(wrong_id))
        self.assertEqual(wrong_date["method"], wrong_id["method"])

    def test_invalid_identifier(self):
        self.assertEqual(self.identify(snils=SNILS_INVALID, birth_date="1980-05-17"), "invalid_identifier")
        self.assertEqual(self.identify(enp=ENP_INVALID, birth_date="1980-05-17"), "invalid_identifier")

    def test_json_text_arguments(self):
        import json
        result = self.ctx.identify_patient(json.dumps(self.RECORD, ensure_ascii=False),
                                           '{"snils": "112-233-445 95", "birth_date": "1980-05-17"}')
        self.assertEqual(result["result"], "match")

    def test_invalid_record(self):
        record = dict(self.RECORD)
        del record["name"]
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.identify_patient(record, {"snils": SNILS_VALID, "birth_date": "1980-05-17"})
        self.assertTrue(cm.exception.pointer.startswith("/patient"))


if __name__ == "__main__":
    unittest.main()
