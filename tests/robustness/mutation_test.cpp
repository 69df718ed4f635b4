// Every JSON entry point of the C API, fed thousands of mangled documents (bytes flipped, ranges
// cut, copied and spliced, inputs truncated, high bytes and JSON punctuation inserted),
// deterministically from a fixed seed. Each call must keep the contract: a known status; a document
// exactly on TM_OK and TM_E_VALIDATION, well-formed JSON of the length reported; none otherwise; a
// tm_error_last() whose strings are never NULL. Under AddressSanitizer this is also the
// memory-safety check.
#include <boost/json.hpp>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "telemed.h"

namespace {

using Call = int (*)(const tm_context*, const char*, size_t, char**, size_t*);

struct Entry {
    const char* name;
    Call call;
    std::string seed;
};

const std::string patient = R"({"id":"MIS-1","enp":"1234567890123452","snils":"112-233-445 95",
 "name":{"family":"Сёмина","given":"Анна","patronymic":"Петровна"},"birth_date":"1968-04-12","sex":"female",
 "contacts":[{"kind":"phone","value":"+79130000000"}],"home_region":"RU-NVS","time_zone":"Asia/Novosibirsk",
 "consents":[{"type":"telemedicine","date":"2026-02-20","given_by":"patient"}],
 "conditions":[{"icd10":"I10","established":"in_person","date":"2019-05-14"}],
 "dispensary_observation":[{"icd10":"I10","from":"2024-02-01"}],"visits":[{"date":"2026-02-20","kind":"in_person"}]})";

const std::string certificate = R"({"number":"910000000001","status":"open","reason":"own_illness",
 "organisation":{"id":"ORG","time_zone":"Europe/Kirov"},"opened":{"date":"2026-03-02","mode":"in_person"},
 "treating_doctor":{"id":"D-17","role":"doctor"},
 "periods":[{"from":"2026-03-02","to":"2026-03-06","doctor":{"id":"D-17","role":"doctor"}}],"next_appearance":"2026-03-06"})";

// A certificate to open has no status yet.
std::string without_status(std::string c) {
    const std::string status = R"("status":"open",)";
    return c.erase(c.find(status), status.size());
}

std::vector<Entry> entries() {
    return {
        {"identifier", tm_identifier_validate, R"({"type":"snils","value":"112-233-445 95"})"},
        {"rule.explain", tm_rule_explain, R"({"rule":"sick_leave.total.max"})"},
        {"eligibility.evaluate", tm_eligibility_evaluate,
         R"({"patient":)" + patient +
             R"(,"organisation":{"telemedicine_cabinet":true},"slot":{"start":"2026-03-10T10:00:00+03:00","telemedicine":true},
 "doctor":{"role":"treating_doctor","experience_years":9},"indication":"incapacity_review","format":"doctor_patient",
 "mode":"real_time_video","present":["patient","proxy"],"identification":"snils_birth_date",
 "planned_actions":["close_sick_leave","answer_questions","correct_treatment"],
 "facts":{"condition":"I10","open_sick_leave":{"opened_mode":"in_person"},"therapy":[{"kind":"drug","prescribed_at":"in_person","icd10":"I10"}],
  "last_assessment":{"date":"2026-02-01","course":"stable"},"alerts":[{"date":"2026-03-01","severity":"routine"}],
  "hospitalisations":[{"from":"2025-01-01","to":"2025-01-10"}]}})"},
        {"patient.validate", tm_patient_validate, patient},
        {"patient.normalize", tm_patient_normalize, patient},
        {"patient.identify", tm_patient_identify,
         R"({"patient":)" + patient +
             R"(,"claim":{"snils":"11223344595","birth_date":"1968-04-12"}})"},
        {"patient.age", tm_patient_age,
         R"({"birth_date":"2011-03-10","at":"2026-03-09T23:30:00+03:00","time_zone":"Asia/Kamchatka"})"},
        {"sick_leave.open", tm_sick_leave_open,
         R"({"certificate":)" + without_status(certificate) + "}"},
        {"sick_leave.extend", tm_sick_leave_extend,
         R"({"certificate":)" + certificate +
             R"(,"mode":"in_person","period":{"from":"2026-03-07","to":"2026-03-10","doctor":{"id":"D-17","role":"doctor"}},"recent_certificates":["2026-01-01"]})"},
        {"sick_leave.record_visit", tm_sick_leave_record_visit,
         R"({"certificate":)" + certificate +
             R"(,"visit":{"date":"2026-03-07","next_appearance":"2026-03-09"}})"},
        {"sick_leave.close", tm_sick_leave_close,
         R"({"certificate":)" + certificate +
             R"(,"closure":{"date":"2026-03-06","mode":"telemedicine","doctor":{"id":"D-17","role":"doctor"},"consultation":{"indication":"incapacity_review","recovery_confirmed":true,"consent_recorded":true}}})"},
        {"sick_leave.annul", tm_sick_leave_annul,
         R"({"certificate":)" + certificate +
             R"(,"decision":{"date":"2026-03-06","commission_chair":{"id":"VK","role":"doctor"}}})"},
        {"sick_leave.duplicate", tm_sick_leave_duplicate,
         R"({"certificate":)" + certificate +
             R"(,"decision":{"date":"2026-03-06","commission_chair":{"id":"VK","role":"doctor"}},"new_number":"910000000002"})"},
        {"sick_leave.record", tm_sick_leave_record,
         R"({"certificate":)" + certificate + R"(,"unmask_number":true})"},
    };
}

std::string mutate(const std::string& seed, std::mt19937& rng) {
    std::string s = seed;
    const char specials[] = {'{', '}', '[',  ']',    '"',    '\\',   ':',    ',',   '0',
                             '-', 'e', '\0', '\x80', '\xC3', '\xED', '\xF4', '\xFF'};
    const int rounds = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < rounds && !s.empty(); ++k) {
        const std::size_t at = rng() % s.size();
        switch (rng() % 7) {
        case 0: // flip a byte
            s[at] = static_cast<char>(rng() % 256);
            break;
        case 1: // insert JSON punctuation or a bad byte
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(at),
                     specials[rng() % sizeof specials]);
            break;
        case 2: // cut a range
            s.erase(at, 1 + rng() % 16);
            break;
        case 3: // copy a range elsewhere (duplicate keys, nested objects)
        {
            const std::size_t from = rng() % s.size();
            const std::string piece = s.substr(from, 1 + rng() % 40);
            s.insert(at, piece);
            break;
        }
        case 4: // truncate
            s.resize(at);
            break;
        case 5: // a digit changed (check digits, dates)
            if (s[at] >= '0' && s[at] <= '9') {
                s[at] = static_cast<char>('0' + rng() % 10);
            }
            break;
        default: // a quote removed or added
            s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), '"');
            break;
        }
    }
    return s;
}

int64_t fixed_clock(void*) {
    return 1773118800000LL;
} // 2026-03-10T05:00:00Z

} // namespace

int main() {
    tm_context_options options;
    tm_context_options_init(&options, TM_CONTEXT_OPTIONS_VERSION);
    options.jurisdiction = "RU-KIR";
    options.clock = fixed_clock;
    options.config_json = R"({"switches":{"sick_leave.commission.annul":true}})";
    options.config_json_len = std::strlen(options.config_json);
    tm_context* context = nullptr;
    if (tm_context_new(&context, &options) != TM_OK) {
        std::puts("0 passed, 1 failed");
        return 1;
    }
    std::mt19937 rng(20260310u);
    long passed = 0, failed = 0;
    const int per_entry = 4000;
    for (const auto& e : entries()) {
        long ok_calls = 0;
        for (int i = 0; i < per_entry; ++i) {
            const std::string input = i == 0 ? e.seed : mutate(e.seed, rng);
            char* out = nullptr;
            size_t len = 0;
            const int rc = e.call(context, input.data(), input.size(), &out, &len);
            const tm_error* err = tm_error_last();
            std::string problem;
            if (rc < TM_OK || rc > TM_E_INTERNAL || rc == TM_E_INTERNAL || rc == TM_E_NO_MEMORY) {
                problem = "status " + std::to_string(rc);
            } else if (err == nullptr || err->code == nullptr || err->pointer == nullptr ||
                       err->message_en == nullptr || err->message_ru == nullptr ||
                       err->rule_id == nullptr || err->status != rc) {
                problem = "tm_error_last() broken";
            } else if ((rc == TM_OK || rc == TM_E_VALIDATION) != (out != nullptr)) {
                problem = "document present on " + std::string(tm_status_name(rc)) + ": " +
                          (out ? "yes" : "no");
            } else if (out != nullptr) {
                boost::system::error_code ec;
                boost::json::parse(std::string_view(out, len), ec);
                if (std::strlen(out) != len || ec) {
                    problem = "malformed output";
                }
            }
            if (i == 0 && rc != TM_OK) {
                problem = "the unmutated seed fails: " + std::string(tm_status_name(rc)) + " " +
                          err->code + " " + err->pointer;
            }
            ok_calls += rc == TM_OK;
            tm_string_free(out);
            if (problem.empty()) {
                ++passed;
            } else {
                ++failed;
                std::fprintf(stderr, "%s #%d: %s\n", e.name, i, problem.c_str());
            }
        }
        std::printf("%-24s %d inputs, %ld accepted\n", e.name, per_entry, ok_calls);
    }
    tm_context_free(context);
    std::printf("%ld passed, %ld failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
