#!/usr/bin/env python3
"""Seed corpora and dictionaries for the fuzz targets (docs/fuzzing.md), from the conformance vectors.

    make_seeds.py OUT_DIR [--vectors DIR] [--rules DIR]

Writes OUT_DIR/seeds/<target>/<sha1> (one file per distinct input document: what the conformance
runner sends, i.e. `input` serialised compactly as UTF-8, or `input_text` byte for byte) and
OUT_DIR/dicts/<target>.dict (json.dict followed by the target's domain dictionaries). The
context_new target is seeded with every `config` of the vectors and with each built-in rule set
(src/*/*.json) as a configuration {"rule_sets": [...]}.

The readings targets are also seeded from the examples below (READINGS_*), so that they have seeds
before and besides their vectors, and take the inputs of their vectors in their own form:
reading_decode_ble_bytes one byte naming the characteristic (0 for 2A35, 1 for 2A18, 2 for 2A34)
followed by the value's bytes, reading_stream the NDJSON text of a readings.stream vector
({"ndjson"}) or the readings of the other operations one per line, readings_summary the reading of
each reading.validate vector in a window of its own. readings_check takes no JSON document: its
seeds are tm_reading records written here (typed_documents, the layout of fuzz_target.cpp). Envelopes are signed here with
Ed25519 (RFC 8032, in pure Python) with the key whose public half the fuzz contexts register.

Chained cases ("then"): every step's input is a seed of its operation's targets too. A step's inserts
(a consultation's "/state" from the call before, a signature from protocol.sign) need the outputs of
the calls before it, so the chains are replayed through a built libtelemed.so with ctypes
(--library, else $TELEMED_FUZZ_LIBRARY, else build/default/capi/libtelemed.so when it exists); each
step is then seeded with the input the conformance runner would send. Without a library (--no-library,
or none found) a step's input is seeded as written, its inserts left out. The replay also collects the
consultation snapshots, protocols and signatures the chains produce, and the consultation targets are
seeded with documents made of them (consultation_documents): {"state"} for protocol_build and
protocol_sign, with "format"/"language" for protocol_render, with "document_ref" for
protocol_deliveries, the audit log as {"entries", "head"} for audit_verify, {"protocol", "signature"}
for protocol_verify, {"document"} for protocol_canonicalize. protocol.sign inputs lose their "key" or
"external" member and identifier.pseudonym inputs their "key_hex" (the targets sign and hash with keys
of their own); protocol_sign_external is also seeded with each input followed by "\n", " " and "\t",
the last bytes that make its signer fail (fuzz_target.cpp, external_mode).
Standard library only (ctypes for the replay); the output is generated, never committed.
"""
import argparse
import base64
import ctypes
import datetime
import hashlib
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

SICK_LEAVE = ["sick_leave." + op for op in
              ("open", "extend", "record_visit", "close", "annul", "duplicate", "record")]

# target -> (operations whose vector inputs seed it, dictionaries besides json.dict)
TARGETS = {
    "identifier_validate": (["identifier.validate"], ["identity"]),
    "patient_validate": (["patient.validate", "patient.normalize"], ["identity"]),
    "patient_normalize": (["patient.normalize", "patient.validate"], ["identity"]),
    "patient_identify": (["patient.identify"], ["identity"]),
    "patient_age": (["patient.age"], ["identity"]),
    "rule_explain": (["rule.explain"], ["rules"]),
    "eligibility_evaluate": (["eligibility.evaluate"], ["eligibility", "identity"]),
    "context_new": ([], ["rules"]),
    # The readings: each seeded with the inputs of the operations that read the same documents.
    "reading_validate": (["reading.validate", "reading.to_fhir"], ["readings"]),
    "reading_to_fhir": (["reading.to_fhir", "reading.validate"], ["readings"]),
    "readings_validate_batch": (["readings.validate_batch"], ["readings"]),
    "reading_decode_ble": (["reading.decode_ble"], ["readings"]),
    "reading_decode_ble_bytes": ([], ["readings"]),
    "reading_stream": ([], ["readings"]),
    # readings_summary also takes the readings of reading.validate, one per request
    # (summary_documents); readings_check takes bytes of its own (typed_documents).
    "readings_summary": (["readings.summary"], ["readings"]),
    "readings_check": ([], ["readings"]),
    # The consultation and its protocol (docs/consultation.md). The operations that take a snapshot
    # ({"state"}) share their inputs; all are also seeded from what the chained vectors produce
    # (consultation_documents).
    "consultation_apply": (["consultation.apply"],
                           ["consultation", "identity", "eligibility", "sick_leave"]),
    "protocol_build": (["protocol.build", "protocol.render", "protocol.deliveries"],
                       ["consultation"]),
    "protocol_canonicalize": (["protocol.canonicalize"], ["consultation"]),
    "protocol_sign": (["protocol.sign", "protocol.build"], ["consultation"]),
    "protocol_sign_external": (["protocol.sign", "protocol.build"], ["consultation"]),
    "protocol_verify": (["protocol.verify"], ["consultation"]),
    "audit_verify": (["audit.verify"], ["consultation"]),
    "protocol_render": (["protocol.render", "protocol.build"], ["consultation"]),
    "protocol_deliveries": (["protocol.deliveries", "protocol.build"], ["consultation"]),
    # identifier_pseudonym also takes the identifiers of identifier.validate, as a batch
    # (consultation_documents).
    "identifier_pseudonym": (["identifier.pseudonym"], ["identity"]),
    # call_by_name takes "operation\ndocument": every vector input behind its operation's name
    # (call_by_name_documents), and names that are not by-name operations.
    "call_by_name": ([], ["identity", "eligibility", "sick_leave", "readings", "consultation",
                          "rules"]),
}
for _op in SICK_LEAVE:
    # The sick-leave operations share the certificate: each is seeded with all of their inputs,
    # its own first.
    TARGETS[_op.replace(".", "_")] = ([_op] + [o for o in SICK_LEAVE if o != _op], ["sick_leave"])


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --------------------------------------------------------------------------------------------------
# Ed25519 (RFC 8032, section 6: the reference implementation), to sign the envelope seeds.
# --------------------------------------------------------------------------------------------------

_P = 2**255 - 19
_Q = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _point_add(a, b):
    e1, e2 = (a[1] - a[0]) * (b[1] - b[0]) % _P, (a[1] + a[0]) * (b[1] + b[0]) % _P
    e3, e4 = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    e, f, g, h = e2 - e1, e4 - e3, e4 + e3, e2 + e1
    return (e * f, g * h, f * g, e * h)


def _point_mul(s, point):
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _point_add(result, point)
        point = _point_add(point, point)
        s >>= 1
    return result


def _recover_x(y, sign):
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P)
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _compress(point):
    zinv = pow(point[2], _P - 2, _P)
    x, y = point[0] * zinv % _P, point[1] * zinv % _P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _expand(secret):
    h = hashlib.sha512(secret).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def ed25519_public(secret):
    return _compress(_point_mul(_expand(secret)[0], _G))


def ed25519_sign(secret, message):
    a, prefix = _expand(secret)
    public = _compress(_point_mul(a, _G))
    r = int.from_bytes(hashlib.sha512(prefix + message).digest(), "little") % _Q
    big_r = _compress(_point_mul(r, _G))
    h = int.from_bytes(hashlib.sha512(big_r + public + message).digest(), "little") % _Q
    return big_r + int.to_bytes((r + h * a) % _Q, 32, "little")


# RFC 8032, section 7.1, test 1. Its public key is TELEMED_FUZZ_DEVICE_KEY in fuzz_target.cpp,
# registered there for the device "tonometer-17".
DEVICE_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
DEVICE_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
DEVICE_ID = "tonometer-17"


def envelope(payload, device_id=DEVICE_ID, tamper=False):
    """{"envelope": ...} signing `payload` (a dict, serialised compactly, or bytes)."""
    data = payload if isinstance(payload, bytes) else compact(payload)
    signature = bytearray(ed25519_sign(DEVICE_SECRET, data))
    if tamper:
        signature[0] ^= 1
    return {"envelope": {"device_id": device_id, "algorithm": "Ed25519",
                         "payload": base64.b64encode(data).decode("ascii"),
                         "signature": base64.b64encode(bytes(signature)).decode("ascii")}}


# --------------------------------------------------------------------------------------------------
# Readings examples (docs/readings-ble.md, capi/include/telemed.h "Home-device readings"), dated on
# the fuzz contexts' day, 2026-03-10.
# --------------------------------------------------------------------------------------------------

def _bp(systolic, diastolic, **extra):
    reading = {"patient_ref": "P-0042", "device": {"id": "tono-17", "model": "UA-651"},
               "kind": "blood_pressure", "measured_at": "2026-03-10T08:15:00+07:00",
               "blood_pressure": {"unit": "mmHg", "systolic": systolic, "diastolic": diastolic}}
    reading.update(extra)
    return reading


def _glucose(value, unit="mmol/L", **extra):
    reading = {"patient_ref": "P-0042", "device": {"id": "gluco-3"}, "kind": "glucose",
               "measured_at": "2026-03-10T07:30:00+07:00",
               "glucose": {"unit": unit, "value": value, "meal": "fasting"}}
    reading.update(extra)
    return reading


# Characteristic values as hex (docs/readings-ble.md; worked out there):
# 2A35 flags 0x1E (time stamp, pulse, user id, status), 120/80 mmHg, mean 93, 2026-03-10 08:15:00,
# pulse 64, user 1, status 0; SFLOAT 120 = 0x0078, written little-endian 78 00.
BLE_BP = "1E 78 00 50 00 5D 00 EA 07 03 0A 08 0F 00 40 00 01 00 00"
# 2A35 in kPa with a time stamp (flags 0x03): 16.0 / 10.7 / 12.5 kPa (0xF0A0, 0xF06B, 0xF07D).
BLE_BP_KPA = "03 A0 F0 6B F0 7D F0 EA 07 03 0A 08 0F 00"
# 2A35 with a NaN mean pressure (0x07FF) and a movement flagged in the status (flags 0x10); no
# time stamp, so not a reading.
BLE_BP_NAN = "10 82 00 5A 00 FF 07 01 00"
# 2A18 flags 0x12 (concentration in kg/L, context follows), sequence 5, 2026-03-10 07:30:00,
# 95 mg/dL = 95e-5 kg/L (0xB05F), capillary whole blood from a finger (0x11).
BLE_GLUCOSE = "12 05 00 EA 07 03 0A 07 1E 00 5F B0 11"
# 2A18 flags 0x0F (time offset, concentration in mol/L, sensor status): offset -30 min,
# 5.4 mmol/L = 54e-4 mol/L (0xC036), capillary plasma, battery low.
BLE_GLUCOSE_MOL = "0F 06 00 EA 07 03 0A 07 1E 00 E2 FF 36 C0 12 01 00"
# 2A34 flags 0x02 (meal), sequence 5, preprandial.
BLE_CONTEXT = "02 05 00 01"
# Broken ones: truncated, reserved flags, a trailing byte, an invalid month, a reserved SFLOAT.
BLE_BROKEN = [("2A35", "00 78"), ("2A35", "E0 78 00 50 00 5D 00"), ("2A35", "00 78 00 50 00 5D 00 FF"),
              ("2A35", "02 78 00 50 00 5D 00 EA 07 0D 20 18 3C 3C"), ("2A35", "00 01 08 50 00 5D 00"),
              ("2A18", "80 05 00"), ("2A34", "80 05 00 01"), ("2A34", "42 05 00 07 00 F0")]

_BLE_BYTE = {"2A35": 0, "2A18": 1, "2A34": 2}


def _ble(characteristic, value, context=None):
    wrapper = {"patient_ref": "P-0042", "device": {"id": "tono-17"},
               "ble": {"characteristic": characteristic, "value": value}}
    if context is not None:
        wrapper["ble"]["context"] = context
    return wrapper


_FHIR_BP = {
    "resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "85354-9"}]},
    "subject": {"reference": "Patient/p-0042"}, "effectiveDateTime": "2026-03-10T08:15:00+07:00",
    "component": [
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
         "valueQuantity": {"value": 128, "unit": "mmHg", "system": "http://unitsofmeasure.org",
                           "code": "mm[Hg]"}},
        {"code": {"coding": [{"system": "http://loinc.org", "code": "8462-4"}]},
         "valueQuantity": {"value": 82, "unit": "mmHg", "system": "http://unitsofmeasure.org",
                           "code": "mm[Hg]"}}]}
_FHIR_GLUCOSE = {
    "resourceType": "Observation", "status": "final",
    "code": {"coding": [{"system": "http://loinc.org", "code": "41653-7"}]},
    "subject": {"reference": "Patient/p-0042"}, "effectiveDateTime": "2026-03-10T07:30:00+03:00",
    "valueQuantity": {"value": 101, "system": "http://unitsofmeasure.org", "code": "mg/dL"}}
_OMH_BP = {"patient_ref": "P-0042", "device": {"id": "tono-17"}, "open_mhealth": {
    "systolic_blood_pressure": {"value": 125, "unit": "mmHg"},
    "diastolic_blood_pressure": {"value": 80, "unit": "mmHg"},
    "body_posture": "sitting", "measurement_location": "left wrist",
    "effective_time_frame": {"date_time": "2026-03-10T07:25:00+07:00"}}}
_OMH_GLUCOSE = {"patient_ref": "P-0042", "device": {"id": "gluco-3"}, "open_mhealth": {
    "header": {"id": "123e4567-e89b-12d3-a456-426655440000",
               "creation_date_time": "2026-03-10T07:26:00Z",
               "schema_id": {"namespace": "omh", "name": "blood-glucose", "version": "4.0"}},
    "body": {"blood_glucose": {"unit": "mg/dL", "value": 95},
             "effective_time_frame": {"date_time": "2026-03-10T01:25:00Z"},
             "specimen_source": "capillary blood", "temporal_relationship_to_meal": "fasting"}}}

READINGS = [
    _bp(128, 82, setting="home"),
    _bp(186, 112, flags=["irregular_pulse", "body_movement"],
        measured_at="2026-03-10T07:50:00"),
    _bp(86, 52, blood_pressure={"unit": "mmHg", "systolic": 86, "diastolic": 52, "mean": 63,
                                "pulse": 48}),
    _bp(16.0, 10.7, blood_pressure={"unit": "kPa", "systolic": 16.0, "diastolic": 10.7}),
    _bp(142, 91, setting="office", measured_at="2026-03-09T23:30:00Z"),
    _glucose(3.1),
    _glucose(14.2, glucose={"unit": "mmol/L", "value": 14.2}),
    _glucose("HI", unit="mg/dL", glucose={"unit": "mg/dL", "value": "HI", "device_limit": 600}),
    _glucose(2.9, flags=["battery_low"], glucose={"unit": "mmol/L", "value": 2.9,
                                                   "meal": "postprandial",
                                                   "control_solution": False}),
    _FHIR_BP,
    _FHIR_GLUCOSE,
    _OMH_BP,
    _OMH_GLUCOSE,
    _ble("2A35", BLE_BP),
    _ble("2A35", BLE_BP_KPA),
    _ble("2A35", BLE_BP_NAN),
    _ble("2A18", BLE_GLUCOSE, BLE_CONTEXT),
    _ble("2A18", BLE_GLUCOSE_MOL),
    # The device the fuzz context registers signs: unsigned, it is refused there.
    dict(_bp(131, 84), device={"id": DEVICE_ID}),
    envelope(dict(_bp(131, 84), device={"id": DEVICE_ID})),
    envelope(_glucose(6.2)),                       # another device's reading: device_mismatch
    envelope(dict(_bp(131, 84), device={"id": DEVICE_ID}), tamper=True),
    envelope(b'{"patient_ref":"P-0042","kind":'),   # verified, not JSON
    envelope(envelope(_bp(120, 80))),               # nested
    envelope(_bp(120, 80), device_id="glucometer-9"),
    # Broken ones.
    _bp(128, 182),
    _bp(400, 82, measured_at="2026-03-11T08:15:00+07:00"),
    _glucose(5.5, unit="MGDL"),
    dict(_bp(128, 82), glucose={"unit": "mmol/L", "value": 5}),
]
for _reading in READINGS[:3]:
    _reading["device"] = dict(_reading["device"], serial="SN-0001")

PATIENTS = [
    None,
    {"zone": "Europe/Moscow", "age_years": 70},
    {"age_years": 34, "pregnant": True,
     "targets": {"blood_pressure": {"unit": "mmHg", "systolic_below": 130, "diastolic_below": 80},
                 "glucose": {"unit": "mmol/L", "fasting_min": 4.0, "fasting_below": 7.0,
                             "postprandial_below": 10.0}}},
    {"age_years": 70, "targets": {"glucose": {"hba1c_target": 7.5}}},
]


def _request(reading, patient):
    request = {"reading": reading}
    if patient is not None:
        request["patient"] = patient
    return request


def readings_documents(target):
    """The inline seeds of a readings target (bytes each)."""
    docs = []
    if target in ("reading_validate", "reading_to_fhir"):
        for i, reading in enumerate(READINGS):
            docs.append(compact(_request(reading, PATIENTS[i % len(PATIENTS)])))
        docs.append(compact({"reading": READINGS[0], "patient": {"zone": "Mars/Olympus"}}))
        docs.append(compact({"readings": [READINGS[0]]}))
    elif target == "readings_validate_batch":
        docs.append(compact({"readings": READINGS}))
        docs.append(compact({"readings": [READINGS[0], READINGS[5], READINGS[0]],
                             "patient": PATIENTS[1]}))
        for patient in PATIENTS[1:]:
            docs.append(compact({"readings": READINGS[:4] + READINGS[5:9], "patient": patient}))
        docs.append(compact({"readings": []}))
    elif target == "readings_summary":
        docs.append(compact({"window": SUMMARY_WINDOW, "readings": READINGS}))
        for patient in PATIENTS[1:]:
            docs.append(compact({"window": SUMMARY_WINDOW, "patient": patient,
                                 "readings": READINGS[:4] + READINGS[5:9] + [READINGS[0]]}))
        docs.append(compact({"window": {"from": "2026-03-10", "to": "2026-03-10"}, "readings": []}))
    elif target == "reading_decode_ble":
        for characteristic, value in ([("2A35", BLE_BP), ("2A35", BLE_BP_KPA), ("2A35", BLE_BP_NAN),
                                       ("2A18", BLE_GLUCOSE), ("2A18", BLE_GLUCOSE_MOL),
                                       ("2A34", BLE_CONTEXT)] + BLE_BROKEN):
            docs.append(compact({"characteristic": characteristic, "value": value}))
            docs.append(compact({"characteristic": characteristic,
                                 "value": value.replace(" ", "").lower()}))
        docs.append(compact({"characteristic": "2A35", "value": "0x1E 78"}))
        docs.append(compact({"characteristic": "2A99", "value": ""}))
    elif target == "reading_stream":
        lines = [compact(r) for r in READINGS]
        # The first byte picks how the text is cut into chunks (fuzz_target.cpp, chunk_sizes):
        # '{' (0x7B) sizes 1-256, ' ' (0x20) all at once, '\t' (0x09) byte by byte, '\n' (0x0A)
        # sizes 0-16. A few lines each: every line is judged on two streams, so short inputs keep
        # the target fast.
        for start in range(0, len(lines), 6):
            docs.append(b"\n".join(lines[start:start + 6]) + b"\n")
        docs.append(b" " + b"\r\n".join(lines[:5]))
        docs.append(b"\t" + b"\n".join(lines[5:9]) + b"\n\n   \n")
        docs.append(b"\n" + b"\n".join([lines[0], lines[0], b"{\"patient_ref\":", lines[13],
                                        b"not json", lines[0], lines[16]]) + b"\r")
        # An over-long line (over the 512 bytes of the second stream's options) and a CR inside.
        docs.append(b" " + lines[9] + b" " * 600 + b"\n" + lines[1] + b"\r\r\n" + lines[2])
        docs.append(b"{}\n[]\n\"\xff\"\n" + lines[18] + b"\n" + lines[19] + b"\n" + lines[20])
    return docs


# readings_summary: the window the readings of other operations are summarised over.
SUMMARY_WINDOW = {"from": "2026-03-01", "to": "2026-03-10"}


def summary_documents(cases):
    """readings_summary: the reading of each reading.validate vector as a one-reading summary."""
    docs = []
    for operation, data, _ in cases:
        if operation == "reading.validate" and data is not None:
            try:
                request = json.loads(data)
            except ValueError:
                continue
            if isinstance(request, dict) and "reading" in request:
                docs.append(compact({"window": SUMMARY_WINDOW, "readings": [request["reading"]]}))
    return docs


# readings_check (fuzz_target.cpp, typed_reading): 56-byte records after a 2-byte patient length
# and the patient JSON. Header bytes: kind, unit, value | raw-number bits << 2, meal, three bytes
# of flags, time mode | device index << 2; then the time (8 bytes), then five 8-byte slots
# (systolic, diastolic, mean, pulse, glucose): a raw double, or int16 + a divisor code
# (0: 1, 1: 10, 2: 100, 3: NaN).
TYPED_DEVICES = {None: 0, "": 1, "tono-17": 2, "gluco-3": 3}
NAN = 3  # the divisor code of an absent number


def _typed_slot(number):
    """A small number slot: (value, divisor code) or a float (written raw)."""
    if isinstance(number, float):
        return struct.pack("<d", number)
    value, code = number
    return struct.pack("<hB5x", value, code)


def typed_record(kind, unit, numbers, value=0, meal=0, flags=0, hours_ago=2, device="tono-17",
                 at_ms=None):
    raw_bits = sum(1 << (2 + i) for i, n in enumerate(numbers) if isinstance(n, float))
    if at_ms is None:
        time_mode, time = 3, struct.pack("<h6x", -hours_ago)
    else:
        time_mode, time = 0, struct.pack("<q", at_ms)
    header = bytes([kind, unit, value | raw_bits, meal, flags & 0xFF, (flags >> 8) & 0xFF,
                    (flags >> 16) & 3, time_mode | (TYPED_DEVICES[device] << 2)])
    return header + time + b"".join(_typed_slot(n) for n in numbers)


def typed_documents():
    bp = typed_record(1, 1, [(128, 0), (82, 0), (0, NAN), (64, 0), (0, NAN)])
    bp_urgent = typed_record(1, 1, [(186, 0), (112, 0), (0, NAN), (0, NAN), (0, NAN)], flags=1 << 2,
                             hours_ago=5)
    bp_kpa = typed_record(1, 2, [(160, 1), (107, 1), (0, NAN), (0, NAN), (0, NAN)], device=None)
    glucose = typed_record(2, 4, [(0, NAN), (0, NAN), (0, NAN), (0, NAN), (55, 1)], meal=3,
                           device="gluco-3")
    glucose_low = typed_record(2, 3, [(0, NAN), (0, NAN), (0, NAN), (0, NAN), (50, 0)], meal=1,
                               device="", hours_ago=1)
    glucose_lo = typed_record(2, 3, [(0, NAN), (0, NAN), (0, NAN), (0, NAN), (0, 0)], value=1,
                              device="gluco-3", at_ms=1773118800000 - 3_600_000)
    nan = typed_record(1, 1, [float("nan"), (80, 0), (0, NAN), (0, NAN), (0, NAN)])
    infinite = typed_record(2, 4, [(0, NAN), (0, NAN), (0, NAN), (0, NAN), float("inf")])
    patient = compact({"age_years": 70, "targets": {"blood_pressure": {
        "unit": "mmHg", "systolic_below": 130, "diastolic_below": 80}}})

    def doc(records, patient_json=b""):
        return struct.pack("<H", len(patient_json)) + patient_json + b"".join(records)

    return [
        b"",
        doc([bp]),
        doc([glucose]),
        doc([bp, bp]),                       # a duplicate pair
        doc([nan]),
        doc([bp, bp_urgent, bp_kpa, glucose, glucose_low, glucose_lo, nan, infinite, glucose]),
        doc([bp, glucose_low], patient),
        doc([bp], b'{"age_years":'),         # bad patient JSON
        doc([glucose], compact({"targets": {"glucose": {"hba1c_target": 7.0}}})),
    ]


def ble_bytes_documents(cases):
    """reading_decode_ble_bytes: one byte naming the characteristic, then the value's bytes."""
    values = [("2A35", BLE_BP), ("2A35", BLE_BP_KPA), ("2A35", BLE_BP_NAN), ("2A18", BLE_GLUCOSE),
              ("2A18", BLE_GLUCOSE_MOL), ("2A34", BLE_CONTEXT)] + BLE_BROKEN
    for operation, data, _ in cases:
        if operation == "reading.decode_ble" and data is not None:
            try:
                request = json.loads(data)
                values.append((request["characteristic"], request["value"]))
            except (ValueError, KeyError, TypeError):
                pass
    docs = [b"", bytes([3]) + bytes.fromhex(BLE_BP)]
    for characteristic, value in values:
        if characteristic in _BLE_BYTE and isinstance(value, str):
            try:
                docs.append(bytes([_BLE_BYTE[characteristic]]) + bytes.fromhex(value))
            except ValueError:
                pass
    return docs


def stream_documents(cases):
    """reading_stream: the NDJSON of the stream vectors, and the readings of the other vectors
    one per line."""
    docs = []
    lines = []
    for operation, data, _ in cases:
        if data is None:
            continue
        try:
            request = json.loads(data)
        except ValueError:
            continue
        if operation == "readings.stream" and isinstance(request, dict):
            if isinstance(request.get("ndjson"), str):
                docs.append(request["ndjson"].encode("utf-8"))
        elif operation in ("reading.validate", "reading.to_fhir") and isinstance(request, dict):
            if "reading" in request:
                lines.append(compact(request["reading"]))
        elif operation == "readings.validate_batch" and isinstance(request, dict):
            if isinstance(request.get("readings"), list):
                lines.extend(compact(r) for r in request["readings"])
    for start in range(0, len(lines), 4):
        docs.append(b"\n".join(lines[start:start + 4]) + b"\n")
    return docs


# --------------------------------------------------------------------------------------------------
# Chained cases: replayed through the built library (ctypes), so that each step's inserts are
# resolved as the conformance runner resolves them (docs/conformance.md, "then").
# --------------------------------------------------------------------------------------------------

# The members the conformance adapters take out of an input before the call: the key a
# protocol.sign case signs with ("key", "external") and the key of identifier.pseudonym. The fuzz
# targets sign and hash with keys of their own.
ADAPTER_MEMBERS = {"protocol.sign": ("key", "external"), "identifier.pseudonym": ("key_hex",)}

# The operations the replay can call: each takes one document (tm_<operation with _ for .>).
REPLAY_OPERATIONS = {
    "identifier.validate", "patient.validate", "patient.normalize", "patient.identify",
    "patient.age", "rule.explain", "eligibility.evaluate", "reading.validate",
    "reading.decode_ble", "readings.validate_batch", "reading.to_fhir", "readings.summary",
    "consultation.apply", "protocol.build", "protocol.canonicalize", "protocol.verify",
    "protocol.render", "protocol.deliveries", "audit.verify",
} | set(SICK_LEAVE)


def _instant_ms(text):
    """Milliseconds since the epoch of an RFC 3339 instant with an offset (a fraction cut to ms)."""
    when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return int(when.replace(microsecond=0).timestamp()) * 1000 + when.microsecond // 1000


class _ContextOptions(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("jurisdiction", ctypes.c_char_p),
                ("time_zone", ctypes.c_char_p), ("config_json", ctypes.c_char_p),
                ("config_json_len", ctypes.c_size_t), ("clock", ctypes.c_void_p),
                ("clock_user_data", ctypes.c_void_p)]


_CLOCK = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p)
_SIGN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_ubyte),
                         ctypes.c_size_t, ctypes.POINTER(ctypes.c_ubyte), ctypes.c_size_t,
                         ctypes.POINTER(ctypes.c_size_t))


class _ExternalSigner(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint), ("algorithm", ctypes.c_char_p),
                ("key_id", ctypes.c_char_p), ("certificate", ctypes.c_char_p),
                ("sign", _SIGN), ("user_data", ctypes.c_void_p)]


class Replay:
    """libtelemed through ctypes: contexts as the vectors describe them, and their operations."""

    def __init__(self, path):
        self.lib = ctypes.CDLL(path)
        self.path = path
        lib = self.lib
        lib.tm_context_options_size.restype = ctypes.c_size_t
        if lib.tm_context_options_size() != ctypes.sizeof(_ContextOptions):
            raise OSError("tm_context_options has another layout")
        lib.tm_context_new.argtypes = [ctypes.POINTER(ctypes.c_void_p),
                                       ctypes.POINTER(_ContextOptions)]
        lib.tm_context_options_init.argtypes = [ctypes.POINTER(_ContextOptions), ctypes.c_uint]
        lib.tm_string_free.argtypes = [ctypes.c_void_p]
        self.contexts = {}
        self.clocks = []  # the callbacks, kept alive with the contexts

    def context(self, case):
        config = compact(case["config"]) if "config" in case else None
        key = (case.get("jurisdiction"), case.get("time_zone"), config, case.get("now"))
        if key not in self.contexts:
            options = _ContextOptions()
            self.lib.tm_context_options_init(ctypes.byref(options), 1)
            options.jurisdiction = case["jurisdiction"].encode()
            if case.get("time_zone") is not None:
                options.time_zone = case["time_zone"].encode()
            if config is not None:
                options.config_json = config
                options.config_json_len = len(config)
            now = _instant_ms(case["now"])
            clock = _CLOCK(lambda _: now)
            self.clocks.append(clock)
            options.clock = ctypes.cast(clock, ctypes.c_void_p)
            context = ctypes.c_void_p()
            rc = self.lib.tm_context_new(ctypes.byref(context), ctypes.byref(options))
            self.contexts[key] = context if rc == 0 else None
        return self.contexts[key]

    def _output(self, rc, out, out_len):
        text = ctypes.string_at(out, out_len.value) if out else None
        if out:
            self.lib.tm_string_free(out)
        return rc, None if text is None else json.loads(text)

    def _json_call(self, function, context, document, *extra):
        out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
        rc = function(context, document, ctypes.c_size_t(len(document)), *extra,
                      ctypes.byref(out), ctypes.byref(out_len))
        return self._output(rc, out, out_len)

    def call(self, context, operation, value):
        """(status, output value or None) of one call; None when it cannot be made here."""
        if operation in REPLAY_OPERATIONS:
            function = getattr(self.lib, "tm_" + operation.replace(".", "_"), None)
            if function is None:
                return None
            return self._json_call(function, context, compact(value))
        if operation == "identifier.pseudonym" and isinstance(value, dict):
            key = bytes.fromhex(value.get("key_hex", ""))
            document = compact({k: v for k, v in value.items() if k != "key_hex"})
            return self._json_call(self.lib.tm_identifier_pseudonym, context, document,
                                   ctypes.c_char_p(key), ctypes.c_size_t(len(key)))
        if operation == "protocol.sign" and isinstance(value, dict):
            document = compact({k: v for k, v in value.items() if k not in ("key", "external")})
            if isinstance(value.get("key"), dict):
                key = value["key"]
                seed = bytes.fromhex(key["seed"])
                handle = ctypes.c_void_p()
                certificate = key.get("certificate")
                rc = self.lib.tm_signing_key_new(
                    ctypes.c_char_p(seed), ctypes.c_size_t(len(seed)), key["key_id"].encode(),
                    None if certificate is None else certificate.encode(), ctypes.byref(handle))
                if rc != 0:
                    return rc, None
                try:
                    return self._json_call(self.lib.tm_protocol_sign, context, document, handle)
                finally:
                    self.lib.tm_signing_key_free(handle)
            if isinstance(value.get("external"), dict):
                external = value["external"]
                signature = bytes.fromhex(external["signature_hex"])
                result = external.get("result", 0)

                def sign(_, message, message_len, out, capacity, out_len):
                    if result != 0:
                        return result
                    n = min(capacity + 1, len(signature))  # +1: an overlong one is refused
                    ctypes.memmove(out, signature, min(n, capacity))
                    out_len[0] = n
                    return 0

                callback = _SIGN(sign)
                certificate = external.get("certificate")
                signer = _ExternalSigner(1, external["algorithm"].encode(),
                                         external["key_id"].encode(),
                                         None if certificate is None else certificate.encode(),
                                         callback, None)
                return self._json_call(self.lib.tm_protocol_sign_external, context, document,
                                       ctypes.byref(signer))
        return None


def _pointer_tokens(pointer):
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _pointer_get(value, pointer):
    for token in _pointer_tokens(pointer):
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _pointer_set(value, pointer, item):
    tokens = _pointer_tokens(pointer)
    if not tokens:
        return item
    parent = _pointer_get(value, "".join("/" + t.replace("~", "~0").replace("/", "~1")
                                         for t in tokens[:-1]))
    if isinstance(parent, list):
        index = len(parent) if tokens[-1] == "-" else int(tokens[-1])
        if index == len(parent):
            parent.append(item)
        else:
            parent[index] = item
    else:
        parent[tokens[-1]] = item
    return value


class Produced:
    """What the replayed chains produced: consultation snapshots, protocols, signatures."""

    def __init__(self):
        self.states = {}      # compact bytes -> snapshot, in order of appearance
        self.protocols = {}   # compact bytes -> protocol
        self.signed = {}      # compact bytes -> {"protocol", "signature"}

    def add(self, operation, request, output):
        if not isinstance(output, dict):
            return
        if isinstance(output.get("state"), dict):
            self.states.setdefault(compact(output["state"]), output["state"])
        if operation == "protocol.build" and isinstance(output.get("protocol"), dict):
            self.protocols.setdefault(compact(output["protocol"]), output["protocol"])
        if operation == "protocol.sign" and isinstance(output.get("signature"), dict):
            protocol = request.get("protocol") if isinstance(request, dict) else None
            if protocol is None and self.protocols:
                protocol = list(self.protocols.values())[-1]
            if isinstance(protocol, dict):
                pair = {"protocol": protocol, "signature": output["signature"]}
                self.signed.setdefault(compact(pair), pair)


def replay_case(replay, case, produced):
    """The inputs of a case's steps (each (operation, value)) with their inserts resolved, by
    running the chain; a step that cannot be resolved (an earlier call without output, an
    operation the replay cannot make) and all after it are given as written."""
    steps = case.get("then")
    steps = [steps] if isinstance(steps, dict) else steps if isinstance(steps, list) else []
    steps = [s for s in steps if isinstance(s, dict) and isinstance(s.get("operation"), str)]
    written = [(s["operation"], s.get("input")) for s in steps if "input" in s]
    if replay is None or "input" not in case:
        return written
    context = replay.context(case)
    if context is None:
        return written
    first = replay.call(context, case["operation"], case["input"])
    if first is None:
        return written
    produced.add(case["operation"], case["input"], first[1])
    outputs = [first[1]]
    resolved = []
    for k, step in enumerate(steps):
        if "input" not in step:
            break
        value = json.loads(json.dumps(step["input"]))
        try:
            for insert in step.get("insert", []):
                source = outputs[insert.get("step", k)]
                value = _pointer_set(value, insert["to"], _pointer_get(source, insert["from"]))
        except (KeyError, IndexError, TypeError, ValueError):
            return resolved + written[len(resolved):]
        resolved.append((step["operation"], value))
        result = replay.call(context, step["operation"], value)
        if result is None:
            return resolved + written[len(resolved):]
        produced.add(step["operation"], value, result[1])
        outputs.append(result[1])
    return resolved


def _document(operation, value):
    """What the fuzz targets are given for an input: the adapters' members taken out."""
    if isinstance(value, dict) and operation in ADAPTER_MEMBERS:
        value = {k: v for k, v in value.items() if k not in ADAPTER_MEMBERS[operation]}
    return compact(value)


CONSULTATION_TARGETS = ("consultation_apply", "protocol_build", "protocol_canonicalize",
                        "protocol_sign", "protocol_sign_external", "protocol_verify", "audit_verify",
                        "protocol_render", "protocol_deliveries", "identifier_pseudonym")

# The statuses whose snapshots make a protocol (the others give not_completed / not_signed).
_PROTOCOL_STATUSES = ("completed", "protocol_signed", "delivered")


def consultation_documents(target, cases, produced):
    """The documents a consultation target is seeded with beside its vectors' inputs: made of the
    snapshots, protocols and signatures the replayed chains produced (Produced)."""
    docs = []
    states = list(produced.states.values())
    # Every snapshot that makes a protocol, and one of each other status (the refusals).
    chosen, statuses = [], set()
    for state in states:
        status = state.get("status")
        if status in _PROTOCOL_STATUSES or status not in statuses:
            chosen.append(state)
            statuses.add(status)
    if target in ("protocol_build", "protocol_sign", "protocol_sign_external"):
        docs += [compact({"state": state}) for state in chosen]
    if target in ("protocol_sign", "protocol_sign_external", "protocol_canonicalize"):
        key = "document" if target == "protocol_canonicalize" else "protocol"
        docs += [compact({key: protocol}) for protocol in produced.protocols.values()]
    if target == "protocol_render":
        for i, state in enumerate(chosen):
            for j, (form, language) in enumerate((("text", "ru"), ("html", "en"), ("html", "ru"),
                                                  ("text", "en"))):
                if (i + j) % 2 == 0 or state.get("status") in _PROTOCOL_STATUSES:
                    docs.append(compact({"state": state, "format": form, "language": language}))
    if target == "protocol_deliveries":
        docs += [compact({"state": state, "document_ref": "gu-2026-%04d" % i})
                 for i, state in enumerate(chosen)]
    if target == "protocol_verify":
        docs += [compact(pair) for pair in produced.signed.values()]
    if target == "audit_verify":
        for state in states:
            audit = state.get("audit")
            if isinstance(audit, list) and audit and isinstance(audit[-1], dict):
                docs.append(compact({"entries": audit}))
                docs.append(compact({"entries": audit, "head": {"hash": audit[-1].get("hash"),
                                                                "count": len(audit)}}))
    if target == "protocol_canonicalize":
        # The documents of the other consultation vectors, as values to canonicalise.
        for operation, data, _ in cases:
            if data is not None and (operation.startswith("protocol.")
                                     or operation == "audit.verify"):
                try:
                    docs.append(compact({"document": json.loads(data)}))
                except ValueError:
                    pass
    if target == "identifier_pseudonym":
        identifiers = []
        for operation, data, _ in cases:
            if operation == "identifier.validate" and data is not None:
                try:
                    identifier = json.loads(data)
                except ValueError:
                    continue
                identifiers.append(identifier)
                docs.append(compact({"identifiers": [identifier]}))
        docs.append(compact({"identifiers": identifiers[:1000]}))
    if target == "protocol_sign_external":
        # The last byte picks the external signer's behaviour (fuzz_target.cpp, external_mode):
        # '\n' the callback fails, ' ' it writes nothing, '\t' it claims more than the buffer.
        base = [data for operation, data, _ in cases
                if operation in ("protocol.sign", "protocol.build") and data is not None] + docs
        docs += [data + end for data in base[:24] for end in (b"\n", b" ", b"\t")]
    return docs


def read_vectors(directory, replay=None, produced=None):
    """(operation, input bytes or None, config bytes or None) for every case of every *.json, and
    for every step of a chained case (replayed through `replay` when given; see replay_case)."""
    cases = []
    produced = produced if produced is not None else Produced()
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            for case in json.load(f):
                if not isinstance(case, dict) or not isinstance(case.get("operation"), str):
                    continue
                if "input" in case:
                    data = _document(case["operation"], case["input"])
                elif isinstance(case.get("input_text"), str):
                    data = case["input_text"].encode("utf-8")
                else:
                    data = None
                config = compact(case["config"]) if "config" in case else None
                cases.append((case["operation"], data, config))
                if "then" in case:
                    for operation, value in replay_case(replay, case, produced):
                        cases.append((operation, _document(operation, value), config))
    return cases


def built_in_rule_sets(directory):
    sets = []
    for domain in sorted(os.listdir(directory)):
        folder = os.path.join(directory, domain)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith(".json") and name != "messages.json":
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    sets.append(compact({"rule_sets": [json.load(f)]}))
    return sets


def write_corpus(folder, documents):
    os.makedirs(folder, exist_ok=True)
    seen = set()
    for data in documents:
        digest = hashlib.sha1(data).hexdigest()
        if digest not in seen:
            seen.add(digest)
            with open(os.path.join(folder, digest), "wb") as f:
                f.write(data)
    return len(seen)


def call_by_name_documents(cases):
    """call_by_name seeds: each vector input as "operation\ndocument", plus the context-only
    operations, a typed-only one, an unknown one and a name without a document."""
    documents = [op.encode("ascii") + b"\n" + data for op, data, _ in cases
                 if data is not None and op not in ("context.new", "readings.stream",
                                                    "protocol.sign", "identifier.pseudonym")]
    documents += [b"context.describe\n", b"indication.list\n{}", b"protocol.sign\n{}",
                  b"no.such_operation\n{}", b"identifier.validate"]
    return documents


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--vectors", default=os.path.join(ROOT, "tests", "conformance", "vectors"))
    parser.add_argument("--rules", default=os.path.join(ROOT, "src"),
                        help="folder whose */*.json are the built-in rule sets")
    parser.add_argument("--library", default=os.environ.get("TELEMED_FUZZ_LIBRARY"),
                        help="libtelemed.so to replay the chained vectors with (default "
                             "$TELEMED_FUZZ_LIBRARY, else build/default/capi/libtelemed.so)")
    parser.add_argument("--no-library", action="store_true",
                        help="seed the steps of chained vectors as written, without replaying")
    args = parser.parse_args(argv)

    if base64.b64encode(ed25519_public(DEVICE_SECRET)).decode("ascii") != DEVICE_KEY:
        print("make_seeds: the Ed25519 signer is broken (RFC 8032 test 1)", file=sys.stderr)
        return 1
    replay = None
    library = args.library or os.path.join(ROOT, "build", "default", "capi", "libtelemed.so")
    if not args.no_library and os.path.exists(library):
        try:
            replay = Replay(library)
        except (OSError, AttributeError) as error:
            print(f"make_seeds: {library} not used ({error}): chained steps seeded as written",
                  file=sys.stderr)
    elif not args.no_library and args.library:
        print(f"make_seeds: no library {library}", file=sys.stderr)
        return 1
    produced = Produced()
    cases = read_vectors(args.vectors, replay, produced)
    print("make_seeds: chained steps " + (f"replayed with {replay.path}: {len(produced.states)} "
                                          f"snapshots, {len(produced.protocols)} protocols, "
                                          f"{len(produced.signed)} signatures"
                                          if replay else "seeded as written (no library)"))
    seeds_root = os.path.join(args.out_dir, "seeds")
    dicts_root = os.path.join(args.out_dir, "dicts")
    shutil.rmtree(seeds_root, ignore_errors=True)
    os.makedirs(dicts_root, exist_ok=True)

    with open(os.path.join(HERE, "json.dict"), "rb") as f:
        json_dict = f.read()
    for target, (operations, dictionaries) in sorted(TARGETS.items()):
        if target == "context_new":
            documents = [config for _, _, config in cases if config is not None]
            documents += built_in_rule_sets(args.rules)
            documents.append(compact({"devices": {"keys": [
                {"device_id": DEVICE_ID, "public_key": DEVICE_KEY}], "unsigned_readings": "reject"}}))
        else:
            documents = [data for op in operations for o, data, _ in cases
                         if o == op and data is not None]
        if target == "reading_decode_ble_bytes":
            documents += ble_bytes_documents(cases)
        elif target == "reading_stream":
            documents += stream_documents(cases) + readings_documents(target)
        elif target == "readings_summary":
            documents += summary_documents(cases) + readings_documents(target)
        elif target == "readings_check":
            documents += typed_documents()
        elif target in CONSULTATION_TARGETS:
            documents += consultation_documents(target, cases, produced)
        elif target == "call_by_name":
            documents += call_by_name_documents(cases)
        else:
            documents += readings_documents(target)
        count = write_corpus(os.path.join(seeds_root, target), documents)
        with open(os.path.join(dicts_root, target + ".dict"), "wb") as out:
            out.write(json_dict)
            for name in dictionaries:
                with open(os.path.join(HERE, name + ".dict"), "rb") as f:
                    out.write(f.read())
        print(f"make_seeds: {target}: {count} seeds")
        if count == 0:
            print(f"make_seeds: no seed for {target}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
