// Identity: Russian patient identifiers (ЕНП, СНИЛС) and the patient.
#pragma once

#include <date/date.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/context.hpp"
#include "telemed/status.hpp"

namespace telemed::identity {

/// ЕНП (единый номер полиса ОМС, unified policy number) or СНИЛС (individual insurance account
/// number).
enum class IdentifierType { enp, snils };

/// Luhn check over a string of digits (ЕНП's check). False for an empty string or a non-digit.
bool luhn_valid(std::string_view digits) noexcept;

/// СНИЛС control number (0..99) of the first nine digits: Σ dᵢ·(10−i), reduced mod 101, 100 and 101
/// → 0. The argument must be nine digits.
int snils_control_number(std::string_view nine_digits) noexcept;

/// The identifier with all digits but the first two and the last two replaced by '*', grouping
/// kept: ЕНП "12** **** **** **56", СНИЛС "11*-***-*** 95". `digits` must be the normalised digits.
std::string mask(IdentifierType type, std::string_view digits);

/// Completed years between a birth date and a calendar date. A 29 February birthday counts on
/// 1 March in common years, or on 28 February when `leap_day_on_feb28` is set.
int age_in_years(date::year_month_day birth, date::year_month_day on,
                 bool leap_day_on_feb28) noexcept;

/// A person's name as on the identity document (фамилия, имя, отчество).
struct PersonName {
    std::string family;
    std::string given;
    std::optional<std::string> patronymic;
};

/// A way to reach the patient.
struct Contact {
    std::string kind; ///< "phone", "email", "max"
    std::string value;
};

/// законный представитель: a parent, adoptive parent, guardian or trustee, or an organisation.
struct LegalRepresentative {
    PersonName name;
    std::string relationship;
    std::optional<std::string> snils;
};

/// A person who may book for the patient but never consent (a social worker, a care assistant).
struct Proxy {
    PersonName name;
    std::string role;
    std::vector<std::string> permissions;
};

/// A consent on record (ИДС — informed voluntary consent, telemedicine, personal data).
struct Consent {
    std::string type;
    std::optional<std::string> scope;
    date::year_month_day date;
    std::string given_by; ///< "patient" or "legal_representative"
};

/// A condition (ICD-10) and how it was established.
struct Condition {
    std::string icd10;
    std::string established; ///< "in_person" or "remote"
    date::year_month_day date;
};

/// An entry of диспансерное наблюдение (dispensary observation).
struct DispensaryEntry {
    std::string icd10;
    date::year_month_day from;
    std::optional<date::year_month_day> to;
};

/// A visit on record.
struct Visit {
    date::year_month_day date;
    std::string kind; ///< "in_person" or "telemedicine"
    std::optional<std::string> organisation;
};

/// The patient, normalised (names in NFC, identifiers as digits).
struct Patient {
    std::optional<std::string> id;
    std::optional<std::string> enp;
    std::optional<std::string> snils;
    PersonName name;
    date::year_month_day birth_date;
    std::string sex; ///< "male" or "female"
    std::vector<Contact> contacts;
    std::optional<std::string> home_region;
    std::optional<std::string> time_zone;
    bool incapacitated = false;
    std::optional<LegalRepresentative> legal_representative;
    std::vector<Proxy> proxies;
    std::vector<Consent> consents;
    std::vector<Condition> conditions;
    std::vector<DispensaryEntry> dispensary_observation;
    std::vector<Visit> visits;
};

/// A patient read from JSON: the patient when no error was found, and every problem.
struct PatientReading {
    std::optional<Patient> patient;
    std::vector<Problem> problems;
};

/// The case- and ё/е-insensitive matching key of a name (NFC, case-folded, ё → е, spaces folded).
std::string name_matching_key(const PersonName& name);

/// Validates an identifier document {"type", "value"} (JSON operation "identifier.validate").
Response validate_identifier(const Context& context, std::string_view json);
/// Pseudonymous keys for analytics exports (JSON operation "identifier.pseudonym",
/// docs/identity.md). Input {"identifiers": [{"type": "snils" | "enp", "value"}]}, 1 to 1000
/// items. Each is checked as validate_identifier checks it; a valid one gets "pseudonym", the
/// lowercase hex of BLAKE2b-256 keyed by `key` over "telemed.pseudonym.v1\0" + type + "\0" +
/// digits, and an invalid one its problems instead, so every input has a result. `key` is the
/// embedder's secret, 32 to 64 raw bytes (else Status::invalid_argument, `invalid_key_length` at
/// "/key"); it is not copied. More than 1000 items is Status::limit, `too_many_items`.
Response pseudonym(const Context& context, std::string_view json, std::string_view key);
/// Validates a patient document and reports every problem (JSON operation "patient.validate").
Response validate_patient(const Context& context, std::string_view json);
/// Validates a patient document and returns it normalised, with its name matching key
/// (JSON operation "patient.normalize"); an invalid document gets the same report as validation.
Response normalize_patient(const Context& context, std::string_view json);
/// Identifies a patient by an identifier and the date of birth (JSON operation "patient.identify").
Response identify_patient(const Context& context, std::string_view json);
/// Age in completed years on a date (JSON operation "patient.age").
Response patient_age(const Context& context, std::string_view json);

} // namespace telemed::identity
