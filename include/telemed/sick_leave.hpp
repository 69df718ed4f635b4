// Sick leave: the electronic certificate (ЭЛН, электронный листок нетрудоспособности) and its
// operations.
#pragma once

#include <date/date.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::sick_leave {

/// A clinician acting on a certificate. Role: "doctor", "feldsher" (фельдшер) or "dentist" (зубной
/// врач).
struct Clinician {
    std::string id;
    std::string role;
};

/// A period of release from work (период освобождения от работы), both ends inclusive.
struct Period {
    date::year_month_day from;
    date::year_month_day to;
    Clinician doctor;
    /// The chair of the medical commission (председатель ВК) when the commission extended.
    std::optional<Clinician> commission_chair;
};

/// A regime violation (нарушение режима), codes 23–28.
struct Violation {
    std::string code;
    date::year_month_day date;
};

/// The certificate's state. Every operation takes one and returns a new one; none changes its
/// input.
struct Certificate {
    std::string number; ///< 12 digits
    std::string status; ///< "open", "closed", "continued", "annulled", "duplicate"
    std::string reason; ///< "own_illness", "injury", "quarantine", "family_care", "pregnancy"
    std::vector<std::string>
        circumstances; ///< "tuberculosis", "socially_significant_disease", "dialysis"
    std::string organisation_id;
    std::string
        time_zone; ///< the organisation's IANA zone: every date here is a calendar date in it
    date::year_month_day opened_date;
    std::string opened_mode; ///< "in_person" or "telemedicine"
    /// The first day of the whole case of incapacity, when this certificate continues earlier ones
    /// (листок-продолжение): the total limit counts from it. Absent: the first period's first day.
    std::optional<date::year_month_day> case_started;
    Clinician treating_doctor;
    std::vector<Period> periods;
    std::optional<date::year_month_day> next_appearance;
    std::vector<Violation> violations;
    std::optional<date::year_month_day> hospital_from;
    std::optional<date::year_month_day> hospital_to;
    std::optional<std::string> outcome; ///< "31".."37"
    std::optional<date::year_month_day> return_to_work;
    std::optional<std::string> continuation_number;
    std::optional<date::year_month_day> state_change_date;
    std::optional<date::year_month_day> closed_date;
    std::optional<std::string> closed_mode;
    std::optional<date::year_month_day> annulled_date;
    std::optional<std::string> duplicate_number;
};

/// The last day a certificate opened on `first_day` may cover when the total is limited to
/// `months`: the day before the same day `months` later (a day missing in that month rolls into the
/// next, so 31 January + 10 months gives 30 November as the last day).
date::year_month_day last_allowed_day(date::year_month_day first_day, int months);

/// Opens a certificate (JSON operation "sick_leave.open").
Response open(const Context& context, std::string_view json);
/// Adds a period of release (JSON operation "sick_leave.extend").
Response extend(const Context& context, std::string_view json);
/// Records the patient's appearance, late or on time (JSON operation "sick_leave.record_visit").
Response record_visit(const Context& context, std::string_view json);
/// Closes a certificate in person, remotely, or with an outcome (JSON operation
/// "sick_leave.close").
Response close(const Context& context, std::string_view json);
/// Annuls a certificate by a medical-commission decision (JSON operation "sick_leave.annul").
Response annul(const Context& context, std::string_view json);
/// Issues a duplicate by a medical-commission decision (JSON operation "sick_leave.duplicate").
Response duplicate(const Context& context, std::string_view json);
/// The Social Fund record and the patient's message (JSON operation "sick_leave.record").
Response record(const Context& context, std::string_view json);

} // namespace telemed::sick_leave
