"""Tests of the telemed command (src/cli, docs/cli.md), run as a user runs it.

TELEMED_CLI names the program. Expected values are worked out by hand from the sample data in
examples/demo/ and the rule sets (docs/readings.md, docs/eligibility.md, docs/sick-leave.md).
"""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_readings  # noqa: E402

CLI = os.environ.get("TELEMED_CLI", os.path.join(ROOT, "build", "default", "bin", "telemed"))
NOW = "2026-03-12T12:00:00+03:00"

# The fictional people of examples/demo/: none of this may appear in any output.
PERSONAL = ["1979-06-14", "3607428510936176", "3607 4285 1093 6176", "Образцова", "Елена", "Викторовна",
            "1967-08-21", "184-729-563 17", "18472956317", "Контрольная", "Нина", "158-247-369 94",
            "1986-02-03", "3605193746201850", "1992-11-27", "3612084637590249"]


def run(*args, stdin=None, env=None):
    full_env = dict(os.environ, LC_ALL="", LC_MESSAGES="", LANG="C")
    full_env.update(env or {})
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=600)


class Outputs(unittest.TestCase):
    """Every output a test produced, checked once more for personal data at the end."""

    seen = []

    def call(self, *args, **kwargs):
        result = run(*args, **kwargs)
        Outputs.seen.append(result.stdout + result.stderr)
        return result

    def assertNoPersonalData(self, text):
        for value in PERSONAL:
            self.assertNotIn(value, text)


class HelpAndUsage(Outputs):
    def test_main_help_lists_commands_and_exit_codes(self):
        result = self.call("--help")
        self.assertEqual(result.returncode, 0)
        for command in ["demo", "check", "readings", "sick-leave", "protocol", "rules", "conformance"]:
            self.assertIn(f"  {command} ", result.stdout)
        for line in ["0  success", "1  a domain \"no\"", "2  usage error", "3  input error", "4  library"]:
            self.assertIn(line, result.stdout)

    def test_every_command_has_help(self):
        for command in ["demo", "check", "readings", "sick-leave", "protocol", "rules", "conformance"]:
            result = self.call(command, "--help")
            self.assertEqual(result.returncode, 0, command)
            self.assertTrue(result.stdout.startswith("Usage: telemed " + command), command)

    def test_usage_errors_exit_2(self):
        self.assertEqual(self.call().returncode, 2)
        self.assertEqual(self.call("frobnicate").returncode, 2)
        self.assertEqual(self.call("check", "--frob", "x").returncode, 2)
        self.assertEqual(self.call("demo", "--lang", "de").returncode, 2)
        self.assertEqual(self.call("demo", "--now", "yesterday").returncode, 2)
        self.assertEqual(self.call("readings").returncode, 2)
        bad_region = self.call("rules", "--region", "RU-XX")
        self.assertEqual(bad_region.returncode, 2)
        self.assertIn("region_zone_unknown", bad_region.stderr)


class Demo(Outputs):
    def test_english(self):
        result = self.call("demo", "--lang", "en")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        # The claim's ЕНП masked as the library masks it: first two and last two digits.
        self.assertIn("36** **** **** **76", out)
        self.assertIn("vrn-demo-0001: match", out)
        self.assertIn("vrn-demo-0002: no match", out)
        # Opened 2026-03-03 in person, closed by video on 2026-03-12 (the completion's day in Moscow):
        # return to work the next day (sick_leave.return_date).
        self.assertIn("return to work 2026-03-13", out)
        self.assertIn("RETURN_DATE_LPU 2026-03-13", out)
        self.assertIn("Decision: allowed", out)
        self.assertIn("valid (the signature is valid)", out)
        self.assertIn("content_changed", out)
        self.assertIn("8 entries, valid", out)
        # 184/112 ≥ 180 and ≥ 110: ESH grade 3 and the urgent alert; 136/86 is high normal (130–139 / 85–89);
        # 128/82 normal (120–129 / 80–84); 3.6 mmol/L = 64.86 mg/dL < 70: level 1 hypoglycaemia.
        self.assertRegex(out, r"2026-03-10 08:00  BP 184/112 mmHg +grade_3 .*urgent bp_urgent")
        self.assertRegex(out, r"2026-03-06 08:00  BP 136/86 mmHg +high_normal")
        self.assertRegex(out, r"2026-03-05 20:00  BP 128/82 mmHg +normal")
        self.assertRegex(out, r"2026-03-08 07:30  glucose 3.6 mmol/L fasting +hypoglycaemia_level_1")
        # Home protocol: 03-06…03-11, 12 readings: systolic 1637/12 = 136.42, diastolic 1036/12 = 86.33.
        self.assertIn("136.4/86.3 mmHg", out)
        # 12 of 14 glucose readings in 70–180 mg/dL (3.6 low, 11.2 high): 85.7 %.
        self.assertIn("12 / 14 (85.7 %)", out)
        self.assertIn("reading 21: rejected — implausible_value", out)
        self.assertIn("without the readings' facts: allowed", out)
        # The urgent alert of 2026-03-10, two days before the visit of 2026-03-12.
        self.assertIn("in_person_required (an in-person visit is needed)", out)
        self.assertIn("(2 days ago)", out)
        self.assertNoUntranslatedKeys(out)
        self.assertNoPersonalData(out)

    def test_russian_from_the_locale(self):
        result = self.call("demo", env={"LANG": "ru_RU.UTF-8"})
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout
        self.assertIn("36** **** **** **76", out)
        self.assertIn("приступить к работе 2026-03-13", out)
        self.assertIn("Приступить к работе 13 марта 2026\u202fг.", out)
        self.assertIn("allowed (можно дистанционно)", out)
        self.assertIn("valid (подпись верна)", out)
        self.assertRegex(out, r"2026-03-10 08:00  АД 184/112 mmHg +grade_3 \(АГ 3 степени\)")
        self.assertIn("136,4/86,3 mmHg", out)
        self.assertIn("in_person_required (нужен очный приём)", out)
        self.assertIn("прошло 2 дня", out)
        self.assertNoUntranslatedKeys(out)
        self.assertNoPersonalData(out)

    def test_lang_option_wins_over_the_locale(self):
        result = self.call("demo", "--lang", "en", env={"LC_ALL": "ru_RU.UTF-8"})
        self.assertIn("Decision: allowed", result.stdout)

    def test_json_has_every_step(self):
        result = self.call("demo", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        document = json.loads(result.stdout)
        steps = {step["step"]: step for step in document["steps"]}
        self.assertEqual(document["now"], NOW)
        for name in ["identify", "request", "schedule", "verify_identity", "confirm_consent", "start", "complete",
                     "protocol", "sign", "verify", "sign_protocol", "deliver", "audit", "sfr_record", "deliveries",
                     "readings", "summary", "decision_without_readings", "decision_with_readings"]:
            self.assertIn(name, steps)
        self.assertEqual(steps["verify"]["output"]["result"], "valid")
        self.assertEqual(steps["verify_changed"]["output"]["result"], "content_changed")
        self.assertEqual(steps["complete"]["output"]["state"]["certificate"]["return_to_work"], "2026-03-13")
        self.assertEqual(steps["readings"]["output"]["accepted"], 28)
        self.assertEqual(steps["readings"]["output"]["rejected"], 1)
        self.assertEqual(steps["summary"]["output"]["facts"]["alerts"],
                         [{"date": "2026-03-08", "severity": "routine"}, {"date": "2026-03-10", "severity": "urgent"}])
        self.assertEqual(steps["decision_without_readings"]["output"]["verdict"], "allowed")
        self.assertEqual(steps["decision_with_readings"]["output"]["verdict"], "in_person_required")
        self.assertNoPersonalData(result.stdout)

    def test_reproducible(self):
        self.assertEqual(self.call("demo", "--lang", "en").stdout, self.call("demo", "--lang", "en").stdout)

    def assertNoUntranslatedKeys(self, text):
        self.assertIsNone(re.search(r"\b(demo|err|usage|sl|check|report|rules)\.[a-z_]+\.?[a-z_]*\b(?!\()", text
                                    .replace("readings.summary", "").replace("rules.", "")))


class Check(Outputs):
    REQUEST = {
        "patient": {"name": {"family": "Примерова", "given": "Анна"}, "birth_date": "1960-05-01", "sex": "female",
                    "consents": [{"type": "telemedicine", "date": "2026-03-01", "given_by": "patient"}]},
        "organisation": {"telemedicine_cabinet": True},
        "slot": {"start": "2026-03-12T15:00:00+03:00", "telemedicine": True},
        "doctor": {"role": "treating_doctor", "experience_years": 12},
        "format": "doctor_patient", "mode": "real_time_video", "present": ["patient"],
        "identification": "snils_birth_date", "planned_actions": ["interpret_results", "close_sick_leave"],
    }

    def check(self, request, *extra):
        return self.call("check", "--region", "RU-KIR", "--now", NOW, *extra, "-", stdin=json.dumps(request))

    def test_allowed_exits_0(self):
        result = self.check(dict(self.REQUEST, planned_actions=["interpret_results"]))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("verdict: allowed (may be held remotely)", result.stdout)
        self.assertIn("visit date: 2026-03-12", result.stdout)

    def test_urgent_alert_is_a_domain_no(self):
        request = dict(self.REQUEST, planned_actions=["interpret_results"],
                       facts={"alerts": [{"date": "2026-03-11", "severity": "urgent"}]})
        result = self.check(request)
        self.assertEqual(result.returncode, 1)
        self.assertIn("in_person_required", result.stdout)
        self.assertIn("urgent_alert (eligibility.federal.urgent)", result.stdout)
        as_json = self.check(request, "--json")
        self.assertEqual(json.loads(as_json.stdout)["verdict"], "in_person_required")

    def test_malformed_request_is_an_input_error_with_code_and_pointer(self):
        result = self.check(dict(self.REQUEST, nickname="x"))
        self.assertEqual(result.returncode, 3)
        self.assertIn("TM_E_VALIDATION unknown_field at \"/nickname\"", result.stderr)
        syntax = self.call("check", "--region", "RU-KIR", "-", stdin="{\"patient\": ")
        self.assertEqual(syntax.returncode, 3)
        self.assertIn("TM_E_JSON_SYNTAX truncated_json", syntax.stderr)
        self.assertNotIn("Примерова", result.stderr + syntax.stderr)

    def test_a_rule_that_refuses_is_a_domain_no(self):
        request = json.loads(json.dumps(self.REQUEST))
        request["patient"]["snils"] = "112-233-445 96"  # check number 95: identity.snils.checksum
        result = self.check(request)
        self.assertEqual(result.returncode, 1)
        self.assertIn("invalid_check_digit", result.stderr)
        self.assertIn("(rule identity.snils.checksum)", result.stderr)
        self.assertNotIn("445 96", result.stderr)

    def test_no_rule_set_in_force_is_a_library_error(self):
        # Before 965н (2018-01-09) no eligibility rule set is in force: TM_E_RULES.
        request = dict(self.REQUEST, slot={"start": "2017-06-01T10:00:00+03:00", "telemedicine": True})
        request["patient"] = dict(self.REQUEST["patient"], consents=[])
        result = self.check(request)
        self.assertEqual(result.returncode, 4, result.stderr)
        self.assertIn("TM_E_RULES", result.stderr)

    def test_unreadable_file_is_an_input_error(self):
        result = self.call("check", "--region", "RU-KIR", "/nonexistent/request.json")
        self.assertEqual(result.returncode, 3)
        self.assertIn("cannot read", result.stderr)


class Readings(Outputs):
    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def readings(self, *args):
        return self.call("readings", "--region", "RU-KIR", "--now", NOW, *args)

    def test_generated_ndjson_counts_are_exact(self):
        path = os.path.join(self.dir, "week.ndjson")
        gen_readings.write(5000, 7, path)
        fhir = os.path.join(self.dir, "out.ndjson")
        result = self.readings("--json", "--fhir", fhir, path)
        self.assertEqual(result.returncode, 1, result.stderr)
        out = json.loads(result.stdout)
        # Lines 97, 194, … are bad: 5000 // 97 = 51 rejected, 4949 accepted.
        self.assertEqual(out["lines"], 5000)
        self.assertEqual(out["rejected"], 51)
        self.assertEqual(out["accepted"], 4949)
        self.assertEqual(len(out["rejected_lines"]), 20)  # the default cap; the count stays exact
        first = out["rejected_lines"][:3]
        self.assertEqual([line["line"] for line in first], [97, 194, 291])
        # 97 // 97 = 1 → implausible systolic; 194 → empty line; 291 → 3 % 3 = 0 → not JSON.
        self.assertEqual(first[0]["code"], "implausible_value")
        self.assertEqual(first[0]["pointer"], "/blood_pressure/systolic")
        self.assertEqual(first[1]["code"], "empty_line")
        self.assertEqual(first[2]["code"], "truncated_json")
        self.assertEqual(sum(p["accepted"] for p in out["patients"]), 4949)
        self.assertEqual(len(out["patients"]), 7)
        with open(fhir, encoding="utf-8") as observations:
            lines = observations.read().splitlines()
        self.assertEqual(len(lines), 4949)
        self.assertEqual(json.loads(lines[0])["resourceType"], "Observation")

    def test_hundred_thousand_lines(self):
        path = os.path.join(self.dir, "many.ndjson")
        gen_readings.write(100_000, 50, path)
        result = self.readings("--json", "--max-rejected", "5", path)
        out = json.loads(result.stdout)
        self.assertEqual((out["lines"], out["accepted"], out["rejected"]), (100_000, 98_970, 1030))
        self.assertEqual(len(out["rejected_lines"]), 5)

    def test_csv(self):
        path = os.path.join(self.dir, "home.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("patient_ref,device_id,kind,measured_at,systolic,diastolic,pulse,glucose,unit,meal\n"
                    "P1,t1,blood_pressure,2026-03-10T08:00:00+03:00,150,95,70,,mmHg,\n"
                    "# a comment line\n"
                    "P1,g1,glucose,2026-03-10T08:00:00+03:00,,,,5.5,mmol/L,fasting\n"
                    "P2,t1,blood_pressure,2026-03-10T08:00:00+03:00,abc,95,,,mmHg,\n"
                    "P2,t2\n")
        result = self.readings("--json", path)
        out = json.loads(result.stdout)
        self.assertEqual((out["lines"], out["accepted"], out["rejected"]), (4, 2, 2))
        rejected = {line["line"]: line for line in out["rejected_lines"]}
        self.assertEqual(rejected[5]["code"], "wrong_type")
        self.assertEqual(rejected[5]["pointer"], "/blood_pressure/systolic")
        self.assertEqual(rejected[6]["code"], "csv_column_count")
        p1 = out["patients"][0]
        # 150/95: ESH grade 1 (140–159 / 90–99); 5.5 mmol/L fasting = 99.1 mg/dL, in 80–130.
        self.assertEqual(p1["categories"], {"grade_1": 1, "in_target": 1})
        self.assertEqual(p1["blood_pressure"]["systolic_mean"], 150.0)

    def test_csv_header_must_name_the_required_columns(self):
        path = os.path.join(self.dir, "bad.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("patient_ref,kind,measured_at,unit\nP1,glucose,2026-03-10T08:00:00+03:00,mmol/L\n")
        result = self.readings(path)
        self.assertEqual(result.returncode, 3)
        self.assertIn("device_id", result.stderr)

    def test_ble_hex_lines(self):
        path = os.path.join(self.dir, "meter.ble")
        with open(path, "w", encoding="utf-8") as f:
            # The first three readings are those of tests/conformance/vectors/readings_validate.json
            # (ble.bp-full 120/80, ble.glucose-with-context 95 mg/dL fasting, ble.glucose-mmol-time-offset 5.4 mmol/L).
            f.write("2A35 1E 7800 5000 5D00 EA07 03 0A 08 0F 00 4800 01 0000\n"
                    "2A18 12 0700 EA07 03 0A 07 1E 00 5FB0 11\n"
                    "2A34 02 0700 01\n"
                    "2A35 1E 78\n"
                    "2A99 00\n"
                    "2A35 zz\n"
                    "2A34 02 0700 01\n"
                    "2A18 07 0100 EA07 03 0A 07 1E 00 C4FF 36C0 11\n")
        result = self.call("readings", "--region", "RU-NVS", "--now", "2026-03-10T12:00:00+07:00",
                           "--patient", "P-9", "--device", "d-1", "--json", path)
        out = json.loads(result.stdout)
        self.assertEqual((out["lines"], out["accepted"], out["rejected"]), (7, 3, 4))
        self.assertEqual([(line["line"], line["code"]) for line in out["rejected_lines"]],
                         [(4, "ble_truncated"), (5, "ble_characteristic_unknown"), (6, "ble_hex_invalid"),
                          (7, "ble_context_alone")])
        self.assertEqual(out["patients"][0]["categories"], {"normal": 1, "in_target": 1, "no_target": 1})

    def test_text_summary(self):
        result = self.readings(os.path.join(ROOT, "examples", "demo", "kirov-week.ndjson"))
        self.assertEqual(result.returncode, 1)
        self.assertRegex(result.stdout, r"kir-demo-0107 +28 +1 +14")
        self.assertIn("kirov-week.ndjson:21 kir-demo-0107: implausible_value at /blood_pressure/systolic", result.stdout)


def png_size_and_colours(path):
    """The PNG's size and how many distinct byte values its decompressed image data holds."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


@unittest.skipUnless(shutil.which("chromium"), "chromium is not installed (apt-get install chromium)")
class ReportInBrowser(Outputs):
    def test_report_renders_one_chart_per_patient(self):
        work = tempfile.mkdtemp()
        try:
            source = os.path.join(work, "three.ndjson")
            gen_readings.write(3000, 3, source)
            report = os.path.join(work, "report.html")
            result = self.call("readings", "--region", "RU-KIR", "--now", NOW, "--report", report, source)
            self.assertEqual(result.returncode, 1, result.stderr)
            with open(report, encoding="utf-8") as f:
                html = f.read()
            self.assertNotIn("<script", html.lower())
            browser = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                       "--disable-background-networking", "--disable-component-update", "--disable-sync",
                       f"--user-data-dir={os.path.join(work, 'profile')}", "--window-size=1280,2000"]
            dom = subprocess.run(browser + ["--dump-dom", "file://" + report], capture_output=True, text=True,
                                 timeout=120).stdout
            self.assertEqual(len(re.findall(r"<svg class=\"chart\"", dom)), 3)
            self.assertNotIn("<script", dom.lower())
            for chart in re.findall(r"<svg class=\"chart\".*?</svg>", dom, re.S):
                self.assertEqual(chart.count('<rect class="band"'), 2)  # BP target band, glucose range
                self.assertGreater(chart.count('<g class="alert urgent">'), 0)  # systolic 180–184
                self.assertGreater(chart.count('<g class="alert warning">'), 0)  # glucose 3.5–3.8 mmol/L < 70 mg/dL
            screenshot = os.path.join(work, "report.png")
            subprocess.run(browser + [f"--screenshot={screenshot}", "file://" + report], capture_output=True, timeout=120)
            width, height, colours = png_size_and_colours(screenshot)
            self.assertEqual((width, height), (1280, 2000))
            self.assertGreater(colours, 16)  # a blank page decompresses to a handful of byte values
            self.assertNoPersonalData(html + dom)
        finally:
            shutil.rmtree(work)


class SickLeave(Outputs):
    CLOSURE = {"certificate": {"number": "910123456701", "status": "open", "reason": "own_illness",
                               "organisation": {"id": "kirov-kdc", "time_zone": "Europe/Kirov"},
                               "opened": {"date": "2026-03-02", "mode": "in_person"},
                               "treating_doctor": {"id": "doc-1", "role": "doctor"},
                               "periods": [{"from": "2026-03-02", "to": "2026-03-12",
                                            "doctor": {"id": "doc-1", "role": "doctor"}}]},
               "closure": {"date": "2026-03-10", "mode": "in_person", "doctor": {"id": "doc-1", "role": "doctor"}}}

    def test_close_prints_the_return_date(self):
        result = self.call("sick-leave", "close", "--region", "RU-KIR", "--now", NOW, "-", stdin=json.dumps(self.CLOSURE))
        self.assertEqual(result.returncode, 0, result.stderr)
        # Closing on 2026-03-10 shortens the period to 03-02…03-10 (9 days); return on 03-11.
        self.assertIn("certificate 91********01: closed", result.stdout)
        self.assertIn("2026-03-02 – 2026-03-10 (9 days)", result.stdout)
        self.assertIn("return to work: 2026-03-11", result.stdout)
        self.assertNotIn("910123456701", result.stdout)

    def test_record_and_refusal(self):
        record = self.call("sick-leave", "record", "--region", "RU-KIR", "--now", NOW, "--json", "-",
                           stdin=json.dumps({"certificate": self.CLOSURE["certificate"]}))
        self.assertEqual(json.loads(record.stdout)["record"]["LN_CODE"], "910123456701")
        # A remote closure by another doctor than the treating one: sick_leave.close.remote says no.
        remote = dict(self.CLOSURE, closure={"date": "2026-03-10", "mode": "telemedicine", "doctor": {"id": "doc-2", "role": "doctor"},
                                             "consultation": {"indication": "incapacity_review", "recovery_confirmed": True,
                                                              "consent_recorded": True}})
        refused = self.call("sick-leave", "close", "--region", "RU-KIR", "--now", NOW, "-", stdin=json.dumps(remote))
        self.assertEqual(refused.returncode, 1)
        self.assertIn("not_treating_doctor at \"/closure/doctor/id\" (rule sick_leave.close.remote)", refused.stderr)
        self.assertEqual(self.call("sick-leave", "reopen", "x").returncode, 2)


class Protocol(Outputs):
    """Signs the protocol of tests/conformance/vectors/consultation.json (consultation.kir.full)."""

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(ROOT, "tests", "conformance", "vectors", "consultation.json"), encoding="utf-8") as f:
            case = next(c for c in json.load(f) if c["id"] == "consultation.kir.full")
        build = next(step for step in case["then"] if step["operation"] == "protocol.build")
        self.protocol = build["expect"]["output"]["protocol"]
        self.files = {name: os.path.join(self.dir, name) for name in ["protocol.json", "seed", "config.json", "sig.json"]}
        with open(self.files["protocol.json"], "w", encoding="utf-8") as f:
            json.dump({"protocol": self.protocol}, f, ensure_ascii=False)
        with open(self.files["seed"], "w") as f:
            f.write("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\n")  # RFC 8032 test 1
        with open(self.files["config.json"], "w") as f:
            json.dump(case["config"], f)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_sign_then_verify(self):
        signed = self.call("protocol", "sign", "--region", "RU-KIR", "--seed-file", self.files["seed"], "--key-id",
                           "doc-1-2026", self.files["protocol.json"])
        self.assertEqual(signed.returncode, 0, signed.stderr)
        signature = json.loads(signed.stdout)
        # The vector's value: OpenSSL's Ed25519 signature of the same RFC 8785 bytes.
        self.assertTrue(signature["value"].startswith("hqP/unK/dflOebGUN7AMBPO96DkLA33N"))
        with open(self.files["sig.json"], "w") as f:
            f.write(signed.stdout)
        verify = ["protocol", "verify", "--region", "RU-KIR", "--config", self.files["config.json"],
                  self.files["protocol.json"], self.files["sig.json"]]
        valid = self.call(*verify)
        self.assertEqual(valid.returncode, 0, valid.stderr)
        self.assertIn("signature: valid", valid.stdout)
        changed = dict(self.protocol, findings="Температура 37,6 °C")
        with open(self.files["protocol.json"], "w", encoding="utf-8") as f:
            json.dump({"protocol": changed}, f, ensure_ascii=False)
        tampered = self.call(*verify)
        self.assertEqual(tampered.returncode, 1)
        self.assertIn("content_changed", tampered.stdout)

    def test_sign_needs_its_options(self):
        self.assertEqual(self.call("protocol", "sign", self.files["protocol.json"]).returncode, 2)
        with open(self.files["seed"], "w") as f:
            f.write("not a seed")
        bad = self.call("protocol", "sign", "--region", "RU-KIR", "--seed-file", self.files["seed"], "--key-id", "k",
                        self.files["protocol.json"])
        self.assertEqual(bad.returncode, 3)


class Rules(Outputs):
    def test_rule_sets_in_force_on_a_date(self):
        # ru-vor.telemedicine is in force from 2026-02-19 (docs/eligibility.md).
        after = self.call("rules", "--region", "RU-VOR", "--date", "2026-02-19")
        before = self.call("rules", "--region", "RU-VOR", "--date", "2026-02-18")
        self.assertEqual(after.returncode, 0, after.stderr)
        self.assertIn("context: RU-VOR, Europe/Moscow, date 2026-02-19", after.stdout)
        self.assertIn("ru-vor.telemedicine 1.0.0", after.stdout)
        self.assertIn("eligibility.vor.sick_leave_video [CONFIRMED]", after.stdout)
        self.assertNotIn("ru-vor.telemedicine", before.stdout)
        # Kamchatka (+12): the date is still found in its zone.
        kamchatka = self.call("rules", "--region", "RU-KAM", "--date", "2026-03-10", "--json")
        self.assertEqual(json.loads(kamchatka.stdout)["today"], "2026-03-10")

    def test_explain(self):
        result = self.call("rules", "explain", "readings.bp.urgent")
        self.assertEqual(result.returncode, 0)
        self.assertIn("confidence: SECONDARY", result.stdout)
        self.assertIn('"systolic_from":180', result.stdout)
        unknown = self.call("rules", "explain", "no.such.rule")
        self.assertEqual(unknown.returncode, 3)
        self.assertIn("unknown_rule at \"/rule\"", unknown.stderr)


class Conformance(Outputs):
    def test_missing_harness_is_reported(self):
        work = tempfile.mkdtemp()
        try:
            copy = os.path.join(work, "telemed")
            shutil.copy(CLI, copy)  # alone in its directory: no telemed-conformance beside it
            result = subprocess.run([copy, "conformance", work], capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 4)
            self.assertIn("telemed-conformance", result.stderr)
        finally:
            shutil.rmtree(work)

    def test_runs_the_harness_beside_it_on_its_own_library(self):
        work = tempfile.mkdtemp()
        try:
            copy = os.path.join(work, "telemed")
            shutil.copy(CLI, copy)
            harness = os.path.join(work, "telemed-conformance")
            with open(harness, "w") as f:  # a stand-in that shows what it was given
                f.write('#!/bin/sh\necho "$@"\nexit 7\n')
            os.chmod(harness, 0o755)
            result = subprocess.run([copy, "conformance", "--junit", "out.xml", "vectors"], capture_output=True,
                                    text=True, timeout=60)
            self.assertEqual(result.returncode, 7)  # the harness's own status
            arguments = result.stdout.split()
            self.assertEqual(arguments[0], "--library")
            self.assertRegex(os.path.basename(arguments[1]), r"^libtelemed\.so")
            self.assertTrue(os.path.isfile(arguments[1]))
            self.assertEqual(arguments[2:], ["--junit", "out.xml", "vectors"])
        finally:
            shutil.rmtree(work)

    def test_needs_a_directory(self):
        self.assertEqual(self.call("conformance").returncode, 2)


class ZNoPersonalDataAnywhere(unittest.TestCase):
    """Runs last (unittest sorts classes by name): every output the other tests saw."""

    def test_outputs(self):
        for text in Outputs.seen:
            for value in PERSONAL:
                self.assertNotIn(value, text)


if __name__ == "__main__":
    unittest.main()
