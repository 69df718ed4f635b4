"""rule.explain and indication.list through the Python binding (values from the rule-set files)."""

import datetime
import unittest

import telemed

NOON_NOVOSIBIRSK = datetime.datetime(2026, 3, 10, 5, 0, tzinfo=datetime.timezone.utc)


class ExplainRule(unittest.TestCase):
    def test_a_rule_with_its_source_and_parameter(self):
        with telemed.Context(jurisdiction="RU-NVS", now=NOON_NOVOSIBIRSK) as ctx:
            rule = ctx.explain_rule("identity.snils.checksum")["rule"]
        self.assertEqual(rule["confidence"], "SECONDARY")
        self.assertEqual(rule["params"], {"unchecked_up_to": "001001998"})
        self.assertTrue(rule["applies_today"])

    def test_unconfirmed_rules_are_off_until_switched_on(self):
        with telemed.Context(jurisdiction="RU-KIR", now=NOON_NOVOSIBIRSK) as ctx:
            self.assertFalse(ctx.explain_rule("sick_leave.open.remote")["rule"]["enabled"])
        config = {"switches": {"sick_leave.open.remote": True}}
        with telemed.Context(jurisdiction="RU-KIR", now=NOON_NOVOSIBIRSK, config=config) as ctx:
            self.assertTrue(ctx.explain_rule("sick_leave.open.remote")["rule"]["enabled"])

    def test_unknown_rule_is_not_found(self):
        with telemed.Context(jurisdiction="RU-KIR", now=NOON_NOVOSIBIRSK) as ctx:
            with self.assertRaises(telemed.NotFoundError) as caught:
                ctx.explain_rule("identity.no_such_rule")
        self.assertEqual(caught.exception.code, "unknown_rule")
        self.assertEqual(caught.exception.pointer, "/rule")
        self.assertEqual(caught.exception.status_name, "TM_E_NOT_FOUND")


class Indications(unittest.TestCase):
    def test_six_in_novosibirsk(self):
        with telemed.Context(jurisdiction="RU-NVS", now=NOON_NOVOSIBIRSK) as ctx:
            indications = ctx.indications()
        self.assertEqual([i["number"] for i in indications], [1, 2, 3, 4, 5, 6])
        self.assertEqual(indications[1]["id"], "incapacity_review")
        self.assertEqual(indications[1]["permits"], ["close_sick_leave"])
        self.assertEqual(indications[2]["name"]["ru"],
                         "Хронические неинфекционные заболевания при стабильном течении")

    def test_none_elsewhere(self):
        with telemed.Context(jurisdiction="RU-KIR", now=NOON_NOVOSIBIRSK) as ctx:
            self.assertEqual(ctx.indications(), [])


if __name__ == "__main__":
    unittest.main()
