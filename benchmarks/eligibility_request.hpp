// The eligibility request both benchmark programs time, so that their figures compare.
#pragma once

#include <string_view>

namespace telemed_bench {

// A remote consultation (tm_eligibility_evaluate) in Novosibirsk: a treating doctor's video
// consultation for indication "chronic_stable" (order of 06.03.2026) on 10 March 2026, nine days
// after the fixed "now". The patient has consented to the remote format, has hypertension (I10)
// established in person and is under dispensary observation for it; the last assessment found the
// course stable and the drug therapy was prescribed in person. Both planned actions are permitted:
// the verdict is "allowed", so the whole rule chain runs. The person is invented.
constexpr std::string_view eligibility_document = R"({
  "patient": {
    "name": {"family": "Примерова", "given": "Анна"},
    "birth_date": "1960-05-01",
    "sex": "female",
    "consents": [{"type": "telemedicine", "date": "2026-03-01", "given_by": "patient"}],
    "conditions": [{"icd10": "I10", "established": "in_person", "date": "2020-01-10"}],
    "dispensary_observation": [{"icd10": "I10", "from": "2021-01-01"}]
  },
  "organisation": {"telemedicine_cabinet": true},
  "slot": {"start": "2026-03-10T10:00:00+07:00", "telemedicine": true},
  "doctor": {"role": "treating_doctor", "experience_years": 12},
  "indication": "chronic_stable",
  "format": "doctor_patient",
  "mode": "real_time_video",
  "present": ["patient"],
  "identification": "esia",
  "planned_actions": ["issue_subsidised_prescription", "answer_questions"],
  "facts": {
    "last_assessment": {"date": "2026-02-20", "course": "stable"},
    "therapy": [{"kind": "drug", "prescribed_at": "in_person", "icd10": "I10"}]
  }
})";

} // namespace telemed_bench
