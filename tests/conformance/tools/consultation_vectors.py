#!/usr/bin/env python3
"""Writes tests/conformance/vectors/consultation.json: consultation lifecycle sequences.

Every expected value here is worked out by hand from docs/consultation.md, docs/eligibility.md and
docs/sick-leave.md, not taken from the library. The protocol a completed consultation gives is
written out member by member below (expected_protocol); its content hash is SHA-256 of its RFC 8785
bytes made by this script's own canonical form (keys here are ASCII and no number is a fraction, so
sorted keys, no white space and raw UTF-8 are RFC 8785), and its Ed25519 signature is made by
OpenSSL (`openssl pkeyutl -sign -rawin`) with the RFC 8032 §7.1 TEST 1 key, so the library's
signature is checked against an independent signer.

Run from the repository root: python3 tests/conformance/tools/consultation_vectors.py
(needs openssl on PATH).
"""
import base64
import hashlib
import json
import os
import subprocess
import tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "vectors", "consultation.json")

SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


def canonical(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def openssl_sign(message):
    der = bytes.fromhex("302e020100300506032b657004220420") + SEED
    pem = "-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PRIVATE KEY-----\n"
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "k.pem"), "w").write(pem)
        open(os.path.join(d, "m.bin"), "wb").write(message)
        subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", os.path.join(d, "k.pem"), "-rawin",
                        "-in", os.path.join(d, "m.bin"), "-out", os.path.join(d, "s.bin")], check=True)
        return open(os.path.join(d, "s.bin"), "rb").read()


def event(n, kind, at, **members):
    e = {"id": "e%d" % n, "type": kind, "at": at}
    e.update(members)
    return e


def state_from(step=None):
    i = {"from": "/state", "to": "/state"}
    if step is not None:
        i["step"] = step
    return i


def apply_step(ev, expect, inserts=None, step=None):
    return {"operation": "consultation.apply", "input": {"event": ev},
            "insert": inserts or [state_from(step)], "expect": expect}


def ok(status, allowed, applied=True, **more):
    out = {"applied": applied, "status": status, "allowed_events": allowed}
    out.update(more)
    return {"status": "TM_OK", "output": out, "error": {"status": "TM_OK", "code": ""}}


def refused(code, pointer, rule="", **output):
    e = {"status": "TM_E_VALIDATION", "error": {"status": "TM_E_VALIDATION", "code": code, "pointer": pointer,
                                               "rule_id": rule}}
    if output:
        e["output"] = output
    return e


SCHEDULED = ["schedule", "verify_identity", "cancel", "no_show"]

# ---- Kirov -------------------------------------------------------------------------------------

KIR_CERT = {"number": "910123456701", "status": "open", "reason": "own_illness",
            "organisation": {"id": "kirov-kdc", "time_zone": "Europe/Kirov"},
            "opened": {"date": "2026-03-02", "mode": "in_person"},
            "treating_doctor": {"id": "doc-1", "role": "doctor"},
            "periods": [{"from": "2026-03-02", "to": "2026-03-12", "doctor": {"id": "doc-1", "role": "doctor"}}],
            "next_appearance": "2026-03-12"}
KIR_PATIENT = {"name": {"family": "Примерова", "given": "Анна"}, "birth_date": "1980-05-02", "sex": "female",
               "snils": "112-233-445 95"}
KIR_REQUEST = {"id": "kir-2026-0001",
               "organisation": {"id": "kirov-kdc", "name": "КОГБУЗ «Кировский клинический диагностический центр»",
                                "telemedicine_cabinet": True},
               "doctor": {"id": "doc-1", "name": "Иванова Анна Петровна", "role": "treating_doctor",
                          "experience_years": 12},
               "patient": KIR_PATIENT, "indication": "incapacity_review", "format": "doctor_patient",
               "mode": "real_time_video", "channel": "max", "present": ["patient"],
               "planned_actions": ["close_sick_leave"], "certificate": KIR_CERT}
KIR_SLOT = {"id": "slot-17", "start": "2026-03-12T10:00:00+03:00", "end": "2026-03-12T10:20:00+03:00",
            "telemedicine": True}
KIR_CABINET = {"id": "tm-1", "name": "Телемедицинский кабинет № 1"}
KIR_CONSENT = {"id": "c-1", "type": "telemedicine", "date": "2026-03-12", "given_by": "patient"}
KIR_NOTES = {"complaints": "Жалоб нет", "findings": "Температура 36,6 °C, состояние удовлетворительное"}
KIR_SIGNERS = {"signers": {"keys": [{"key_id": "doc-1-2026", "public_key": base64.b64encode(PUBLIC).decode()}]}}

KIR_EVENTS = [
    event(1, "request", "2026-03-11T09:00:00+03:00", consultation=KIR_REQUEST),
    event(2, "schedule", "2026-03-11T09:05:00+03:00", cabinet=KIR_CABINET, slot=KIR_SLOT),
    event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="snils_birth_date",
          claim={"snils": "11223344595", "birth_date": "1980-05-02"}),
    event(4, "confirm_consent", "2026-03-12T09:56:00+03:00", consent=KIR_CONSENT),
    event(5, "start", "2026-03-12T10:00:00+03:00"),
    event(6, "complete", "2026-03-12T10:15:00+03:00", notes=KIR_NOTES, outcomes=[{"kind": "certificate_closed"}],
          sick_leave_closure={"recovery_confirmed": True}),
]

# The certificate closed on the visit date 2026-03-12 (the completion's date in Europe/Kirov): the
# last period ends that day, the return to work is the next day (docs/sick-leave.md).
KIR_CLOSED = dict(KIR_CERT, status="closed", closed={"date": "2026-03-12", "mode": "telemedicine"},
                  return_to_work="2026-03-13")
del KIR_CLOSED["next_appearance"]
KIR_OUTCOME = {"kind": "certificate_closed", "number": "910123456701", "status": "closed",
               "closed_date": "2026-03-12", "return_to_work": "2026-03-13"}
# The decision the start takes (docs/eligibility.md): the treating doctor closes a certificate
# opened in person, by video; Kirov adds its two documents (eligibility.kir.sick_leave_protocol).
KIR_RULE_SETS = [{"id": "ru.identity", "version": "1.0.0"}, {"id": "ru.telemedicine", "version": "1.0.0"},
                 {"id": "ru.sick_leave.remote-closure-2026", "version": "1.0.0"},
                 {"id": "ru-kir.telemedicine", "version": "1.0.0"}]
KIR_DECISION = {"verdict": "allowed", "visit_date": "2026-03-12", "permitted_actions": ["close_sick_leave"],
                "refused_actions": [], "reasons": [], "missing_facts": [],
                "required_documents": ["consent_telemedicine", "electronic_protocol", "protocol_to_gosuslugi",
                                       "sick_leave_record_sfr"], "rule_sets": KIR_RULE_SETS}

KIR_PROTOCOL = {
    "format": "telemed.protocol/1",
    "document_kind_system": "1.2.643.5.1.13.13.11.1522",
    "consultation_id": "kir-2026-0001",
    "organisation": {"id": "kirov-kdc", "name": "КОГБУЗ «Кировский клинический диагностический центр»",
                     "jurisdiction": "RU-KIR", "time_zone": "Europe/Kirov"},
    "cabinet": KIR_CABINET,
    "slot": {"id": "slot-17", "start": "2026-03-12T10:00:00+03:00", "end": "2026-03-12T10:20:00+03:00"},
    "doctor": {"id": "doc-1", "role": "treating_doctor", "name": "Иванова Анна Петровна"},
    "patient": KIR_PATIENT,
    "indication": "incapacity_review",
    "consultation_format": "doctor_patient",
    "mode": "real_time_video",
    "channel": "max",
    "identification": {"method": "snils_birth_date", "verified_at": "2026-03-12T09:55:00+03:00"},
    "consent": {"id": "c-1", "type": "telemedicine", "date": "2026-03-12", "given_by": "patient"},
    "started_at": "2026-03-12T10:00:00+03:00",
    "completed_at": "2026-03-12T10:15:00+03:00",
    "interruptions": [],
    "complaints": KIR_NOTES["complaints"],
    "findings": KIR_NOTES["findings"],
    "eligibility": {"verdict": "allowed", "visit_date": "2026-03-12", "permitted_actions": ["close_sick_leave"],
                    "rule_sets": KIR_RULE_SETS},
    "outcomes": [KIR_OUTCOME],
}
KIR_BYTES = canonical(KIR_PROTOCOL)
KIR_HASH = hashlib.sha256(KIR_BYTES).hexdigest()
KIR_SIGNATURE = {"algorithm": "Ed25519", "key_id": "doc-1-2026",
                 "content_hash": {"algorithm": "sha-256", "value": KIR_HASH},
                 "value": base64.b64encode(openssl_sign(KIR_BYTES)).decode()}


def kirov_full():
    e = KIR_EVENTS
    steps = [
        apply_step(e[1], ok("scheduled", SCHEDULED, state={"schedule": {"cabinet": KIR_CABINET, "slot": KIR_SLOT}})),
        apply_step(e[2], ok("identity_verified", ["confirm_consent", "cancel", "no_show"],
                            state={"identification": {"method": "snils_birth_date",
                                                      "verified_at": "2026-03-12T09:55:00+03:00"}})),
        apply_step(e[3], ok("consent_confirmed", ["start", "cancel", "no_show"])),
        apply_step(e[4], ok("in_progress", ["connection_lost", "complete"], decision=KIR_DECISION,
                            state={"started_at": "2026-03-12T10:00:00+03:00"})),
        # 5: the bot retries the start after a timeout: nothing changes.
        apply_step(e[4], ok("in_progress", ["connection_lost", "complete"], applied=False)),
        apply_step(e[5], ok("completed", ["sign_protocol"],
                            state={"certificate": KIR_CLOSED, "completion": {"outcomes": [KIR_OUTCOME]}})),
        # 7: the protocol, exactly.
        {"operation": "protocol.build", "input": {}, "insert": [state_from()],
         "expect": {"status": "TM_OK", "output": {"protocol": KIR_PROTOCOL, "content_hash": KIR_HASH,
                                                  "trace": ["consultation.protocol.electronic"]}}},
        # 8: signed with the built-in key: OpenSSL's signature of the same bytes.
        {"operation": "protocol.sign", "input": {"key": {"seed": SEED.hex(), "key_id": "doc-1-2026"}},
         "insert": [state_from(6)], "expect": {"status": "TM_OK", "output": {"signature": KIR_SIGNATURE}}},
        # 9: the signature recorded.
        apply_step({"id": "e7", "type": "sign_protocol", "at": "2026-03-12T10:20:00+03:00", "signature": {}},
                   ok("protocol_signed", ["deliver"], problems=[]),
                   inserts=[state_from(6), {"from": "/signature", "to": "/event/signature", "step": 8}]),
        # 10: the audit chain of the seven events holds.
        {"operation": "audit.verify", "input": {"head": {"count": 7, "hash": ""}},
         "insert": [{"from": "/state/audit", "to": "/entries"}, {"from": "/state/audit/6/hash", "to": "/head/hash"}],
         "expect": {"status": "TM_OK", "output": {"valid": True, "entries": 7}}},
        # 11: what goes to Госуслуги and to the СФР.
        {"operation": "protocol.deliveries", "input": {"document_ref": "gu-2026-0001"}, "insert": [state_from(9)],
         "expect": {"status": "TM_OK", "output": {
             "gosuslugi": {"title": {"ru": "Протокол телемедицинской консультации от 12 марта 2026\u202fг."},
                           "document": {"ref": "gu-2026-0001", "format": "telemed.protocol/1",
                                        "consultation_id": "kir-2026-0001"}},
             "sfr": {"LN_CODE": "910123456701", "RETURN_DATE_LPU": "2026-03-13"}}}},
        # 12: Kirov needs the СФР record too (eligibility.kir.sick_leave_protocol).
        apply_step(event(8, "deliver", "2026-03-12T10:30:00+03:00",
                         deliveries=[{"channel": "gosuslugi", "reference": "gu-2026-0001"}]),
                   refused("delivery_missing", "/event/deliveries", "eligibility.kir.sick_leave_protocol"), step=9),
        apply_step(event(9, "deliver", "2026-03-12T10:30:00+03:00",
                         deliveries=[{"channel": "gosuslugi", "reference": "gu-2026-0001"},
                                     {"channel": "sfr", "reference": "sfr-77"}]),
                   ok("delivered", [], state={"delivery": {"delivered_at": "2026-03-12T10:30:00+03:00"}}), step=9),
    ]
    return case("consultation.kir.full",
                "Kirov (seed 001): requested, scheduled in a telemedicine slot, identified by СНИЛС and date of birth "
                "(a federal method, eligibility.federal.identification), consented, started (eligibility.evaluate on the "
                "consultation's own facts: the certificate opened in person gives facts.open_sick_leave → allowed, with "
                "Kirov's two documents), a retried start changes nothing, completed with the certificate closed remotely "
                "(sick_leave.close: last period to 2026-03-12, return 2026-03-13), the protocol built as written out in "
                "tools/consultation_vectors.py, signed (OpenSSL's Ed25519 signature of the same RFC 8785 bytes), the "
                "signature recorded, the 7-entry audit chain verified against its stored head, the Госуслуги and СФР "
                "payloads, a delivery without the СФР refused, then delivered.",
                "RU-KIR", "2026-03-12T12:00:00+03:00", e[0],
                ok("requested", ["schedule", "cancel"], problems=[]), steps, config=KIR_SIGNERS)


def case(cid, description, jurisdiction, now, first_event, expect, steps=None, config=None, first_state=False):
    c = {"id": cid, "description": description, "operation": "consultation.apply", "now": now,
         "jurisdiction": jurisdiction}
    if config:
        c["config"] = config
    c["input"] = {"event": first_event}
    c["expect"] = expect
    if steps:
        c["then"] = steps
    return c



# ---- Voronezh ----------------------------------------------------------------------------------

# ЕНП 7700000000000008: Luhn over the 16 digits = 7·2 → 5, + 7 + 8 = 20 ≡ 0 (mod 10).
VOR_PATIENT = {"name": {"family": "Тестова", "given": "Мария"}, "birth_date": "1975-11-20", "sex": "female",
               "enp": "7700000000000008"}
VOR_CERT = {"number": "360000000017", "status": "open", "reason": "own_illness",
            "organisation": {"id": "vrn-p1", "time_zone": "Europe/Moscow"},
            "opened": {"date": "2026-03-03", "mode": "in_person"},
            "treating_doctor": {"id": "doc-9", "role": "doctor"},
            "periods": [{"from": "2026-03-03", "to": "2026-03-12", "doctor": {"id": "doc-9", "role": "doctor"}}]}


def vor_request(mode, planned):
    return {"id": "vor-2026-0042", "organisation": {"id": "vrn-p1", "telemedicine_cabinet": True},
            "doctor": {"id": "doc-9", "role": "treating_doctor", "experience_years": 20},
            "patient": VOR_PATIENT, "indication": "incapacity_review", "format": "doctor_patient", "mode": mode,
            "channel": "max", "present": ["patient"], "planned_actions": planned, "certificate": VOR_CERT}


VOR_SLOT = {"id": "s-5", "start": "2026-03-12T11:00:00+03:00", "telemedicine": True}
VOR_GOST = {"signers": {"keys": [{"key_id": "vrn-p1-gost", "algorithm": "GOST R 34.10-2012-256",
                                  "certificate": "01d2a3b4c5e6f7089a"}]}}


def vor_prefix(mode, planned):
    """request (call 0), schedule, verify by ЕНП + date of birth, consent: steps 1–3."""
    first = event(1, "request", "2026-03-11T18:00:00+03:00", consultation=vor_request(mode, planned))
    steps = [
        apply_step(event(2, "schedule", "2026-03-11T18:01:00+03:00", cabinet={"id": "tm-vrn"}, slot=VOR_SLOT),
                   ok("scheduled", SCHEDULED)),
        apply_step(event(3, "verify_identity", "2026-03-12T10:58:00+03:00", method="enp_birth_date",
                         claim={"enp": "7700 0000 0000 0008", "birth_date": "1975-11-20"}),
                   ok("identity_verified", ["confirm_consent", "cancel", "no_show"])),
        apply_step(event(4, "confirm_consent", "2026-03-12T10:59:00+03:00",
                         consent={"type": "telemedicine", "date": "2026-03-12", "given_by": "patient"}),
                   ok("consent_confirmed", ["start", "cancel", "no_show"])),
    ]
    return first, steps


def voronezh_full():
    first, steps = vor_prefix("real_time_video", ["close_sick_leave"])
    steps += [
        apply_step(event(5, "start", "2026-03-12T11:00:00+03:00"),
                   ok("in_progress", ["connection_lost", "complete"],
                      decision={"verdict": "allowed", "permitted_actions": ["close_sick_leave"],
                                "required_documents": ["consent_telemedicine", "electronic_protocol"]})),
        apply_step(event(6, "connection_lost", "2026-03-12T11:04:00+03:00"),
                   ok("interrupted", ["resume", "cancel"],
                      state={"interruptions": [{"lost_at": "2026-03-12T11:04:00+03:00"}]})),
        # 6: the bot retries the lost-connection report: nothing changes.
        apply_step(event(6, "connection_lost", "2026-03-12T11:04:00+03:00"),
                   ok("interrupted", ["resume", "cancel"], applied=False)),
        apply_step(event(7, "resume", "2026-03-12T11:06:30+03:00"),
                   ok("in_progress", ["connection_lost", "complete"],
                      state={"interruptions": [{"lost_at": "2026-03-12T11:04:00+03:00",
                                                "resumed_at": "2026-03-12T11:06:30+03:00"}]})),
        apply_step(event(8, "complete", "2026-03-12T11:12:00+03:00",
                         notes={"complaints": "Жалоб нет"}, outcomes=[{"kind": "certificate_closed"}],
                         sick_leave_closure={"recovery_confirmed": True}),
                   ok("completed", ["sign_protocol"],
                      state={"certificate": {"status": "closed", "closed": {"date": "2026-03-12",
                                                                             "mode": "telemedicine"},
                                             "return_to_work": "2026-03-13"}})),
        # 9: signed by the clinic's ГОСТ provider (a fixed 64-byte signature stands for it).
        {"operation": "protocol.sign",
         "input": {"external": {"algorithm": "GOST R 34.10-2012-256", "key_id": "vrn-p1-gost",
                                "certificate": "01d2a3b4c5e6f7089a", "signature_hex": "ab" * 64}},
         "insert": [state_from()],
         "expect": {"status": "TM_OK", "output": {"signature": {
             "algorithm": "GOST R 34.10-2012-256", "key_id": "vrn-p1-gost", "certificate": "01d2a3b4c5e6f7089a",
             "value": base64.b64encode(bytes([0xab] * 64)).decode()}}}},
        # 10: recorded; a ГОСТ signature is verified by the provider, not here: a warning says so.
        apply_step({"id": "e9", "type": "sign_protocol", "at": "2026-03-12T11:15:00+03:00", "signature": {}},
                   ok("protocol_signed", ["deliver"],
                      problems=[{"code": "algorithm_not_verifiable", "severity": "warning",
                                 "pointer": "/event/signature/algorithm", "rule": "consultation.signature"}]),
                   inserts=[state_from(8), {"from": "/signature", "to": "/event/signature", "step": 9}]),
        # 11: Voronezh needs no СФР delivery from the consultation (no regional rule says so).
        apply_step(event(10, "deliver", "2026-03-12T11:20:00+03:00",
                         deliveries=[{"channel": "gosuslugi", "reference": "gu-vrn-42"}]),
                   ok("delivered", [])),
        {"operation": "audit.verify", "input": {}, "insert": [{"from": "/state/audit", "to": "/entries"}],
         "expect": {"status": "TM_OK", "output": {"valid": True, "entries": 10}}},
    ]
    return case("consultation.vor.full",
                "Voronezh (seed 002): identified by the policy number (ЕНП, written with spaces) and the date of "
                "birth, which Voronezh's rule set accepts (eligibility.federal.identification there lists "
                "enp_birth_date); the unstable network drops the video at 11:04 (retried report applied once) and it "
                "resumes at 11:06:30; the certificate is closed by video (sick_leave.close with the consultation's "
                "mode: sick_leave.close.remote.video allows real_time_video), signed by the clinic's ГОСТ provider "
                "(recorded, with the warning algorithm_not_verifiable), delivered to Госуслуги; 10 events audited "
                "(the retry is not an event).",
                "RU-VOR", "2026-03-12T12:00:00+03:00", first, ok("requested", ["schedule", "cancel"]), steps,
                config=VOR_GOST)


def voronezh_chat_closure():
    first, steps = vor_prefix("real_time_chat", ["close_sick_leave", "answer_questions"])
    steps += [
        apply_step(event(5, "start", "2026-03-12T11:00:00+03:00"),
                   ok("in_progress", ["connection_lost", "complete"],
                      decision={"verdict": "allowed_with_restrictions", "permitted_actions": ["answer_questions"],
                                "refused_actions": [{"action": "close_sick_leave", "reasons": [
                                    {"code": "sick_leave_video_required",
                                     "rule": "eligibility.vor.sick_leave_video"}]}]})),
        apply_step(event(6, "complete", "2026-03-12T11:10:00+03:00", outcomes=[{"kind": "certificate_closed"}],
                         sick_leave_closure={"recovery_confirmed": True}),
                   refused("outcome_not_permitted", "/event/outcomes/0/kind", "consultation.outcomes",
                           applied=False, status="in_progress")),
        apply_step(event(7, "complete", "2026-03-12T11:10:00+03:00",
                         outcomes=[{"kind": "questions_answered", "text": "Режим лечения разъяснён"}]),
                   ok("completed", ["sign_protocol"]), step=4),
    ]
    return case("consultation.vor.chat-closure-refused",
                "Voronezh by chat: the decision at the start refuses close_sick_leave (eligibility.vor.sick_leave_video: "
                "a remote closure is by video) and permits answering questions; completing with the certificate "
                "closed is refused (outcome_not_permitted, consultation.outcomes), and nothing changes: the same "
                "consultation then completes with the questions answered.",
                "RU-VOR", "2026-03-12T12:00:00+03:00", first, ok("requested", ["schedule", "cancel"]), steps)


def voronezh_chat_start():
    first, steps = vor_prefix("real_time_chat", ["close_sick_leave"])
    steps += [apply_step(event(5, "start", "2026-03-12T11:00:00+03:00"),
                         refused("consultation_not_permitted", "/event/type", "eligibility.vor.sick_leave_video",
                                 applied=False, status="consent_confirmed",
                                 decision={"verdict": "not_allowed", "permitted_actions": []}))]
    return case("consultation.vor.chat-start-refused",
                "Voronezh by chat with only a closure planned: every planned action is refused "
                "(sick_leave_video_required) → not_allowed → the start is refused with the rule that refused, and the "
                "report carries the decision.",
                "RU-VOR", "2026-03-12T12:00:00+03:00", first, ok("requested", ["schedule", "cancel"]), steps)


def voronezh_closure_by_chat_direct():
    """The regional rule at the closure itself: sick_leave.close by chat in Voronezh."""
    closure = {"date": "2026-03-12", "mode": "telemedicine", "doctor": {"id": "doc-9", "role": "doctor"},
               "consultation": {"indication": "incapacity_review", "recovery_confirmed": True,
                                "consent_recorded": True, "mode": "real_time_chat", "channel": "max"}}
    return {"id": "consultation.vor.close-by-chat-at-closure",
            "description": "The closure itself applies Voronezh's rule (sick_leave.close.remote.video, modes "
                           "[real_time_video]): the same closure by chat is refused with sick_leave_video_required at "
                           "/closure/consultation/mode, whatever an eligibility decision said.",
            "operation": "sick_leave.close", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-VOR",
            "input": {"certificate": VOR_CERT, "closure": closure},
            "expect": refused("sick_leave_video_required", "/closure/consultation/mode",
                              "sick_leave.close.remote.video")}


# ---- Novosibirsk: repeat visit after studies -----------------------------------------------------

NVS_PATIENT = {"name": {"family": "Иванов", "given": "Пётр"}, "birth_date": "1958-01-15", "sex": "male",
               "snils": "112-233-445 95",
               "conditions": [{"icd10": "I10", "established": "in_person", "date": "2025-06-01"}],
               "visits": [{"date": "2026-02-20", "kind": "in_person"}]}
NVS_REQUEST = {"id": "nvs-1", "organisation": {"id": "gkb-1", "name": "ГБУЗ НСО «ГКБ № 1»", "telemedicine_cabinet": True},
               "doctor": {"id": "doc-3", "role": "treating_doctor", "experience_years": 8},
               "patient": NVS_PATIENT, "indication": "repeat_after_studies", "format": "doctor_patient",
               "mode": "real_time_video", "channel": "max", "present": ["patient"],
               "planned_actions": ["interpret_results", "correct_treatment", "decide_in_person_visit"],
               "facts": {"condition": "I10",
                         "referrals": [{"prescribed_at": "in_person", "results_available": True}],
                         "therapy": [{"kind": "drug", "prescribed_at": "in_person", "icd10": "I10"}]}}


def nvs_prefix(request=None):
    first = event(1, "request", "2026-03-09T10:00:00+07:00", consultation=request or NVS_REQUEST)
    steps = [
        apply_step(event(2, "schedule", "2026-03-09T10:01:00+07:00", cabinet={"id": "tm-gkb1"},
                         slot={"id": "s-1", "start": "2026-03-10T09:00:00Z", "telemedicine": True}),
                   ok("scheduled", SCHEDULED, state={"schedule": {"slot": {"start": "2026-03-10T16:00:00+07:00"}}})),
        apply_step(event(3, "verify_identity", "2026-03-10T15:58:00+07:00", method="esia",
                         claim={"snils": "112-233-445 95", "birth_date": "1958-01-15"}),
                   ok("identity_verified", ["confirm_consent", "cancel", "no_show"])),
        apply_step(event(4, "confirm_consent", "2026-03-10T15:59:00+07:00",
                         consent={"type": "telemedicine", "date": "2026-03-10", "given_by": "patient"}),
                   ok("consent_confirmed", ["start", "cancel", "no_show"])),
    ]
    if request is None:
        steps.append(apply_step(event(5, "start", "2026-03-10T16:00:00+07:00"),
                                ok("in_progress", ["connection_lost", "complete"],
                                   decision={"verdict": "allowed", "visit_date": "2026-03-10",
                                             "permitted_actions": ["interpret_results", "correct_treatment",
                                                                   "decide_in_person_visit"]})))
    return first, steps


def home_readings(first_systolic):
    """Five tonometer readings, 8–10 March 2026 (Novosibirsk), morning and evening."""
    times = ["2026-03-08T08:00:00+07:00", "2026-03-08T20:00:00+07:00", "2026-03-09T08:00:00+07:00",
             "2026-03-09T20:00:00+07:00", "2026-03-10T08:00:00+07:00"]
    return {"window": {"from": "2026-03-08", "to": "2026-03-10"},
            "readings": [{"patient_ref": "P-0042", "device": {"id": "tono-17"}, "kind": "blood_pressure",
                          "measured_at": t, "blood_pressure": {"systolic": first_systolic if i == 0 else 125,
                                                               "diastolic": 100 if i == 0 else 80, "unit": "mmHg"}}
                         for i, t in enumerate(times)]}


def nvs_home_readings_urgent():
    first, steps = nvs_prefix(dict(NVS_REQUEST, readings=home_readings(185)))
    steps.append(apply_step(event(5, "start", "2026-03-10T16:00:00+07:00"),
                            refused("consultation_not_permitted", "/event/type", "eligibility.federal.urgent",
                                    decision={"verdict": "in_person_required",
                                              "permitted_actions": ["decide_in_person_visit"],
                                              "reasons": [{"code": "urgent_alert", "rule": "eligibility.federal.urgent"}]})))
    return case("consultation.nvs.home-readings-urgent",
                "The tonometer's readings travel with the request (readings.summary, window 8–10 March): 185/100 on "
                "8 March is urgent (≥ 180/110 systolic, readings.bp.urgent), so the summary's facts.alerts "
                "[{2026-03-08, urgent}] become the decision's facts: 2 days before the visit → in_person_required "
                "(eligibility.federal.urgent; its message's plural is checked in readings_summary.json) → the start "
                "is refused.",
                "RU-NVS", "2026-03-10T18:00:00+07:00", first,
                ok("requested", ["schedule", "cancel"], state={"consultation": {"readings_summary": {
                    "period": {"from": "2026-03-08", "to": "2026-03-10"},
                    "blood_pressure": {"count": 3, "mean": {"systolic": 125, "diastolic": 80}},
                    "alerts": [{"date": "2026-03-08", "severity": "urgent"}]}}}), steps)


def nvs_home_readings_in_protocol():
    first, steps = nvs_prefix(dict(NVS_REQUEST, readings=home_readings(130)))
    steps += [
        apply_step(event(5, "start", "2026-03-10T16:00:00+07:00"),
                   ok("in_progress", ["connection_lost", "complete"], decision={"verdict": "allowed"})),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00",
                         outcomes=[{"kind": "results_interpreted"}]), ok("completed", ["sign_protocol"])),
        {"operation": "protocol.build", "input": {}, "insert": [state_from()],
         "expect": {"status": "TM_OK", "output": {"protocol": {"readings": {
             "period": {"from": "2026-03-08", "to": "2026-03-10"},
             "blood_pressure": {"count": 3, "mean": {"systolic": 125, "diastolic": 80}}, "alerts": []}}}}},
    ]
    return case("consultation.nvs.home-readings-in-protocol",
                "No urgent reading (130/100 is not ≥ 180/110): no alert, the decision allows; the protocol carries the "
                "summary: the home protocol drops the first day (8 March) and averages the other 3 readings, 125/80.",
                "RU-NVS", "2026-03-10T18:00:00+07:00", first, ok("requested", ["schedule", "cancel"]), steps)



def novosibirsk():
    first, steps = nvs_prefix()
    steps += [
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00",
                         notes={"complaints": "Головные боли по утрам", "findings": "АД 150/95 по данным дневника"},
                         outcomes=[{"kind": "results_interpreted", "text": "ЭКГ без острой патологии"},
                                   {"kind": "treatment_corrected", "text": "Доза увеличена"},
                                   {"kind": "in_person_visit_needed", "date": "2026-03-24"}],
                         next_steps="Контроль АД дважды в день"),
                   ok("completed", ["sign_protocol"])),
        {"operation": "protocol.build", "input": {}, "insert": [state_from()],
         "expect": {"status": "TM_OK", "output": {"protocol": {
             "indication": "repeat_after_studies", "slot": {"id": "s-1", "start": "2026-03-10T16:00:00+07:00"},
             "organisation": {"id": "gkb-1", "jurisdiction": "RU-NVS", "time_zone": "Asia/Novosibirsk"},
             "outcomes": [{"kind": "results_interpreted", "text": "ЭКГ без острой патологии"},
                          {"kind": "treatment_corrected", "text": "Доза увеличена"},
                          {"kind": "in_person_visit_needed", "date": "2026-03-24"}],
             "next_steps": "Контроль АД дважды в день"}}}},
        {"operation": "protocol.render", "input": {"format": "html", "language": "ru"}, "insert": [state_from(5)],
         "expect": {"status": "TM_OK", "output": {"format": "html", "language": "ru"}}},
        {"operation": "protocol.render", "input": {"format": "text", "language": "en"}, "insert": [state_from(5)],
         "expect": {"status": "TM_OK", "output": {"format": "text", "language": "en"}}},
        {"operation": "protocol.deliveries", "input": {"document_ref": "x"}, "insert": [state_from(5)],
         "expect": refused("not_signed", "/state/status")},
    ]
    return case("consultation.nvs.repeat-after-studies",
                "Novosibirsk, indication 1 (order of 06.03.2026): results prescribed in person are in, the condition "
                "and therapy were established in person → allowed for all three planned actions; the slot given in "
                "UTC (09:00Z) is kept in the organisation's zone (16:00+07:00); completed with the results "
                "interpreted (after the in-person visit of 2026-02-20 on record), the treatment corrected and an in-person visit decided; the protocol names them; it "
                "renders as HTML (ru) and text (en); nothing is delivered before signing (not_signed).",
                "RU-NVS", "2026-03-10T18:00:00+07:00", first, ok("requested", ["schedule", "cancel"]), steps)


def nvs_outcomes():
    first, steps = nvs_prefix()
    steps += [
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00", outcomes=[{"kind": "referrals",
                                                                                "items": ["ОАК"]}]),
                   refused("outcome_not_permitted", "/event/outcomes/0/kind", "consultation.outcomes")),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00",
                         outcomes=[{"kind": "in_person_visit_needed", "date": "2026-03-09"}]),
                   refused("date_order", "/event/outcomes/0/date"), step=4),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00",
                         outcomes=[{"kind": "results_interpreted"}, {"kind": "results_interpreted"}]),
                   refused("duplicate_item", "/event/outcomes/1/kind"), step=4),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00", outcomes=[{"kind": "certificate_closed"}]),
                   refused("outcome_not_permitted", "/event/outcomes/0/kind", "consultation.outcomes"), step=4),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00", outcomes=[{"kind": "treatment_corrected"}]),
                   refused("missing_field", "/event/outcomes/0/text"), step=4),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00", outcomes=[{"kind": "thanks"}]),
                   refused("invalid_value", "/event/outcomes/0/kind", "consultation.outcomes"), step=4),
        apply_step(event(6, "complete", "2026-03-10T16:20:00+07:00", outcomes=[],
                         sick_leave_closure={"recovery_confirmed": True}),
                   refused("conflicting_fields", "/event/sick_leave_closure"), step=4),
    ]
    return case("consultation.nvs.outcomes-checked",
                "Each outcome needs an action the decision permitted (consultation.outcomes): referrals need "
                "issue_referrals (not planned) → outcome_not_permitted; an in-person visit dated before the visit "
                "(date_order); an outcome twice (duplicate_item); a certificate closed when no closure was permitted; "
                "a corrected treatment without its text; an unknown kind; a closure without the outcome "
                "(conflicting_fields). Each refusal leaves the snapshot as it was (every step reuses step 4's).",
                "RU-NVS", "2026-03-10T18:00:00+07:00", first, ok("requested", ["schedule", "cancel"]), steps)


# ---- illegal transitions, order, retries, tampering ---------------------------------------------

def kir_steps(upto):
    """Kirov steps 1.. up to and including `upto` events after the request (from KIR_EVENTS)."""
    expects = [ok("scheduled", SCHEDULED), ok("identity_verified", ["confirm_consent", "cancel", "no_show"]),
               ok("consent_confirmed", ["start", "cancel", "no_show"]),
               ok("in_progress", ["connection_lost", "complete"]), ok("completed", ["sign_protocol"])]
    return [apply_step(KIR_EVENTS[i], expects[i - 1]) for i in range(1, upto + 1)]


def kir_case(cid, description, steps, now="2026-03-12T12:00:00+03:00"):
    return case(cid, description, "RU-KIR", now, KIR_EVENTS[0], ok("requested", ["schedule", "cancel"]), steps)


def illegal(status, allowed):
    return lambda ev: refused("event_not_allowed", "/event/type", applied=False, status=status,
                              allowed_events=allowed)


def illegal_cases():
    out = []
    out.append({"id": "consultation.illegal.first-event-not-request",
                "description": "No snapshot: only a request may begin a consultation → event_not_allowed, the "
                               "report names the one allowed event.",
                "operation": "consultation.apply", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-KIR",
                "input": {"event": KIR_EVENTS[1]},
                "expect": refused("event_not_allowed", "/event/type", applied=False, status="",
                                  allowed_events=["request"])})
    table = [
        ("skip-scheduling", 0, KIR_EVENTS[2], "requested", ["schedule", "cancel"],
         "identity is verified for a scheduled visit"),
        ("start-before-identification", 1, KIR_EVENTS[4], "scheduled", SCHEDULED,
         "a consultation starts only after identification (consultation.identification.before_start)"),
        ("start-before-consent", 2, KIR_EVENTS[4], "identity_verified", ["confirm_consent", "cancel", "no_show"],
         "a consultation starts only after consent"),
        ("complete-before-start", 3, KIR_EVENTS[5], "consent_confirmed", ["start", "cancel", "no_show"],
         "nothing is completed before it starts"),
        ("sign-before-complete", 4,
         {"id": "e7", "type": "sign_protocol", "at": "2026-03-12T10:05:00+03:00", "signature": {}},
         "in_progress", ["connection_lost", "complete"], "there is no protocol before completion"),
        ("resume-without-loss", 4, event(7, "resume", "2026-03-12T10:05:00+03:00"), "in_progress",
         ["connection_lost", "complete"], "only a lost connection resumes"),
        ("deliver-before-sign", 5,
         event(7, "deliver", "2026-03-12T10:20:00+03:00", deliveries=[{"channel": "gosuslugi", "reference": "x"}]),
         "completed", ["sign_protocol"], "an unsigned protocol is not delivered"),
        ("cancel-after-start", 4, event(7, "cancel", "2026-03-12T10:05:00+03:00", by="patient"), "in_progress",
         ["connection_lost", "complete"], "a started consultation is completed, not cancelled"),
    ]
    for name, n, ev, status, allowed, why in table:
        out.append(kir_case("consultation.illegal." + name,
                            "After %d event(s) the consultation is %s: %s → event_not_allowed at /event/type, "
                            "allowed_events %s, nothing changes." % (n + 1, status, why, allowed),
                            kir_steps(n) + [apply_step(ev, illegal(status, allowed)(ev))]))
    cancel = event(3, "cancel", "2026-03-11T12:00:00+03:00", by="patient", reason="patient_request")
    out.append(kir_case("consultation.cancel.then-nothing",
                        "Cancelled by the patient after scheduling → cancelled (terminal): a later schedule is "
                        "event_not_allowed with no allowed events.",
                        kir_steps(1) + [apply_step(cancel, ok("cancelled", [], state={"cancellation": {
                            "by": "patient", "reason": "patient_request", "at": "2026-03-11T12:00:00+03:00"}})),
                                        apply_step(event(4, "schedule", "2026-03-11T12:01:00+03:00",
                                                         cabinet=KIR_CABINET, slot=KIR_SLOT),
                                                   illegal("cancelled", [])(None))]))
    out.append(kir_case("consultation.no-show",
                        "A no-show is recorded only once the slot (10:00) has begun: at 09:59 → before_slot; at "
                        "10:30 → no_show (terminal).",
                        kir_steps(2) + [
                            apply_step(event(4, "no_show", "2026-03-12T09:59:00+03:00"),
                                       refused("before_slot", "/event/at")),
                            apply_step(event(4, "no_show", "2026-03-12T10:30:00+03:00"), ok("no_show", []), step=2)]))
    out.append(kir_case("consultation.interrupted",
                        "Connection lost → interrupted: completing is not allowed until it resumes (allowed: resume, "
                        "cancel); resumed → completed, both instants kept.",
                        kir_steps(4) + [
                            apply_step(event(7, "connection_lost", "2026-03-12T10:03:00+03:00"),
                                       ok("interrupted", ["resume", "cancel"])),
                            apply_step(KIR_EVENTS[5], refused("event_not_allowed", "/event/type", applied=False,
                                                              status="interrupted",
                                                              allowed_events=["resume", "cancel"])),
                            apply_step(event(8, "resume", "2026-03-12T10:05:00+03:00"),
                                       ok("in_progress", ["connection_lost", "complete"]), step=5),
                            apply_step(KIR_EVENTS[5], ok("completed", ["sign_protocol"], state={"interruptions": [
                                {"lost_at": "2026-03-12T10:03:00+03:00",
                                 "resumed_at": "2026-03-12T10:05:00+03:00"}]}))]))
    out.append(kir_case("consultation.order.before-previous",
                        "An event dated before the previous one (schedule at 08:59 after the request at 09:00) → "
                        "event_before_previous.",
                        [apply_step(event(2, "schedule", "2026-03-11T08:59:00+03:00", cabinet=KIR_CABINET,
                                          slot=KIR_SLOT), refused("event_before_previous", "/event/at"))]))
    out.append(kir_case("consultation.order.future",
                        "An event dated more than 10 minutes after the organisation's clock (now 12:00, event "
                        "12:10:01) → future_event; 12:10:00 is accepted.",
                        [apply_step(event(2, "schedule", "2026-03-12T12:10:01+03:00", cabinet=KIR_CABINET,
                                          slot={"id": "slot-20", "start": "2026-03-13T10:00:00+03:00", "telemedicine": True}),
                                    refused("future_event", "/event/at"))]))
    out.append(kir_case("consultation.retry.reused-id",
                        "A retry with the same id applies nothing (applied false); the same id for different content "
                        "is event_id_reused.",
                        kir_steps(1) + [
                            apply_step(KIR_EVENTS[1], ok("scheduled", SCHEDULED, applied=False)),
                            apply_step(dict(KIR_EVENTS[1], slot=dict(KIR_SLOT, id="slot-18")),
                                       refused("event_id_reused", "/event/id"), step=1)]))
    out.append(kir_case("consultation.tamper.member-changed",
                        "A snapshot changed after sealing (consultation.mode replaced) no longer matches the state "
                        "hash its last audit entry commits to → state_modified.",
                        kir_steps(1) + [apply_step(KIR_EVENTS[2], refused("state_modified", "/state"),
                                                   inserts=[state_from(), {"from": "/status",
                                                                           "to": "/state/consultation/mode"}])]))
    out.append(kir_case("consultation.tamper.audit-entry-changed",
                        "An audit entry changed (entry 0's status) → its hash no longer matches its content → "
                        "audit_chain_broken at /state/audit/0.",
                        kir_steps(1) + [apply_step(KIR_EVENTS[2], refused("audit_chain_broken", "/state/audit/0"),
                                                   inserts=[state_from(), {"from": "/allowed_events/0",
                                                                           "to": "/state/audit/0/status"}])]))
    return out


def identity_and_request_cases():
    out = []
    wrong = event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="snils_birth_date",
                  claim={"snils": "11223344595", "birth_date": "1980-05-03"})
    out.append(kir_case("consultation.identity.mismatch",
                        "СНИЛС right, date of birth a day off → identity_mismatch (never saying which part), no "
                        "change.", kir_steps(1) + [apply_step(wrong, refused("identity_mismatch", "/event/claim",
                                                                             "consultation.identification.before_start"))]))
    both = event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="enp_birth_date",
                 claim={"snils": "11223344595", "birth_date": "1980-05-02"})
    out.append(kir_case("consultation.identity.method-and-claim",
                        "Method enp_birth_date with a СНИЛС claim → conflicting_fields at /event/method.",
                        kir_steps(1) + [apply_step(both, refused("conflicting_fields", "/event/method",
                                                                 "consultation.identification.before_start"))]))
    esia = event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="esia",
                 claim={"snils": "112-233-445 95", "birth_date": "1980-05-02"})
    out.append(kir_case("consultation.identity.esia",
                        "ЕСИА login with the СНИЛС and date of birth it returns → identity_verified, method esia.",
                        kir_steps(1) + [apply_step(esia, ok("identity_verified", ["confirm_consent", "cancel",
                                                                                  "no_show"],
                                                            state={"identification": {"method": "esia"}}))]))
    rep = event(4, "confirm_consent", "2026-03-12T09:56:00+03:00",
                consent={"type": "telemedicine", "date": "2026-03-12", "given_by": "legal_representative"})
    out.append(kir_case("consultation.consent.representative-not-on-record",
                        "Consent by a legal representative for an adult with none on record: the patient as it would "
                        "stand fails patient.validate (representative_missing, identity.consent.by_representative) → "
                        "refused at /event/consent.",
                        kir_steps(2) + [apply_step(rep, refused("representative_missing", "/event/consent",
                                                                "identity.consent.by_representative"))]))
    future = event(4, "confirm_consent", "2026-03-12T09:56:00+03:00",
                   consent={"type": "telemedicine", "date": "2026-03-13", "given_by": "patient"})
    out.append(kir_case("consultation.consent.future",
                        "A consent dated the day after the event (Kirov calendar) → future_date.",
                        kir_steps(2) + [apply_step(future, refused("future_date", "/event/consent/date"))]))
    bad_patient = dict(KIR_REQUEST, patient=dict(KIR_PATIENT, nickname="Аня"))
    out.append({"id": "consultation.request.patient-unknown-field",
                "description": "The request is read as eligibility.evaluate reads it: an unknown field of the patient "
                               "is unknown_field at its pointer below /event/consultation.",
                "operation": "consultation.apply", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-KIR",
                "input": {"event": event(1, "request", "2026-03-11T09:00:00+03:00", consultation=bad_patient)},
                "expect": refused("unknown_field", "/event/consultation/patient/nickname")})
    both_facts = dict(KIR_REQUEST, facts={"open_sick_leave": {"opened_mode": "in_person"}})
    out.append({"id": "consultation.request.certificate-and-fact",
                "description": "The certificate is the fact: facts.open_sick_leave beside it is conflicting_fields.",
                "operation": "consultation.apply", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-KIR",
                "input": {"event": event(1, "request", "2026-03-11T09:00:00+03:00", consultation=both_facts)},
                "expect": refused("conflicting_fields", "/event/consultation/facts/open_sick_leave")})
    out.append({"id": "consultation.event.unknown-type",
                "description": "An event type not in the lifecycle → invalid_value at /event/type.",
                "operation": "consultation.apply", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-KIR",
                "input": {"event": event(1, "reopen", "2026-03-11T09:00:00+03:00")},
                "expect": refused("invalid_value", "/event/type")})
    out.append({"id": "consultation.event.bad-instant",
                "description": "An event time without an offset → invalid_instant.",
                "operation": "consultation.apply", "now": "2026-03-12T12:00:00+03:00", "jurisdiction": "RU-KIR",
                "input": {"event": event(1, "request", "2026-03-11T09:00:00", consultation=KIR_REQUEST)},
                "expect": refused("invalid_instant", "/event/at")})
    out.append(kir_case("consultation.event.unknown-member",
                        "A member a schedule event does not have → unknown_field.",
                        [apply_step(dict(KIR_EVENTS[1], room="12"), refused("unknown_field", "/event/room"))]))
    out.append(kir_case("consultation.schedule.slot-checks",
                        "A slot that starts before the event scheduling it → slot_in_past; one that ends before it "
                        "starts → date_order.",
                        [apply_step(dict(KIR_EVENTS[1], slot=dict(KIR_SLOT, start="2026-03-11T09:00:00+03:00")),
                                    refused("slot_in_past", "/event/slot/start")),
                         apply_step(dict(KIR_EVENTS[1], slot=dict(KIR_SLOT, end="2026-03-12T09:50:00+03:00")),
                                    refused("date_order", "/event/slot/end"), step=0)]))
    enp = dict(KIR_REQUEST, patient=dict(KIR_PATIENT, enp="7700000000000008"))
    first = event(1, "request", "2026-03-11T09:00:00+03:00", consultation=enp)
    steps = [apply_step(KIR_EVENTS[1], ok("scheduled", SCHEDULED)),
             apply_step(event(3, "verify_identity", "2026-03-12T09:55:00+03:00", method="enp_birth_date",
                              claim={"enp": "7700000000000008", "birth_date": "1980-05-02"}),
                        ok("identity_verified", ["confirm_consent", "cancel", "no_show"])),
             apply_step(KIR_EVENTS[3], ok("consent_confirmed", ["start", "cancel", "no_show"])),
             apply_step(KIR_EVENTS[4], refused("consultation_not_permitted", "/event/type",
                                               "eligibility.federal.identification",
                                               decision={"verdict": "not_allowed", "reasons": [
                                                   {"code": "identification_not_accepted"}]}))]
    out.append(case("consultation.kir.enp-not-accepted",
                    "The ЕНП matches the record, but Kirov's rules do not accept the policy number as a way of "
                    "identification (only Voronezh's do): the decision at the start is not_allowed "
                    "(identification_not_accepted) → consultation_not_permitted.",
                    "RU-KIR", "2026-03-12T12:00:00+03:00", first, ok("requested", ["schedule", "cancel"]), steps))
    recovery = dict(KIR_EVENTS[5], sick_leave_closure={"recovery_confirmed": False})
    out.append(kir_case("consultation.closure.recovery-not-confirmed",
                        "sick_leave.close refuses a remote closure without confirmed recovery "
                        "(recovery_not_confirmed, sick_leave.close.remote); the refusal names the event's "
                        "sick_leave_closure, and the certificate operation's report goes along (nested).",
                        kir_steps(4) + [apply_step(recovery, refused("recovery_not_confirmed",
                                                                     "/event/sick_leave_closure",
                                                                     "sick_leave.close.remote",
                                                                     nested={"operation": "sick_leave.close"}))]))
    missing = {k: v for k, v in KIR_EVENTS[5].items() if k != "sick_leave_closure"}
    out.append(kir_case("consultation.closure.missing",
                        "The certificate_closed outcome without sick_leave_closure → missing_field.",
                        kir_steps(4) + [apply_step(missing, refused("missing_field", "/event/sick_leave_closure"))]))
    no_cert = {k: v for k, v in KIR_REQUEST.items() if k != "certificate"}
    no_cert["facts"] = {"open_sick_leave": {"opened_mode": "in_person", "opened_date": "2026-03-02"}}
    first = event(1, "request", "2026-03-11T09:00:00+03:00", consultation=no_cert)
    steps = [apply_step(KIR_EVENTS[i], e) for i, e in
             [(1, ok("scheduled", SCHEDULED)), (2, ok("identity_verified", ["confirm_consent", "cancel", "no_show"])),
              (3, ok("consent_confirmed", ["start", "cancel", "no_show"])),
              (4, ok("in_progress", ["connection_lost", "complete"],
                     decision={"permitted_actions": ["close_sick_leave"]}))]]
    steps.append(apply_step(KIR_EVENTS[5], refused("missing_field", "/state/consultation/certificate")))
    out.append(case("consultation.closure.without-certificate",
                    "The decision may permit a closure on facts.open_sick_leave alone (opened in person), but closing "
                    "needs the certificate itself: completing with certificate_closed when the request gave none is "
                    "missing_field at /state/consultation/certificate.",
                    "RU-KIR", "2026-03-12T12:00:00+03:00", first, ok("requested", ["schedule", "cancel"]), steps))
    out.append(kir_case("consultation.build.not-completed",
                        "No protocol before completion → not_completed.",
                        kir_steps(4) + [{"operation": "protocol.build", "input": {}, "insert": [state_from()],
                                         "expect": refused("not_completed", "/state/status")}]))
    return out


CASES = [kirov_full, voronezh_full, voronezh_chat_closure, voronezh_chat_start, voronezh_closure_by_chat_direct,
         novosibirsk, nvs_outcomes, nvs_home_readings_urgent, nvs_home_readings_in_protocol]
MANY = [illegal_cases, identity_and_request_cases]



def write(cases):
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("[\n")
        for i, c in enumerate(cases):
            f.write("  {\n")
            items = list(c.items())
            for j, (k, v) in enumerate(items):
                f.write("    %s: %s%s\n" % (json.dumps(k), json.dumps(v, ensure_ascii=False),
                                          "," if j + 1 < len(items) else ""))
            f.write("  }%s\n" % ("," if i + 1 < len(cases) else ""))
        f.write("]\n")


if __name__ == "__main__":
    write([make() for make in CASES] + [c for make in MANY for c in make()])
