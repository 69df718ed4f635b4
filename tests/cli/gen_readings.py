"""Generates NDJSON readings for the telemed command's tests and its memory measurement.

Usage: python3 gen_readings.py LINES PATIENTS OUT.ndjson

Every readings line is a blood-pressure or glucose reading of one of PATIENTS opaque patients, one
minute apart, ending before 2026-03-12T12:00:00+03:00 (the tests' fixed clock) and within 30 days
of it when LINES <= 40 000 (beyond, the older ones carry only the backfill warning). Every line
whose number (1-based) is a multiple of 97 is bad, in turn: not JSON, an impossible systolic value
(20 mmHg), an empty line. So the rejected count is exactly LINES // 97.
"""

import datetime
import json
import sys

END = datetime.datetime(2026, 3, 12, 8, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=3)))
BAD_EVERY = 97


def reading(n, patients):
    """The n-th (1-based) good reading: blood pressure on odd lines, glucose on even ones."""
    at = (END - datetime.timedelta(minutes=n)).isoformat()
    patient = f"P-{(n // 2) % patients:05d}"  # each patient gets both kinds
    if n % 2:
        systolic = 105 + (n // 3) % 80  # 105…184: every ESH category up to grade 3, urgent at 180+
        return {"patient_ref": patient, "device": {"id": "tono-1"}, "kind": "blood_pressure",
                "measured_at": at, "blood_pressure": {"systolic": systolic, "diastolic": 62 + (n // 7) % 30,
                                                      "unit": "mmHg"}}
    return {"patient_ref": patient, "device": {"id": "gluco-1"}, "kind": "glucose", "measured_at": at,
            "glucose": {"value": round(3.5 + (n % 61) / 10, 1), "unit": "mmol/L", "meal": "fasting"}}


def bad_line(n, patients):
    """The bad line for line n (a multiple of BAD_EVERY): three kinds in turn."""
    kind = (n // BAD_EVERY) % 3
    if kind == 0:
        return '{"patient_ref": "P-broken", "kind": '  # not JSON
    if kind == 1:
        broken = reading(n | 1, patients)
        broken["blood_pressure"]["systolic"] = 20  # implausible_value (50–300 mmHg)
        return json.dumps(broken)
    return ""  # empty_line


def write(lines, patients, path):
    with open(path, "w", encoding="utf-8") as out:
        for n in range(1, lines + 1):
            out.write((bad_line(n, patients) if n % BAD_EVERY == 0 else json.dumps(reading(n, patients))) + "\n")


if __name__ == "__main__":
    write(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
