"""Tests of the sick-leave (ЭЛН) calls of the Python binding against the real shared library.

Run from the repository root:
    PYTHONPATH=bindings/python python3 -m unittest discover -s bindings/python/tests -t bindings/python -v

Every expected value is worked out by hand in the comments, from capi/include/telemed.h,
src/sick_leave/sick_leave_rules.json and src/i18n/messages.json.

The clock of every context is fixed at 2026-03-12T09:00+03:00, so "today" in the organisation's zone
(Europe/Moscow) is Thursday 12 March 2026.
"""

import copy
import datetime
import unittest

import telemed

MSK = datetime.timezone(datetime.timedelta(hours=3))
NOW = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=MSK)

# 12 digits (the format rule sick_leave.number.format); masked, all but the first two and the last two
# digits are hidden: 91 + 8 stars + 01 = "91********01" (12 characters).
NUMBER = "912345678901"
MASKED = "91********01"
NEW_NUMBER = "912345678902"

DOCTOR = {"id": "DOC-1", "role": "doctor"}
OTHER_DOCTOR = {"id": "DOC-2", "role": "doctor"}
FELDSHER = {"id": "FEL-1", "role": "feldsher"}
CHAIR = {"id": "VK-1", "role": "doctor"}

ANNUL_SWITCH = {"switches": {"sick_leave.commission.annul": True}}
DRAFT = {"drafts": ["ru.sick_leave.draft-2026-02"]}


def certificate(**overrides):
    """A certificate to open: in person on Monday 2 March 2026, first period 2-6 March (5 days) by the
    treating doctor, next appearance on the 6th. Keyword arguments replace fields."""
    doc = {
        "number": NUMBER,
        "reason": "own_illness",
        "organisation": {"id": "MO-77-001", "time_zone": "Europe/Moscow"},
        "opened": {"date": "2026-03-02", "mode": "in_person"},
        "treating_doctor": DOCTOR,
        "periods": [{"from": "2026-03-02", "to": "2026-03-06", "doctor": DOCTOR}],
        "next_appearance": "2026-03-06",
    }
    doc.update(overrides)
    return doc


def remote_closure(date="2026-03-12", doctor=DOCTOR, **overrides):
    """A closure at a telemedicine consultation for indication 2 (incapacity_review), recovery
    confirmed, consent recorded."""
    closure = {
        "date": date,
        "mode": "telemedicine",
        "doctor": doctor,
        "consultation": {"indication": "incapacity_review", "recovery_confirmed": True,
                         "consent_recorded": True},
    }
    closure.update(overrides)
    return closure


def codes(report):
    return [p["code"] for p in report["problems"]]


class SickLeaveTestCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ctx = telemed.Context(time_zone="Europe/Moscow", now=NOW)

    @classmethod
    def tearDownClass(cls):
        cls.ctx.close()

    def opened(self, **overrides):
        return self.ctx.sick_leave_open(certificate(**overrides))["certificate"]

    def assertRefused(self, call, code, pointer, rule_id, *args, **kwargs):
        """``call(*args, **kwargs)`` raises ValidationError with this first problem; no dict argument
        is modified. Returns the exception."""
        before = copy.deepcopy((args, kwargs))
        with self.assertRaises(telemed.ValidationError) as cm:
            call(*args, **kwargs)
        err = cm.exception
        self.assertEqual(err.status, 6)
        self.assertEqual(err.status_name, "TM_E_VALIDATION")
        self.assertEqual((err.code, err.pointer, err.rule_id), (code, pointer, rule_id))
        self.assertTrue(err.message_en)
        self.assertTrue(err.message_ru)
        # The report lists the problem and carries no new state.
        self.assertIn(code, codes(err.report))
        self.assertNotIn("certificate", err.report)
        # The caller's state is untouched.
        self.assertEqual((args, kwargs), before)
        return err


class FlowTest(SickLeaveTestCase):
    """open -> late visit -> extend -> remote close by the treating doctor -> Social Fund record."""

    def test_full_flow(self):
        # Open: in person on 2 March, 2-6 March (5 days, under the 15 a doctor gives alone).
        opened = self.ctx.sick_leave_open(certificate())
        c = opened["certificate"]
        self.assertEqual(c["status"], "open")
        self.assertEqual(c["number"], NUMBER)
        self.assertEqual(c["periods"], [{"from": "2026-03-02", "to": "2026-03-06", "doctor": DOCTOR}])
        self.assertEqual(c["next_appearance"], "2026-03-06")
        self.assertEqual(opened["problems"], [])
        self.assertIn("ru.sick_leave", [rs["id"] for rs in opened["rule_sets"]])
        self.assertIn("sick_leave.period.individual_limit", opened["trace"])

        # The patient appears on 7 March, a day after the appointed 6 March: late, violation 24
        # dated the appointed day (6 March), not the day of the visit. Next appearance: 12 March.
        visit = self.ctx.sick_leave_record_visit(c, datetime.date(2026, 3, 7),
                                                 next_appearance="2026-03-12")
        self.assertIs(visit["late"], True)
        c = visit["certificate"]
        self.assertEqual(c["violations"], [{"code": "24", "date": "2026-03-06"}])
        self.assertEqual(c["next_appearance"], "2026-03-12")
        self.assertEqual(c["status"], "open")
        self.assertIn("sick_leave.visit.late", visit["trace"])

        # Extend 7-13 March: starts the day after 6 March; 2..13 March = 12 days <= 15.
        extended = self.ctx.sick_leave_extend(
            c, {"from": "2026-03-07", "to": "2026-03-13", "doctor": DOCTOR})
        c = extended["certificate"]
        self.assertEqual([(p["from"], p["to"]) for p in c["periods"]],
                         [("2026-03-02", "2026-03-06"), ("2026-03-07", "2026-03-13")])
        self.assertEqual(c["violations"], [{"code": "24", "date": "2026-03-06"}])

        # Remote close on 12 March (today) by the treating doctor: the last period now ends on 12
        # March, return to work = 12 March + 1 day = 13 March.
        closed = self.ctx.sick_leave_close(c, remote_closure("2026-03-12"))
        c = closed["certificate"]
        self.assertEqual(c["status"], "closed")
        self.assertEqual(c["periods"][-1], {"from": "2026-03-07", "to": "2026-03-12", "doctor": DOCTOR})
        self.assertEqual(c["return_to_work"], "2026-03-13")
        self.assertEqual(c["closed"], {"date": "2026-03-12", "mode": "telemedicine"})
        self.assertNotIn("next_appearance", c)
        self.assertNotIn("outcome", c)
        self.assertIn("sick_leave.close.remote", closed["trace"])
        self.assertIn("sick_leave.return_date", closed["trace"])

        # The Social Fund record, field names of sick_leave.record.fields.
        out = self.ctx.sick_leave_record(c)
        self.assertEqual(out["record"], {
            "LN_CODE": NUMBER,
            "TREAT_PERIODS": [
                {"TREAT_DT1": "2026-03-02", "TREAT_DT2": "2026-03-06", "TREAT_DOCTOR_ROLE": "doctor",
                 "TREAT_DOCTOR": "DOC-1"},
                {"TREAT_DT1": "2026-03-07", "TREAT_DT2": "2026-03-12", "TREAT_DOCTOR_ROLE": "doctor",
                 "TREAT_DOCTOR": "DOC-1"},
            ],
            "HOSPITAL_BREACH_CODE": "24",
            "HOSPITAL_BREACH_DT": "2026-03-06",
            "RETURN_DATE_LPU": "2026-03-13",
        })
        # ICU's long Russian date puts U+202F NARROW NO-BREAK SPACE before «г.».
        self.assertEqual(out["message"]["ru"],
                         "Листок нетрудоспособности № 91********01 закрыт. "
                         "Приступить к работе 13 марта 2026\u202fг.")
        self.assertEqual(out["message"]["en"],
                         "Sick-leave certificate No. 91********01 is closed. "
                         "Return to work on March 13, 2026.")
        self.assertNotIn(NUMBER, out["message"]["ru"] + out["message"]["en"])
        self.assertEqual(out["problems"], [])

    def test_on_time_visit(self):
        # A visit on the appointed day itself is not late.
        visit = self.ctx.sick_leave_record_visit(self.opened(), "2026-03-06")
        self.assertIs(visit["late"], False)
        self.assertNotIn("violations", visit["certificate"])
        # No new appointment given: the certificate has none.
        self.assertNotIn("next_appearance", visit["certificate"])

    def test_unmask_number(self):
        c = self.ctx.sick_leave_close(self.opened(), remote_closure("2026-03-06"))["certificate"]
        self.assertEqual(c["return_to_work"], "2026-03-07")
        out = self.ctx.sick_leave_record(c, unmask_number=True)
        # The number is written as text, never as an ICU number ("912 345 678 901").
        self.assertEqual(out["message"]["ru"],
                         "Листок нетрудоспособности № 912345678901 закрыт. "
                         "Приступить к работе 7 марта 2026\u202fг.")
        self.assertEqual(self.ctx.sick_leave_record(c)["message"]["en"],
                         "Sick-leave certificate No. 91********01 is closed. "
                         "Return to work on March 7, 2026.")

    def test_open_certificate_message(self):
        out = self.ctx.sick_leave_record(self.opened())
        self.assertEqual(out["record"]["LN_CODE"], NUMBER)
        self.assertNotIn("RETURN_DATE_LPU", out["record"])
        self.assertEqual(out["message"]["en"],
                         "Sick-leave certificate No. 91********01 is open through March 6, 2026.")

    def test_date_objects_equal_strings(self):
        as_text = self.ctx.sick_leave_open(certificate())
        as_dates = self.ctx.sick_leave_open(certificate(
            opened={"date": datetime.date(2026, 3, 2), "mode": "in_person"},
            periods=[{"from": datetime.date(2026, 3, 2), "to": datetime.date(2026, 3, 6),
                      "doctor": DOCTOR}],
            next_appearance=datetime.date(2026, 3, 6)))
        self.assertEqual(as_dates, as_text)
        c = as_text["certificate"]
        self.assertEqual(self.ctx.sick_leave_record_visit(c, datetime.date(2026, 3, 6),
                                                          datetime.date(2026, 3, 10)),
                         self.ctx.sick_leave_record_visit(c, "2026-03-06", "2026-03-10"))

    def test_datetime_rejected_as_date(self):
        with self.assertRaises(TypeError):
            self.ctx.sick_leave_record_visit(self.opened(), datetime.datetime(2026, 3, 7, 10, 0))

    def test_closed_context(self):
        ctx = telemed.Context(time_zone="Europe/Moscow", now=NOW)
        ctx.close()
        with self.assertRaises(ValueError):
            ctx.sick_leave_open(certificate())

    def test_outcome_continuation(self):
        # Outcome 31 (continues) needs a continuation number; the status becomes "continued" and
        # there is no return-to-work date.
        closure = {"date": "2026-03-06", "mode": "in_person", "doctor": DOCTOR, "outcome": "31",
                   "continuation_number": NEW_NUMBER}
        c = self.ctx.sick_leave_close(self.opened(), closure)["certificate"]
        self.assertEqual(c["status"], "continued")
        self.assertEqual(c["continuation_number"], NEW_NUMBER)
        self.assertNotIn("return_to_work", c)
        record = self.ctx.sick_leave_record(c)["record"]
        self.assertEqual(record["NEXT_LN_CODE"], NEW_NUMBER)
        self.assertEqual(record["MSE_RESULT"], "31")


class RefusalTest(SickLeaveTestCase):
    def test_sixteen_days_by_a_doctor_alone(self):
        c = self.opened()
        # 2..17 March = 16 days > 15 (sick_leave.period.individual_limit, doctor_days).
        err = self.assertRefused(self.ctx.sick_leave_extend, "commission_required", "/period/to",
                                 "sick_leave.period.individual_limit",
                                 c, {"from": "2026-03-07", "to": "2026-03-17", "doctor": DOCTOR})
        self.assertIn("16", err.message_en)
        self.assertIn("15", err.message_en)
        # 2..16 March = 15 days: allowed.
        ok = self.ctx.sick_leave_extend(c, {"from": "2026-03-07", "to": "2026-03-16", "doctor": DOCTOR})
        self.assertEqual(ok["certificate"]["periods"][-1]["to"], "2026-03-16")
        # With the commission's chair, the 16th day is allowed: the period 7..17 March is 11 days,
        # within the commission's 15 at a time.
        ok = self.ctx.sick_leave_extend(c, {"from": "2026-03-07", "to": "2026-03-17", "doctor": DOCTOR,
                                            "commission_chair": CHAIR})
        self.assertEqual(ok["certificate"]["periods"][-1]["commission_chair"], CHAIR)

    def test_feldsher_ten_days(self):
        # A feldsher alone: 2..11 March = 10 days allowed, 2..12 March = 11 days refused.
        self.ctx.sick_leave_open(certificate(
            periods=[{"from": "2026-03-02", "to": "2026-03-11", "doctor": FELDSHER}]))
        self.assertRefused(self.ctx.sick_leave_open, "commission_required", "/certificate/periods/0/to",
                           "sick_leave.period.individual_limit",
                           certificate(periods=[{"from": "2026-03-02", "to": "2026-03-12",
                                                 "doctor": FELDSHER}]))

    def test_thirteen_digit_number(self):
        err = self.assertRefused(self.ctx.sick_leave_open, "invalid_format", "/certificate/number",
                                 "sick_leave.number.format", certificate(number=NUMBER + "3"))
        # The message never repeats the identifier.
        self.assertNotIn(NUMBER, err.message_en + err.message_ru + str(err.report))

    def test_remote_close_by_another_doctor(self):
        self.assertRefused(self.ctx.sick_leave_close, "not_treating_doctor", "/closure/doctor/id",
                           "sick_leave.close.remote", self.opened(),
                           remote_closure("2026-03-06", doctor=OTHER_DOCTOR))

    def test_remote_close_without_recovery(self):
        closure = remote_closure("2026-03-06")
        closure["consultation"]["recovery_confirmed"] = False
        self.assertRefused(self.ctx.sick_leave_close, "recovery_not_confirmed",
                           "/closure/consultation/recovery_confirmed", "sick_leave.close.remote",
                           self.opened(), closure)

    def test_close_in_the_future(self):
        # 13 March is tomorrow in Moscow.
        c = self.ctx.sick_leave_extend(
            self.opened(), {"from": "2026-03-07", "to": "2026-03-13", "doctor": DOCTOR})["certificate"]
        self.assertRefused(self.ctx.sick_leave_close, "future_date", "/closure/date", "", c,
                           remote_closure("2026-03-13"))

    def test_close_a_closed_certificate(self):
        c = self.ctx.sick_leave_close(self.opened(), remote_closure("2026-03-06"))["certificate"]
        self.assertRefused(self.ctx.sick_leave_close, "certificate_not_open", "/certificate/status", "",
                           c, remote_closure("2026-03-06"))

    def test_overlapping_extension(self):
        self.assertRefused(self.ctx.sick_leave_extend, "periods_overlap", "/period/from",
                           "sick_leave.periods.contiguous", self.opened(),
                           {"from": "2026-03-06", "to": "2026-03-10", "doctor": DOCTOR})

    def test_remote_extension_off_by_default(self):
        self.assertRefused(self.ctx.sick_leave_extend, "remote_extension_not_allowed", "/mode",
                           "sick_leave.extend.remote", self.opened(),
                           {"from": "2026-03-07", "to": "2026-03-10", "doctor": DOCTOR},
                           mode="telemedicine")

    def test_draft_frequent_certificates(self):
        # Draft of February 2026, only when the configuration asks for it: 4 certificates opened
        # within 6 months before the period's start (7 March 2026 - 6 months = 7 September 2025).
        recent = ["2025-09-07", "2025-11-01", datetime.date(2026, 1, 10), "2026-03-02"]
        period = {"from": "2026-03-07", "to": "2026-03-10", "doctor": DOCTOR}
        c = self.opened()
        self.ctx.sick_leave_extend(c, period, recent_certificates=recent)  # the draft is off
        with telemed.Context(time_zone="Europe/Moscow", now=NOW, config=DRAFT) as ctx:
            self.assertRefused(ctx.sick_leave_extend, "commission_required_frequent",
                               "/period/commission_chair", "sick_leave.draft.frequent_certificates",
                               c, period, recent_certificates=recent)
            # 6 September 2025 is outside the window: 3 certificates, allowed.
            ctx.sick_leave_extend(c, period, recent_certificates=["2025-09-06"] + recent[1:])
            # Care of a family member is exempt.
            ctx.sick_leave_extend(dict(c, reason="family_care"), period, recent_certificates=recent)


class CommissionTest(SickLeaveTestCase):
    DECISION = {"date": "2026-03-10", "commission_chair": CHAIR}

    def test_annul_refused_by_default(self):
        c = self.opened()
        before = copy.deepcopy(c)
        with self.assertRaises(telemed.RulesError) as cm:
            self.ctx.sick_leave_annul(c, self.DECISION)
        err = cm.exception
        self.assertEqual((err.status, err.status_name), (7, "TM_E_RULES"))
        self.assertEqual(err.code, "rule_not_in_force")
        self.assertEqual(err.rule_id, "sick_leave.commission.annul")
        self.assertIsNone(err.report)
        self.assertEqual(c, before)
        with self.assertRaises(telemed.RulesError) as cm:
            self.ctx.sick_leave_duplicate(c, self.DECISION, NEW_NUMBER)
        self.assertEqual(cm.exception.rule_id, "sick_leave.commission.annul")

    def test_annul_with_switch(self):
        with telemed.Context(time_zone="Europe/Moscow", now=NOW, config=ANNUL_SWITCH) as ctx:
            out = ctx.sick_leave_annul(self.opened(), self.DECISION)
            c = out["certificate"]
            self.assertEqual(c["status"], "annulled")
            self.assertEqual(c["annulled"], {"date": "2026-03-10"})
            self.assertIn("sick_leave.commission.annul", out["trace"])
            self.assertEqual(ctx.sick_leave_record(c)["message"]["en"],
                             "Sick-leave certificate No. 91********01 is no longer valid.")
            # An annulled certificate is not annulled again.
            self.assertRefused(ctx.sick_leave_annul, "certificate_not_open", "/certificate/status", "",
                               c, self.DECISION)

    def test_duplicate_with_switch(self):
        with telemed.Context(time_zone="Europe/Moscow", now=NOW, config=ANNUL_SWITCH) as ctx:
            out = ctx.sick_leave_duplicate(self.opened(), self.DECISION, NEW_NUMBER)
            self.assertEqual(out["certificate"]["status"], "duplicate")
            self.assertEqual(out["certificate"]["duplicate_number"], NEW_NUMBER)
            self.assertEqual(out["duplicate"]["number"], NEW_NUMBER)
            self.assertEqual(out["duplicate"]["status"], "open")
            self.assertEqual(out["duplicate"]["periods"], out["certificate"]["periods"])
            self.assertRefused(ctx.sick_leave_duplicate, "invalid_format", "/new_number",
                               "sick_leave.number.format", self.opened(), self.DECISION, "91234")
            self.assertRefused(ctx.sick_leave_duplicate, "conflicting_fields", "/new_number", "",
                               self.opened(), self.DECISION, NUMBER)


if __name__ == "__main__":
    unittest.main()
