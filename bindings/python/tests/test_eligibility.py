"""eligibility.evaluate through the Python binding: values from the rule sets (docs/eligibility.md)."""

import copy
import datetime
import unittest

import telemed

# 2026-03-10 10:00 in Novosibirsk.
NOW = datetime.datetime(2026, 3, 10, 3, 0, tzinfo=datetime.timezone.utc)

REQUEST = {
    "patient": {
        "name": {"family": "Примерова", "given": "Анна"}, "birth_date": "1960-05-01", "sex": "female",
        "consents": [{"type": "telemedicine", "date": "2026-03-01", "given_by": "patient"}],
        "conditions": [{"icd10": "I10", "established": "in_person", "date": "2020-01-10"}],
    },
    "organisation": {"telemedicine_cabinet": True},
    "slot": {"start": "2026-03-10T10:00:00+07:00", "telemedicine": True},
    "doctor": {"role": "treating_doctor", "experience_years": 12},
    "indication": "chronic_stable",
    "format": "doctor_patient",
    "mode": "real_time_video",
    "present": ["patient"],
    "identification": "esia",
    "planned_actions": ["issue_subsidised_prescription", "answer_questions"],
    "facts": {"last_assessment": {"date": "2026-02-20", "course": "stable"}},
}


class Eligibility(unittest.TestCase):
    def evaluate(self, request, jurisdiction="RU-NVS"):
        with telemed.Context(jurisdiction=jurisdiction, now=NOW) as ctx:
            return ctx.evaluate_eligibility(request)

    def test_stable_chronic_patient_may_get_a_subsidised_prescription(self):
        decision = self.evaluate(REQUEST)
        self.assertEqual(decision["verdict"], "allowed")
        self.assertEqual(decision["permitted_actions"], ["issue_subsidised_prescription", "answer_questions"])
        self.assertEqual(decision["required_documents"], ["consent_telemedicine", "electronic_protocol"])
        self.assertIn("eligibility.nvs.chronic_stable", decision["trace"])
        self.assertIn({"id": "ru-nvs.telemedicine", "version": "1.0.0"}, decision["rule_sets"])

    def test_urgent_alert_sends_the_patient_in_person(self):
        request = copy.deepcopy(REQUEST)
        request["facts"]["alerts"] = [{"date": "2026-03-07", "severity": "urgent"}]
        decision = self.evaluate(request)
        self.assertEqual(decision["verdict"], "in_person_required")
        self.assertEqual(decision["permitted_actions"], ["decide_in_person_visit"])
        urgent = next(r for r in decision["reasons"] if r["code"] == "urgent_alert")
        self.assertIn("прошло 3 дня", urgent["message"]["ru"])

    def test_no_consent_is_not_allowed(self):
        request = copy.deepcopy(REQUEST)
        del request["patient"]["consents"]
        decision = self.evaluate(request)
        self.assertEqual(decision["verdict"], "not_allowed")
        self.assertEqual(decision["reasons"][0]["code"], "consent_missing")
        self.assertEqual(decision["permitted_actions"], [])

    def test_missing_facts_never_allow(self):
        request = copy.deepcopy(REQUEST)
        del request["facts"]["last_assessment"]
        decision = self.evaluate(request)
        self.assertEqual(decision["verdict"], "not_allowed")
        self.assertEqual(decision["missing_facts"], ["/facts/last_assessment"])

    def test_subsidised_prescription_only_where_a_regional_indication_permits_it(self):
        request = copy.deepcopy(REQUEST)
        del request["indication"]
        decision = self.evaluate(request, jurisdiction="RU-KIR")
        self.assertEqual(decision["verdict"], "allowed_with_restrictions")
        self.assertEqual(decision["permitted_actions"], ["answer_questions"])
        self.assertEqual(decision["refused_actions"][0]["reasons"][0]["code"], "action_not_permitted_here")

    def test_malformed_request_names_the_field(self):
        request = copy.deepcopy(REQUEST)
        request["planned_actions"] = ["answer_questions", "teleport"]
        with self.assertRaises(telemed.ValidationError) as caught:
            self.evaluate(request)
        self.assertEqual(caught.exception.pointer, "/planned_actions/1")
        self.assertEqual(caught.exception.code, "invalid_value")


if __name__ == "__main__":
    unittest.main()
