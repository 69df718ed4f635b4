"""Tests of the consultation calls of the Python binding against the real shared library: the
lifecycle, the protocol, its signature (built-in Ed25519 and an external signer), the audit chain,
renderings, deliveries and pseudonymous keys (docs/consultation.md).

Run from the repository root:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -t bindings/python -v

Every expected value is worked out by hand in the comments, from docs/consultation.md,
docs/eligibility.md, docs/sick-leave.md and docs/identity.md; the consultation is the Kirov one of
tests/conformance/tools/consultation_vectors.py. The signature is checked independently of the
library by OpenSSL, over canonical bytes also made independently (json.dumps).

The clock of every context is fixed at 2026-03-12T12:00+03:00. Europe/Kirov is UTC+3 all year
(since 2014), so every instant below keeps its "+03:00" in the organisation's zone.
"""

import base64
import copy
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import telemed
from telemed import _native

MSK = datetime.timezone(datetime.timedelta(hours=3))
NOW = datetime.datetime(2026, 3, 12, 12, 0, tzinfo=MSK)

# RFC 8032 §7.1, TEST 1: the secret key (seed) and its public key.
SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
KEY_ID = "doc-1-2026"
CONFIG = {"signers": {"keys": [{"key_id": KEY_ID,
                                "public_key": base64.b64encode(PUBLIC).decode()}]}}

# An Ed25519 public key as DER SubjectPublicKeyInfo (RFC 8410): SEQUENCE(42) { SEQUENCE(5) { OID
# 1.3.101.112 (06 03 2b 65 70) }, BIT STRING(33) { 00 unused bits, the 32 key bytes } }.
ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")

# СНИЛС 112-233-445 95: 1*9 + 1*8 + 2*7 + 2*6 + 3*5 + 3*4 + 4*3 + 4*2 + 5*1 = 95 < 100 => "95".
# Masked (docs/identity.md): the first two digits and the check number stay: "11*-***-*** 95".
SNILS = "112-233-445 95"
SNILS_MASKED = "11*-***-*** 95"

# The open sick-leave certificate the consultation is about: opened in person on 2 March by the
# treating doctor doc-1, released to 12 March.
CERTIFICATE = {"number": "910123456701", "status": "open", "reason": "own_illness",
               "organisation": {"id": "kirov-kdc", "time_zone": "Europe/Kirov"},
               "opened": {"date": "2026-03-02", "mode": "in_person"},
               "treating_doctor": {"id": "doc-1", "role": "doctor"},
               "periods": [{"from": "2026-03-02", "to": "2026-03-12",
                            "doctor": {"id": "doc-1", "role": "doctor"}}],
               "next_appearance": "2026-03-12"}
PATIENT = {"name": {"family": "Примерова", "given": "Анна"}, "birth_date": "1980-05-02",
           "sex": "female", "snils": SNILS}
ORGANISATION_NAME = "КОГБУЗ «Кировский клинический диагностический центр»"
REQUEST = {"id": "kir-2026-0001",
           "organisation": {"id": "kirov-kdc", "name": ORGANISATION_NAME,
                            "telemedicine_cabinet": True},
           "doctor": {"id": "doc-1", "name": "Иванова Анна Петровна", "role": "treating_doctor",
                      "experience_years": 12},
           "patient": PATIENT, "indication": "incapacity_review", "format": "doctor_patient",
           "mode": "real_time_video", "channel": "max", "present": ["patient"],
           "planned_actions": ["close_sick_leave"], "certificate": CERTIFICATE}
CABINET = {"id": "tm-1", "name": "Телемедицинский кабинет № 1"}
SLOT = {"id": "slot-17", "start": "2026-03-12T10:00:00+03:00", "end": "2026-03-12T10:20:00+03:00",
        "telemedicine": True}
CONSENT = {"id": "c-1", "type": "telemedicine", "date": "2026-03-12", "given_by": "patient"}
NOTES = {"complaints": "Жалоб нет",
         "findings": "Температура 36,6 °C, состояние удовлетворительное"}


def event(n, kind, at, **members):
    """Event "e<n>" of type ``kind`` at ``at``, with its members."""
    e = {"id": "e%d" % n, "type": kind, "at": at}
    e.update(members)
    return e


# The six events up to the completion, each with the status it leads to and the events that status
# allows (the table "status | events allowed" of docs/consultation.md).
STEPS = [
    (event(1, "request", "2026-03-11T09:00:00+03:00", consultation=REQUEST),
     "requested", ["schedule", "cancel"]),
    (event(2, "schedule", "2026-03-11T09:05:00+03:00", cabinet=CABINET, slot=SLOT),
     "scheduled", ["schedule", "verify_identity", "cancel", "no_show"]),
    # The claim's СНИЛС is written without separators: identification normalises it.
    (event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="snils_birth_date",
           claim={"snils": "11223344595", "birth_date": "1980-05-02"}),
     "identity_verified", ["confirm_consent", "cancel", "no_show"]),
    (event(4, "confirm_consent", "2026-03-12T09:56:00+03:00", consent=CONSENT),
     "consent_confirmed", ["start", "cancel", "no_show"]),
    (event(5, "start", "2026-03-12T10:00:00+03:00"),
     "in_progress", ["connection_lost", "complete"]),
    (event(6, "complete", "2026-03-12T10:15:00+03:00", notes=NOTES,
           outcomes=[{"kind": "certificate_closed"}],
           sick_leave_closure={"recovery_confirmed": True}),
     "completed", ["sign_protocol"]),
]

# The rule sets the start's decision applied, each at version 1.0.0: identity (the СНИЛС), the
# federal telemedicine rules, the remote closure of 2026, and Kirov's regional set.
RULE_SETS = [{"id": "ru.identity", "version": "1.0.0"},
             {"id": "ru.telemedicine", "version": "1.0.0"},
             {"id": "ru.sick_leave.remote-closure-2026", "version": "1.0.0"},
             {"id": "ru-kir.telemedicine", "version": "1.0.0"}]

# The protocol of the completed consultation, member by member (docs/consultation.md, "The
# protocol"). The certificate is closed on the completion's date in Europe/Kirov, 2026-03-12: the
# last period ends that day and the return to work is the next day, 2026-03-13.
PROTOCOL = {
    "format": "telemed.protocol/1",
    "document_kind_system": "1.2.643.5.1.13.13.11.1522",
    "consultation_id": "kir-2026-0001",
    "organisation": {"id": "kirov-kdc", "name": ORGANISATION_NAME, "jurisdiction": "RU-KIR",
                     "time_zone": "Europe/Kirov"},
    "cabinet": CABINET,
    # The slot without its "telemedicine" flag.
    "slot": {"id": "slot-17", "start": "2026-03-12T10:00:00+03:00",
             "end": "2026-03-12T10:20:00+03:00"},
    "doctor": {"id": "doc-1", "role": "treating_doctor", "name": "Иванова Анна Петровна"},
    # In full: the protocol is a medical document; only renderings mask identifiers.
    "patient": PATIENT,
    "indication": "incapacity_review",
    "consultation_format": "doctor_patient",
    "mode": "real_time_video",
    "channel": "max",
    "identification": {"method": "snils_birth_date", "verified_at": "2026-03-12T09:55:00+03:00"},
    "consent": CONSENT,
    "started_at": "2026-03-12T10:00:00+03:00",
    "completed_at": "2026-03-12T10:15:00+03:00",
    "interruptions": [],
    "complaints": "Жалоб нет",
    "findings": "Температура 36,6 °C, состояние удовлетворительное",
    "eligibility": {"verdict": "allowed", "visit_date": "2026-03-12",
                    "permitted_actions": ["close_sick_leave"], "rule_sets": RULE_SETS},
    "outcomes": [{"kind": "certificate_closed", "number": "910123456701", "status": "closed",
                  "closed_date": "2026-03-12", "return_to_work": "2026-03-13"}],
}


def independent_canonical(value):
    """RFC 8785 bytes written without the library: for a document whose keys are all ASCII (so
    UTF-16 and code-point order agree) and whose numbers are all integers, sorted keys, no white
    space and raw UTF-8 are the canonical form."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


class ConsultationTestCase(unittest.TestCase):
    """A Kirov context trusting the RFC 8032 TEST 1 key, and the snapshots of the consultation after
    each of the six events (``states[i]`` after STEPS[i])."""

    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context("RU-KIR", config=CONFIG, now=NOW)
        cls.states = []
        state = None
        for ev, _status, _allowed in STEPS:
            state = cls.ctx.apply_event(ev, state)["state"]
            cls.states.append(state)
        cls.completed = cls.states[-1]

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def signed(self):
        """The snapshot after the seventh event, sign_protocol with the built-in key."""
        with telemed.SigningKey(SEED, KEY_ID) as key:
            signature = self.ctx.sign_protocol(key, state=self.completed)["signature"]
        return self.ctx.apply_event(event(7, "sign_protocol", "2026-03-12T10:20:00+03:00",
                                          signature=signature), self.completed)["state"]

    def assertRefused(self, code, pointer, event_, state):
        """apply_event refuses ``event_`` with this first problem and changes nothing; returns the
        report."""
        before = copy.deepcopy(state)
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.apply_event(event_, state)
        err = cm.exception
        self.assertEqual((err.status, err.status_name), (6, "TM_E_VALIDATION"))
        self.assertEqual((err.code, err.pointer), (code, pointer))
        self.assertFalse(err.report["applied"])
        self.assertNotIn("state", err.report)
        self.assertEqual(state, before)
        return err.report


class LifecycleTest(ConsultationTestCase):
    def test_kirov_lifecycle(self):
        """Each event leads to its status, which allows exactly the events of the table."""
        state = None
        for ev, status, allowed in STEPS:
            out = self.ctx.apply_event(ev, state)
            self.assertTrue(out["applied"], ev["type"])
            self.assertEqual(out["status"], status)
            self.assertEqual(out["allowed_events"], allowed)
            self.assertEqual(out["state"]["status"], status)
            self.assertEqual(out["problems"], [])
            # One audit entry per event applied: e1 is entry 0, ...
            self.assertEqual(len(out["state"]["audit"]), int(ev["id"][1:]))
            if ev["type"] == "start":
                # The decision is computed from the consultation's own facts: the certificate opened
                # in person gives facts.open_sick_leave, the treating doctor may close it by video
                # (allowed), and Kirov adds the protocol to Госуслуги and the СФР record
                # (eligibility.kir.sick_leave_protocol).
                decision = out["decision"]
                self.assertEqual(decision["verdict"], "allowed")
                self.assertEqual(decision["visit_date"], "2026-03-12")
                self.assertEqual(decision["permitted_actions"], ["close_sick_leave"])
                self.assertEqual(decision["required_documents"],
                                 ["consent_telemedicine", "electronic_protocol",
                                  "protocol_to_gosuslugi", "sick_leave_record_sfr"])
                self.assertEqual(decision["rule_sets"], RULE_SETS)
            else:
                self.assertNotIn("decision", out)
            state = out["state"]
        self.assertEqual(state, self.completed)
        # The certificate was closed at the completion (sick_leave.close): 12 March, by
        # telemedicine, return to work on the 13th; the appointed appearance is gone.
        certificate = state["certificate"]
        self.assertEqual(certificate["status"], "closed")
        self.assertEqual(certificate["closed"], {"date": "2026-03-12", "mode": "telemedicine"})
        self.assertEqual(certificate["return_to_work"], "2026-03-13")
        self.assertNotIn("next_appearance", certificate)

    def test_state_as_stored_json_text(self):
        """The snapshot may be passed back as the JSON text the embedder stored."""
        out = self.ctx.apply_event(STEPS[1][0], json.dumps(self.states[0], ensure_ascii=False))
        self.assertEqual(out["status"], "scheduled")
        self.assertEqual(out["state"], self.states[1])

    def test_retry_is_not_applied_again(self):
        """The bot retries the start (e5) after a timeout: TM_OK, applied False, nothing changes."""
        in_progress = self.states[4]
        out = self.ctx.apply_event(STEPS[4][0], in_progress)
        self.assertFalse(out["applied"])
        self.assertEqual(out["status"], "in_progress")
        self.assertEqual(out["allowed_events"], ["connection_lost", "complete"])
        self.assertEqual(out["state"], in_progress)
        # Still so after later events: e5 is remembered by its hash in the audit chain.
        out = self.ctx.apply_event(STEPS[4][0], self.completed)
        self.assertFalse(out["applied"])
        self.assertEqual(out["status"], "completed")
        self.assertEqual(out["state"], self.completed)

    def test_event_not_allowed(self):
        """An event the status does not allow: event_not_allowed at /event/type, and the report
        names the events that are allowed."""
        # A start while only requested: "schedule" and "cancel" are allowed.
        report = self.assertRefused("event_not_allowed", "/event/type",
                                    event(9, "start", "2026-03-11T10:00:00+03:00"),
                                    self.states[0])
        self.assertEqual(report["status"], "requested")
        self.assertEqual(report["allowed_events"], ["schedule", "cancel"])
        # A delivery before the signature: only "sign_protocol".
        report = self.assertRefused(
            "event_not_allowed", "/event/type",
            event(9, "deliver", "2026-03-12T10:30:00+03:00",
                  deliveries=[{"channel": "gosuslugi", "reference": "gu-2026-0001"}]),
            self.completed)
        self.assertEqual(report["status"], "completed")
        self.assertEqual(report["allowed_events"], ["sign_protocol"])
        # Without a snapshot only a request may begin a consultation; there is no status yet.
        report = self.assertRefused("event_not_allowed", "/event/type", STEPS[1][0], None)
        self.assertEqual(report["status"], "")
        self.assertEqual(report["allowed_events"], ["request"])

    def test_event_id_reused(self):
        """e1 again with another instant is not a retry: event_id_reused at /event/id."""
        reused = dict(STEPS[0][0], at="2026-03-11T09:01:00+03:00")
        self.assertRefused("event_id_reused", "/event/id", reused, self.states[0])

    def test_modified_snapshot_refused(self):
        """A snapshot changed outside the library no longer gives the state_hash its last audit
        entry sealed: state_modified at /state."""
        forged = copy.deepcopy(self.states[0])
        forged["consultation"]["id"] = "kir-2026-0002"
        self.assertRefused("state_modified", "/state", STEPS[1][0], forged)


class ProtocolTest(ConsultationTestCase):
    def test_build_protocol(self):
        """The protocol, exactly as written out above; content_hash is the SHA-256 of its canonical
        bytes, made here without the library."""
        out = self.ctx.build_protocol(self.completed)
        self.assertEqual(out["protocol"], PROTOCOL)
        self.assertEqual(out["content_hash"],
                         hashlib.sha256(independent_canonical(PROTOCOL)).hexdigest())
        self.assertIn("consultation.protocol.electronic", out["trace"])

    def test_build_protocol_before_completion(self):
        """An in-progress consultation has no protocol: not_completed at /state/status."""
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.build_protocol(self.states[4])
        self.assertEqual((cm.exception.code, cm.exception.pointer),
                         ("not_completed", "/state/status"))

    def test_canonicalize(self):
        """canonicalize gives the independent canonical form of the protocol and its SHA-256."""
        out = self.ctx.canonicalize(PROTOCOL)
        canonical = out["canonical"].encode("utf-8")
        self.assertEqual(canonical, independent_canonical(PROTOCOL))
        self.assertEqual(out["sha256"], hashlib.sha256(canonical).hexdigest())

    def test_canonicalize_numbers_and_order(self):
        """RFC 8785 from JSON text: members sorted ("a" < "b" < "c"), 1.0 -> 1, 1e21 -> 1e+21
        (ECMAScript's spelling), "\\u00e9" written raw as é; a number beyond the doubles has no
        canonical form (number_not_finite)."""
        out = self.ctx.canonicalize(b'{"c":"\\u00e9","b":1.0,"a":1e21}')
        self.assertEqual(out["canonical"], '{"a":1e+21,"b":1,"c":"é"}')
        self.assertEqual(out["sha256"],
                         hashlib.sha256('{"a":1e+21,"b":1,"c":"é"}'.encode()).hexdigest())
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.canonicalize(b"[1e400]")
        self.assertEqual(cm.exception.code, "number_not_finite")

    def test_sign_and_verify(self):
        """The built-in key signs the protocol's canonical bytes; the context's trusted signer
        verifies it; a changed protocol or another key is caught."""
        protocol = self.ctx.build_protocol(self.completed)["protocol"]
        with telemed.SigningKey(SEED, KEY_ID) as key:
            signature = self.ctx.sign_protocol(key, protocol=protocol)["signature"]
            # From the state: the same protocol is built first, so the same signature (Ed25519 is
            # deterministic).
            self.assertEqual(self.ctx.sign_protocol(key, state=self.completed)["signature"],
                             signature)
        digest = hashlib.sha256(independent_canonical(PROTOCOL)).hexdigest()
        self.assertEqual(set(signature), {"algorithm", "key_id", "content_hash", "value"})
        self.assertEqual(signature["algorithm"], "Ed25519")
        self.assertEqual(signature["key_id"], KEY_ID)
        self.assertEqual(signature["content_hash"], {"algorithm": "sha-256", "value": digest})
        # 64 bytes of signature are 88 characters of base64 (22 groups of 4, "==" padding).
        raw = base64.b64decode(signature["value"], validate=True)
        self.assertEqual(len(raw), 64)
        self.assertEqual(len(signature["value"]), 88)

        out = self.ctx.verify_protocol(protocol, signature)
        self.assertEqual((out["valid"], out["result"]), (True, "valid"))
        self.assertEqual((out["key_id"], out["algorithm"]), (KEY_ID, "Ed25519"))

        # One changed letter in the findings: the canonical bytes no longer give content_hash.
        changed = copy.deepcopy(protocol)
        changed["findings"] = changed["findings"].replace("36,6", "36,7")
        out = self.ctx.verify_protocol(changed, signature)
        self.assertEqual((out["valid"], out["result"]), (False, "content_changed"))

        # Another seed under the trusted key id: well formed, content unchanged, and the signature
        # does not verify with the trusted public key.
        with telemed.SigningKey(bytes(32), KEY_ID) as other:
            forged = self.ctx.sign_protocol(other, protocol=protocol)["signature"]
        out = self.ctx.verify_protocol(protocol, forged)
        self.assertEqual((out["valid"], out["result"]), (False, "signature_invalid"))

    def test_openssl_verifies_the_signature(self):
        """An independent Ed25519 verifier: OpenSSL checks the library's signature over the
        canonical bytes with the RFC 8032 public key, and refuses a flipped message byte."""
        openssl = shutil.which("openssl")
        if openssl is None:
            self.skipTest("the openssl binary is not installed (Debian package openssl)")
        protocol = self.ctx.build_protocol(self.completed)["protocol"]
        message = self.ctx.canonicalize(protocol)["canonical"].encode("utf-8")
        self.assertEqual(message, independent_canonical(protocol))
        with telemed.SigningKey(SEED, KEY_ID) as key:
            signature = self.ctx.sign_protocol(key, protocol=protocol)["signature"]
        pem = ("-----BEGIN PUBLIC KEY-----\n"
               + base64.b64encode(ED25519_SPKI_PREFIX + PUBLIC).decode()
               + "\n-----END PUBLIC KEY-----\n")
        with tempfile.TemporaryDirectory() as tmp:
            paths = {name: os.path.join(tmp, name) for name in ("pub.pem", "msg.bin", "sig.bin",
                                                               "flipped.bin")}
            with open(paths["pub.pem"], "w", encoding="ascii") as f:
                f.write(pem)
            with open(paths["msg.bin"], "wb") as f:
                f.write(message)
            with open(paths["sig.bin"], "wb") as f:
                f.write(base64.b64decode(signature["value"]))
            # The first byte "{" (0x7b) with its lowest bit flipped is "z" (0x7a).
            with open(paths["flipped.bin"], "wb") as f:
                f.write(bytes([message[0] ^ 1]) + message[1:])

            def verify(message_path):
                return subprocess.run(
                    [openssl, "pkeyutl", "-verify", "-pubin", "-inkey", paths["pub.pem"],
                     "-rawin", "-in", message_path, "-sigfile", paths["sig.bin"]],
                    capture_output=True, text=True, timeout=60)

            good = verify(paths["msg.bin"])
            self.assertEqual(good.returncode, 0, good.stdout + good.stderr)
            self.assertIn("Signature Verified Successfully", good.stdout)
            bad = verify(paths["flipped.bin"])
            self.assertNotEqual(bad.returncode, 0, bad.stdout + bad.stderr)
            self.assertNotIn("Signature Verified Successfully", bad.stdout)

    def test_signature_recorded_and_audit_chain(self):
        """sign_protocol records the signature (protocol_signed, then only "deliver"); the audit
        chain of the seven events verifies, against its stored head too, and a cut tail shows only
        against that head."""
        signed = self.signed()
        self.assertEqual(signed["status"], "protocol_signed")
        entries = signed["audit"]
        # Seven events, e1..e7: seq 0..6, the first linked to 64 zeros, each to the one before.
        self.assertEqual([e["seq"] for e in entries], list(range(7)))
        self.assertEqual([e["event_id"] for e in entries], ["e%d" % n for n in range(1, 8)])
        self.assertEqual(entries[0]["prev"], "0" * 64)
        for before, entry in zip(entries, entries[1:]):
            self.assertEqual(entry["prev"], before["hash"])
        # Each hash is the SHA-256 of the entry's canonical bytes without "hash" (all keys ASCII,
        # "seq" an integer: the independent canonical form applies).
        for entry in entries:
            sealed = {k: v for k, v in entry.items() if k != "hash"}
            self.assertEqual(entry["hash"],
                             hashlib.sha256(independent_canonical(sealed)).hexdigest())

        out = self.ctx.verify_audit(entries)
        self.assertEqual((out["valid"], out["entries"], out["head"]), (True, 7, entries[6]["hash"]))
        self.assertNotIn("first_bad", out)
        out = self.ctx.verify_audit(entries, head=entries[6]["hash"], count=7)
        self.assertTrue(out["valid"])
        self.assertEqual(self.ctx.verify_audit(entries, head={"hash": entries[6]["hash"],
                                                              "count": 7})["valid"], True)
        # The last entry cut off: the six left still form a chain...
        self.assertTrue(self.ctx.verify_audit(entries[:6])["valid"])
        # ...which only the stored head exposes: head_mismatch, at the missing index 6.
        out = self.ctx.verify_audit(entries[:6], head=entries[6]["hash"], count=7)
        self.assertFalse(out["valid"])
        self.assertEqual(out["first_bad"], {"index": 6, "pointer": "/entries/6",
                                            "reason": "head_mismatch"})
        # Entry 3 edited: its content no longer gives its hash.
        edited = copy.deepcopy(entries)
        edited[3]["at"] = "2026-03-12T09:57:00+03:00"
        out = self.ctx.verify_audit(edited)
        self.assertEqual(out["first_bad"], {"index": 3, "pointer": "/entries/3",
                                            "reason": "modified"})
        with self.assertRaises(ValueError):
            self.ctx.verify_audit(entries, head=entries[6]["hash"])

    def test_delivery(self):
        """Kirov needs the СФР record beside Госуслуги (eligibility.kir.sick_leave_protocol); with
        both the consultation is delivered and allows nothing more."""
        signed = self.signed()
        gosuslugi = {"channel": "gosuslugi", "reference": "gu-2026-0001"}
        err_report = self.assertRefused(
            "delivery_missing", "/event/deliveries",
            event(8, "deliver", "2026-03-12T10:30:00+03:00", deliveries=[gosuslugi]), signed)
        self.assertEqual(err_report["status"], "protocol_signed")
        out = self.ctx.apply_event(
            event(8, "deliver", "2026-03-12T10:30:00+03:00",
                  deliveries=[gosuslugi, {"channel": "sfr", "reference": "sfr-77"}]), signed)
        self.assertEqual((out["status"], out["allowed_events"]), ("delivered", []))
        # Eight events now, and the chain still holds.
        self.assertEqual(self.ctx.verify_audit(out["state"]["audit"])["entries"], 8)


class ExternalSignerTest(ConsultationTestCase):
    def test_external_signer(self):
        """The callable receives exactly the canonical bytes once; its bytes become the signature
        value; the algorithm and key id are recorded."""
        received = []

        def gost(message):
            received.append(message)
            return b"\xab" * 64

        out = self.ctx.sign_protocol_external(gost, "GOST R 34.10-2012-256", "kir-gost",
                                              state=self.completed)
        self.assertEqual(received, [independent_canonical(PROTOCOL)])
        signature = out["signature"]
        self.assertEqual(signature["algorithm"], "GOST R 34.10-2012-256")
        self.assertEqual(signature["key_id"], "kir-gost")
        self.assertEqual(signature["content_hash"]["value"],
                         hashlib.sha256(received[0]).hexdigest())
        # 0xab 0xab 0xab = 101010 111010 101110 101011 = "q6ur"; 64 bytes are 21 such groups and a
        # last 0xab = 101010 11(0000) = "qw" + "==".
        self.assertEqual(signature["value"], "q6ur" * 21 + "qw==")
        self.assertEqual(signature["value"], base64.b64encode(b"\xab" * 64).decode())
        # The Kirov context trusts only the Ed25519 key doc-1-2026: no signer is kir-gost.
        verified = self.ctx.verify_protocol(PROTOCOL, signature)
        self.assertEqual((verified["valid"], verified["result"]), (False, "signer_unknown"))

    def test_certificate_recorded(self):
        """A certificate reference is recorded with the signature."""
        out = self.ctx.sign_protocol_external(lambda m: b"\x01" * 64, "GOST R 34.10-2012-512",
                                              "kir-gost", certificate="01d2a3b4",
                                              protocol=PROTOCOL)
        self.assertEqual(out["signature"]["certificate"], "01d2a3b4")

    def assertSignerFailed(self, sign, cause_type):
        with self.assertRaises(telemed.SignerError) as cm:
            self.ctx.sign_protocol_external(sign, "GOST R 34.10-2012-256", "kir-gost",
                                            state=self.completed)
        err = cm.exception
        self.assertIs(telemed._ERRORS[12], telemed.SignerError)
        self.assertEqual((err.status, err.status_name), (12, "TM_E_SIGNER"))
        self.assertEqual(err.code, "signer_failed")
        self.assertIsInstance(err.__cause__, cause_type)
        return err

    def test_raising_signer(self):
        """A callable that raises: SignerError (status 12, signer_failed), the exception its
        cause."""
        def unplugged(message):
            raise RuntimeError("the token was removed")

        err = self.assertSignerFailed(unplugged, RuntimeError)
        self.assertEqual(str(err.__cause__), "the token was removed")

    def test_signature_too_long_or_not_bytes(self):
        """TM_SIGNATURE_MAX_BYTES (1024) bytes at most, at least one, and bytes: else SignerError
        before anything is written to the library's buffer."""
        self.assertEqual(_native.SIGNATURE_MAX_BYTES, 1024)
        self.assertSignerFailed(lambda m: b"x" * 1025, ValueError)
        self.assertSignerFailed(lambda m: b"", ValueError)
        self.assertSignerFailed(lambda m: "not bytes", TypeError)
        # Exactly 1024 bytes fit: base64 of 1024 bytes is ceil(1024 / 3) * 4 = 342 * 4 = 1368.
        out = self.ctx.sign_protocol_external(lambda m: b"x" * 1024, "GOST R 34.10-2012-512",
                                              "kir-gost", protocol=PROTOCOL)
        self.assertEqual(len(out["signature"]["value"]), 1368)

    def test_bad_arguments(self):
        """An algorithm rule consultation.signature does not list is InvalidArgumentError; exactly
        one of protocol and state."""
        with self.assertRaises(telemed.InvalidArgumentError) as cm:
            self.ctx.sign_protocol_external(lambda m: b"x" * 64, "RSA", "kir-gost",
                                            protocol=PROTOCOL)
        self.assertEqual(cm.exception.code, "invalid_signer")
        with self.assertRaises(ValueError):
            self.ctx.sign_protocol_external(lambda m: b"x" * 64, "GOST R 34.10-2012-256",
                                            "kir-gost")
        with telemed.SigningKey(SEED, KEY_ID) as key, self.assertRaises(ValueError):
            self.ctx.sign_protocol(key, protocol=PROTOCOL, state=self.completed)

    def test_struct_layout(self):
        """tm_external_signer as the header lays it out: version, then five pointers."""
        names = [name for name, _type in _native.ExternalSigner._fields_]
        self.assertEqual(names, ["version", "algorithm", "key_id", "certificate", "sign",
                                 "user_data"])
        self.assertEqual(_native.EXTERNAL_SIGNER_VERSION, 1)
        signer = _native.ExternalSigner()
        self.assertEqual(_native.lib.tm_external_signer_init(signer, 1), 0)
        self.assertEqual(signer.version, 1)
        # An unknown version: TM_E_STRUCT_VERSION (2).
        self.assertEqual(_native.lib.tm_external_signer_init(signer, 2), 2)


class RenderAndDeliveryTest(ConsultationTestCase):
    def test_render_text_ru(self):
        """Times in the organisation's zone with its city, the СНИЛС masked and never in full."""
        out = self.ctx.render_protocol(self.completed)
        self.assertEqual((out["format"], out["language"]), ("text", "ru"))
        text = out["content"]
        self.assertIn("(Киров)", text)
        # The slot starts at 10:00+03:00, 10:00 in Europe/Kirov; ICU puts U+202F before "г.".
        self.assertIn("Время записи: 12 марта 2026\u202fг., 10:00 (Киров)", text)
        self.assertIn("СНИЛС: " + SNILS_MASKED, text)
        self.assertNotIn(SNILS, text)
        self.assertNotIn("11223344595", text)

    def test_render_html_en(self):
        """HTML in English: a complete document, the city in English, the СНИЛС masked."""
        html = self.ctx.render_protocol(self.completed, format="html", language="en")["content"]
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn("(Kirov)", html)
        self.assertIn(SNILS_MASKED, html)
        self.assertNotIn(SNILS, html)
        self.assertNotIn("<script", html)

    def test_deliveries(self):
        """Госуслуги: the title with the date; the certificate number masked 91********01 (the
        first two and the last two of 12 digits); the СФР record with the return date."""
        with self.assertRaises(telemed.ValidationError) as cm:
            self.ctx.protocol_deliveries(self.completed, "gu-2026-0001")
        self.assertEqual(cm.exception.code, "not_signed")
        out = self.ctx.protocol_deliveries(self.signed(), "gu-2026-0001")
        gosuslugi = out["gosuslugi"]
        self.assertEqual(gosuslugi["title"]["ru"],
                         "Протокол телемедицинской консультации от 12 марта 2026\u202fг.")
        self.assertEqual(gosuslugi["title"]["en"],
                         "Telemedicine consultation protocol of March 12, 2026")
        self.assertEqual(gosuslugi["document"], {"ref": "gu-2026-0001",
                                                 "format": "telemed.protocol/1",
                                                 "consultation_id": "kir-2026-0001"})
        self.assertIn("91********01", gosuslugi["text"]["ru"])
        for text in gosuslugi["text"].values():
            # No name, identifier or date of birth.
            self.assertNotIn("910123456701", text)
            self.assertNotIn("Примерова", text)
            self.assertNotIn("11*-", text)
            self.assertNotIn("1980", text)
        self.assertEqual(out["sfr"]["LN_CODE"], "910123456701")
        self.assertEqual(out["sfr"]["RETURN_DATE_LPU"], "2026-03-13")


class PseudonymTest(ConsultationTestCase):
    KEY = bytes(range(32))  # 00 01 02 ... 1f

    def test_two_spellings_one_pseudonym(self):
        """Both spellings normalise to the 11 digits 11223344595; the pseudonym is keyed BLAKE2b-256
        over "telemed.pseudonym.v1" NUL "snils" NUL digits (docs/identity.md), computed here by
        hashlib."""
        expected = hashlib.blake2b(b"telemed.pseudonym.v1\0snils\0" + b"11223344595",
                                   key=self.KEY, digest_size=32).hexdigest()
        out = self.ctx.pseudonyms([{"type": "snils", "value": SNILS},
                                   {"type": "snils", "value": "11223344595"}], self.KEY)
        results = out["results"]
        self.assertEqual([r["index"] for r in results], [0, 1])
        self.assertEqual({r["pseudonym"] for r in results}, {expected})
        self.assertEqual([r["masked"] for r in results], [SNILS_MASKED] * 2)
        # The key may also be a bytearray.
        again = self.ctx.pseudonyms([{"type": "snils", "value": SNILS}], bytearray(self.KEY))
        self.assertEqual(again["results"][0]["pseudonym"], expected)

    def test_invalid_identifier_has_no_pseudonym(self):
        """112-233-445 96: the check number is 95, so the identifier is invalid: a result with its
        masked form and no pseudonym."""
        result = self.ctx.pseudonyms([{"type": "snils", "value": "112-233-445 96"}],
                                     self.KEY)["results"][0]
        self.assertFalse(result["valid"])
        self.assertNotIn("pseudonym", result)
        self.assertEqual(result["masked"], "11*-***-*** 96")

    def test_key_length(self):
        """A key of 31 bytes (under 32) is InvalidArgumentError."""
        with self.assertRaises(telemed.InvalidArgumentError) as cm:
            self.ctx.pseudonyms([{"type": "snils", "value": SNILS}], bytes(31))
        self.assertEqual(cm.exception.code, "invalid_key_length")
        with self.assertRaises(TypeError):
            self.ctx.pseudonyms([{"type": "snils", "value": SNILS}], "not bytes")


class SigningKeyTest(unittest.TestCase):
    def test_public_key(self):
        """The RFC 8032 TEST 1 seed gives its public key d75a98...511a."""
        with telemed.SigningKey(SEED, KEY_ID) as key:
            self.assertEqual(key.public_key, PUBLIC)
            self.assertEqual(key.key_id, KEY_ID)
            self.assertIsNone(key.certificate)
        # Closed: further use raises ValueError; close() is idempotent.
        with self.assertRaises(ValueError):
            key.public_key
        key.close()

    def test_seed_from_bytearray(self):
        """A bytearray seed is read in place; wiping it afterwards does not touch the key."""
        seed = bytearray(SEED)
        key = telemed.SigningKey(seed, KEY_ID, certificate="cert-1")
        seed[:] = bytes(32)
        self.assertEqual(key.public_key, PUBLIC)
        self.assertEqual(key.certificate, "cert-1")
        key.close()

    def test_bad_seed_and_key_id(self):
        """A 31-byte seed; a key id of 0 or 65 bytes: InvalidArgumentError."""
        with self.assertRaises(telemed.InvalidArgumentError) as cm:
            telemed.SigningKey(bytes(31), KEY_ID)
        self.assertEqual((cm.exception.code, cm.exception.pointer), ("invalid_length", "/seed"))
        for key_id in ("", "k" * 65):
            with self.assertRaises(telemed.InvalidArgumentError) as cm:
                telemed.SigningKey(SEED, key_id)
            self.assertEqual(cm.exception.pointer, "/key_id")
        with self.assertRaises(TypeError):
            telemed.SigningKey("not bytes", KEY_ID)
        with self.assertRaises(ValueError):
            telemed.SigningKey(SEED, "doc\0one")


if __name__ == "__main__":
    unittest.main()
