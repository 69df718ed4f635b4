"""Tests of the readings part of the Python binding: validate_reading, validate_readings,
reading_to_fhir, decode_ble, ReadingStream and Context.stream_readings.

Run from the repository root:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -t bindings/python -v

The context's clock is fixed at 2026-03-10T05:00:00Z (12:00 in Novosibirsk); every reading below is
dated before it, within the library's 30-day backfill limit.
"""

import datetime
import gc
import io
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

import telemed

UTC = datetime.timezone.utc
NOW = datetime.datetime(2026, 3, 10, 5, 0, tzinfo=UTC)


def bp(systolic=128, diastolic=82, measured_at="2026-03-10T08:15:00+07:00", device="tono-17"):
    return {"patient_ref": "P-0042", "device": {"id": device}, "kind": "blood_pressure",
            "measured_at": measured_at,
            "blood_pressure": {"unit": "mmHg", "systolic": systolic, "diastolic": diastolic}}


def glucose(value=5.4, measured_at="2026-03-10T07:30:00+07:00"):
    return {"patient_ref": "P-0042", "device": {"id": "gluco-3"}, "kind": "glucose",
            "measured_at": measured_at,
            "glucose": {"unit": "mmol/L", "value": value, "meal": "fasting"}}


def line(document):
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


class ReadingsTestCase(unittest.TestCase):
    def setUp(self):
        self.ctx = telemed.Context(jurisdiction="RU-NVS", now=NOW)

    def tearDown(self):
        self.ctx.close()


class ValidateReadingTest(ReadingsTestCase):
    def test_accepted(self):
        result = self.ctx.validate_reading(bp())
        self.assertIs(result["accepted"], True)
        self.assertIn("classification", result)
        self.assertIsInstance(result["alerts"], list)
        self.assertEqual(result["reading"]["kind"], "blood_pressure")
        self.assertTrue(result["rule_sets"])

    def test_with_patient(self):
        result = self.ctx.validate_reading(glucose(), patient={"age_years": 40})
        self.assertIs(result["accepted"], True)

    def test_rejected_raises_validation_error_with_the_report(self):
        # Diastolic above systolic is not a possible measurement.
        with self.assertRaises(telemed.ValidationError) as caught:
            self.ctx.validate_reading(bp(128, 182))
        error = caught.exception
        self.assertEqual(error.status, 6)
        self.assertEqual(error.status_name, "TM_E_VALIDATION")
        self.assertTrue(error.pointer.startswith("/reading"), error.pointer)
        self.assertIs(error.report["accepted"], False)
        self.assertIn(error.code, [p["code"] for p in error.report["problems"]])

    def test_malformed_json_raises_json_syntax_error(self):
        with self.assertRaises(telemed.JsonSyntaxError) as caught:
            self.ctx.validate_reading('{"patient_ref":')
        self.assertIsNone(caught.exception.report)

    def test_closed_context(self):
        self.ctx.close()
        with self.assertRaises(ValueError):
            self.ctx.validate_reading(bp())


class BatchAndFhirTest(ReadingsTestCase):
    def test_batch_one_result_per_reading_and_duplicates(self):
        result = self.ctx.validate_readings([bp(), glucose(), bp(), bp(128, 182)])
        self.assertEqual([r["index"] for r in result["results"]], [0, 1, 2, 3])
        self.assertEqual([r["accepted"] for r in result["results"]], [True, True, False, False])
        self.assertEqual((result["accepted"], result["rejected"]), (2, 2))
        self.assertIn("duplicate_reading", [p["code"] for p in result["results"][2]["problems"]])

    def test_batch_needs_a_list(self):
        with self.assertRaises(TypeError):
            self.ctx.validate_readings(bp())

    def test_batch_with_a_bad_patient_raises(self):
        with self.assertRaises(telemed.ValidationError) as caught:
            self.ctx.validate_readings([bp()], patient={"age_years": -1})
        self.assertEqual(caught.exception.pointer, "/patient/age_years")

    def test_to_fhir(self):
        result = self.ctx.reading_to_fhir(bp())
        observation = result["observation"]
        self.assertEqual(observation["resourceType"], "Observation")
        codes = [c["code"]["coding"][0]["code"] for c in observation["component"]]
        self.assertIn("8480-6", codes)  # systolic
        self.assertIn("8462-4", codes)  # diastolic

    def test_to_fhir_of_an_implausible_reading(self):
        with self.assertRaises(telemed.ValidationError):
            self.ctx.reading_to_fhir(bp(128, 182))


class DecodeBleTest(ReadingsTestCase):
    # Blood Pressure Measurement in mmHg (flags 0x00), then three little-endian SFLOATs with
    # exponent 0: 0x0078 = 120, 0x0050 = 80, 0x005D = 93.
    BP = bytes([0x00, 0x78, 0x00, 0x50, 0x00, 0x5D, 0x00])

    def test_blood_pressure(self):
        result = self.ctx.decode_ble(telemed.BLE_BLOOD_PRESSURE_MEASUREMENT, self.BP)
        self.assertEqual(result["characteristic"], "2A35")
        self.assertEqual(result["unit"], "mmHg")
        self.assertEqual(result["systolic"], {"value": 120})
        self.assertEqual(result["diastolic"], {"value": 80})
        self.assertEqual(result["mean_arterial_pressure"], {"value": 93})
        self.assertEqual((result["rule_sets"], result["trace"]), ([], []))

    def test_bytearray_and_nan(self):
        # Flags 0x01 (kPa); 0xF0A0 = 160 * 10^-1 = 16.0; the mean 0x07FF is NaN.
        data = bytearray([0x01, 0xA0, 0xF0, 0x6B, 0xF0, 0xFF, 0x07])
        result = self.ctx.decode_ble(0x2A35, data)
        self.assertEqual(result["unit"], "kPa")
        self.assertEqual(result["systolic"], {"value": 16.0})
        self.assertEqual(result["mean_arterial_pressure"], {"special": "nan"})

    def test_glucose_context(self):
        # Flags 0x02 (meal present), sequence number 5, meal 1 (preprandial).
        result = self.ctx.decode_ble(telemed.BLE_GLUCOSE_MEASUREMENT_CONTEXT, b"\x02\x05\x00\x01")
        self.assertEqual(result["sequence_number"], 5)
        self.assertEqual(result["meal"], "preprandial")

    def test_truncated_raises_validation_error(self):
        with self.assertRaises(telemed.ValidationError) as caught:
            self.ctx.decode_ble(telemed.BLE_BLOOD_PRESSURE_MEASUREMENT, self.BP[:3])
        self.assertEqual(caught.exception.code, "ble_truncated")
        self.assertEqual(caught.exception.pointer, "/diastolic")
        self.assertIs(caught.exception.report["valid"], False)

    def test_unknown_characteristic_raises_invalid_argument(self):
        with self.assertRaises(telemed.InvalidArgumentError) as caught:
            self.ctx.decode_ble(0x2A36, self.BP)
        self.assertEqual(caught.exception.code, "unknown_characteristic")
        self.assertIsNone(caught.exception.report)

    def test_needs_bytes(self):
        with self.assertRaises(TypeError):
            self.ctx.decode_ble(0x2A35, "00 78 00")


class ReadingStreamTest(ReadingsTestCase):
    def test_chunks_split_lines_and_utf8(self):
        text = (line(bp()) + "\n" + line(dict(glucose(), patient_ref="Пётр")) + "\nnot json\r\n"
                + line(bp(131, 84))).encode("utf-8")
        cut = text.index("П".encode("utf-8")) + 1  # inside the two bytes of П
        with telemed.ReadingStream(self.ctx) as stream:
            self.assertEqual(stream.feed(text[:10]), [])
            first = stream.feed(text[10:cut])
            rest = stream.feed(text[cut:])
            last = stream.finish()
            with self.assertRaises(telemed.InvalidArgumentError):
                stream.feed(b"{}\n")
            with self.assertRaises(telemed.InvalidArgumentError):
                stream.finish()
        self.assertEqual([r["index"] for r in first], [0])
        self.assertEqual([r["index"] for r in rest], [1, 2])
        self.assertEqual([r["index"] for r in last], [3])
        results = first + rest + last
        self.assertEqual([r["accepted"] for r in results], [True, True, False, True])
        self.assertEqual(results[2]["problems"][0]["code"], "json_syntax")
        with self.assertRaises(ValueError):
            stream.feed(b"")  # closed

    def test_str_chunks_and_an_empty_stream(self):
        with self.ctx.open_reading_stream() as stream:
            self.assertEqual(stream.feed(""), [])
            self.assertEqual(stream.finish(), [])

    def test_bad_options_raise_validation_error(self):
        with self.assertRaises(telemed.ValidationError) as caught:
            telemed.ReadingStream(self.ctx, {"max_line_bytes": 0})
        self.assertEqual(caught.exception.code, "out_of_range")
        self.assertEqual(caught.exception.pointer, "/max_line_bytes")

    def test_the_stream_outlives_the_context(self):
        # Run in a child interpreter: if the stream used the freed context, the crash would
        # otherwise take every other test of this run down with it.
        code = textwrap.dedent("""
            import datetime, gc, json, telemed
            now = datetime.datetime(2026, 3, 10, 5, 0, tzinfo=datetime.timezone.utc)
            ctx = telemed.Context(jurisdiction="RU-NVS", now=now)
            stream = telemed.ReadingStream(ctx)
            ctx.close()
            del ctx
            gc.collect()
            results = stream.feed(%r + "\\n")
            assert [(r["index"], r["accepted"]) for r in results] == [(0, True)], results
            assert stream.finish() == []
            stream.close()
            stream.close()  # idempotent
            print("ok")
        """) % line(bp())
        child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                               timeout=120, env=dict(os.environ))
        self.assertEqual((child.returncode, child.stdout.strip()), (0, "ok"),
                         "the child failed:\n" + child.stderr[-3000:])


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it."""

    def __init__(self, data):
        self._data = io.BytesIO(data)
        self.read_bytes = 0

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self._data.read(size)
        self.read_bytes += len(chunk)
        return chunk


class StreamReadingsTest(ReadingsTestCase):
    LINES = 10000

    @classmethod
    def lines(cls):
        """10 000 lines: readings a minute apart going back from NOW (so no two are the same
        reading and all are within the backfill limit), with broken lines among them: every 97th
        not JSON, every 101st empty, every 103rd implausible, every 211th cut short; CRLF endings on
        every 7th line. Returns (text, the indices expected to be rejected)."""
        rejected = set()
        parts = []
        for i in range(cls.LINES):
            at = (NOW - datetime.timedelta(minutes=i + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            if i % 97 == 5:
                text, bad = "{not json", True
            elif i % 101 == 7:
                text, bad = "", True
            elif i % 103 == 9:
                text, bad = line(bp(128, 182, measured_at=at)), True
            elif i % 211 == 11:
                text, bad = line(bp(measured_at=at))[:40], True
            else:
                text, bad = line(bp(100 + i % 60, 70 + i % 15, measured_at=at)), False
            if bad:
                rejected.add(i)
            parts.append(text + ("\r\n" if i % 7 == 3 else "\n"))
        return "".join(parts).encode("utf-8"), rejected

    def check(self, results, rejected):
        self.assertEqual(len(results), self.LINES)
        self.assertEqual([r["index"] for r in results], list(range(self.LINES)))
        wrong = [r["index"] for r in results if r["accepted"] == (r["index"] in rejected)]
        self.assertEqual(wrong, [])

    def test_a_file_of_10000_lines_by_path(self):
        data, rejected = self.lines()
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "readings.ndjson")
            with open(path, "wb") as f:
                f.write(data)
            results = list(self.ctx.stream_readings(path, chunk_size=4093))
        self.check(results, rejected)

    def test_a_file_object_read_lazily(self):
        data, rejected = self.lines()
        reader = CountingReader(data)
        results = self.ctx.stream_readings(reader, chunk_size=1000)
        first = next(results)
        # One result needs only the first chunk: the file is not read whole.
        self.assertEqual(first["index"], 0)
        self.assertLessEqual(reader.read_bytes, 1000)
        self.check([first] + list(results), rejected)
        self.assertEqual(reader.read_bytes, len(data))

    def test_a_text_file_and_a_last_line_without_newline(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "readings.ndjson")
            with open(path, "w", encoding="utf-8") as f:
                f.write(line(bp()) + "\n\n" + line(glucose()))
            with open(path, encoding="utf-8") as f:
                results = list(self.ctx.stream_readings(f, chunk_size=7))
        self.assertEqual([(r["index"], r["accepted"]) for r in results],
                         [(0, True), (1, False), (2, True)])
        self.assertEqual(results[1]["problems"][0]["code"], "empty_line")

    def test_options_and_bad_arguments(self):
        text = (line(bp()) + "\n" + " " * 2000 + "\n").encode("utf-8")
        results = list(self.ctx.stream_readings(io.BytesIO(text),
                                                options={"max_line_bytes": 1024}))
        self.assertEqual(results[1]["problems"][0]["code"], "line_too_long")
        with self.assertRaises(ValueError):
            list(self.ctx.stream_readings(io.BytesIO(text), chunk_size=0))
        with self.assertRaises(telemed.ValidationError):
            list(self.ctx.stream_readings(io.BytesIO(text), options={"duplicate_window": 0}))


if __name__ == "__main__":
    unittest.main()
