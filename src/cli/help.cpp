// The --help texts (English; docs/cli.md has the same in full).
#include "texts.hpp"

namespace telemed_cli {

namespace {

struct Help {
    std::string_view command;
    const char* text;
};

constexpr Help helps[] = {
    {"main",
     R"(telemed — Russian doctor–patient telemedicine rules from the command line (libtelemed's C API).

Usage: telemed COMMAND [OPTIONS] [ARGS]
       telemed COMMAND --help
       telemed --version

Commands:
)"},
    {"main.tail", R"(
Global options (every command):
  --region RU|RU-XXX   jurisdiction (federal RU, or a region such as RU-NVS, RU-KIR, RU-VOR)
  --zone ZONE          IANA zone of the medical organisation (default: the region's; RU needs one)
  --config FILE        configuration document: switches, override rule sets, trusted signers
  --now INSTANT        fixed clock, RFC 3339 with an offset (default: the system clock)
  --lang ru|en         language of the output (default: LC_ALL, LC_MESSAGES or LANG starting with
                       "ru" gives Russian, else English)
  --json               one JSON document on stdout instead of text

Exit statuses:
  0  success (a decision that allows, a valid signature, every reading accepted)
  1  a domain "no": not allowed or in person, invalid by a rule, readings rejected, signature not valid
  2  usage error: unknown command or option, missing argument, bad --region/--zone/--now
  3  input error: unreadable file, malformed JSON, a document the library cannot read (its
     problem has no rule), a bad configuration file
  4  library or other error (rules not in force, internal error, the harness missing)

Errors go to stderr with the library's status, problem code, JSON pointer and rule id; they
never carry personal data. See docs/cli.md.
)"},
    {"demo", R"(Usage: telemed demo [--lang ru|en] [--json] [--now INSTANT]

The main job, offline, on the sample data shipped in examples/demo/ (compiled in):
  1. Voronezh (RU-VOR): a patient identified by policy number (ЕНП) and date of birth against a
     small register (patient.identify); a video consultation driven through consultation.apply
     (request, schedule, verify_identity, confirm_consent, start with its eligibility decision,
     complete closing the sick-leave certificate, sign_protocol, deliver); the protocol signed
     with the fixed demo Ed25519 key and verified; the СФР record and the Госуслуги message.
  2. Kirov (RU-KIR): a week of home blood-pressure and glucose readings (readings.validate_batch),
     their summary (readings.summary) and the next eligibility decision with and without the
     summary's facts.alerts.
The clock is fixed at 2026-03-12T12:00:00+03:00 unless --now is given, so the output is
reproducible. --json prints one document with every step's output (patients' names and dates
of birth removed, identifiers masked). --region, --zone and --config do not apply.
)"},
    {"check", R"(Usage: telemed check [--region R] [--zone Z] [--config F] [--now I] [--json] FILE

Decides a remote-consultation request with eligibility.evaluate (docs/eligibility.md). FILE is
the request document; - reads stdin. Prints the verdict, the visit date, the permitted and
refused actions with their reasons, required documents, missing facts and the rule sets.
Exit 0 for allowed / allowed_with_restrictions, 1 for in_person_required / not_allowed or a
request a rule refuses, 3 for a malformed request.
)"},
    {"readings",
     R"(Usage: telemed readings [--format ndjson|csv|ble] [--fhir OUT.ndjson] [--report OUT.html]
                        [--max-rejected N] [--patient REF] [--device ID] FILE...

Checks and classifies home-device readings, streamed through the library's reading stream in
64 KiB chunks: memory stays bounded whatever the size of the input.
  NDJSON (.ndjson, .jsonl, .json): one reading document per line (docs/readings.md).
  CSV (.csv): a header naming the columns patient_ref, device_id, kind, measured_at, unit
       (required) and systolic, diastolic, mean, pulse, glucose, meal, setting, device_model,
       flags (';'-separated); then one reading per row.
  BLE (.ble, .hex): lines "2A35 <hex bytes>" (blood pressure) or "2A18 <hex bytes>" (glucose),
       optionally followed by "2A34 <hex bytes>" (its context); each is decoded with
       tm_reading_decode_ble_bytes. --patient and --device name whose readings they are.
  - reads stdin (give --format).
Prints a table per patient (accepted, rejected, averages, categories, alerts) and the rejected
lines with their line numbers and reasons (the first --max-rejected, default 20; the count is
exact). --fhir writes one FHIR R4 Observation per accepted reading (reading.to_fhir).
--report writes a self-contained HTML page with an SVG chart per patient (no script).
Exit 0 when every reading is accepted, 1 when any is rejected, 3 for an unreadable file.
)"},
    {"sick-leave",
     R"(Usage: telemed sick-leave open|extend|record-visit|close|annul|duplicate|record [--json] FILE

Runs the sick_leave.* operation on the document in FILE (docs/sick-leave.md) and prints the
resulting certificate (status, periods, closure, return to work; the number masked) or, for
record, the СФР record and the patient's message. --json prints the library's output.
Exit 0 when done, 1 when a rule refuses it, 3 for a malformed document.
)"},
    {"protocol", R"(Usage: telemed protocol sign --seed-file F --key-id ID [--certificate C] FILE
       telemed protocol verify --config CONFIG FILE SIGNATURE_FILE

sign: signs the protocol of FILE (a consultation state, {"state"} or {"protocol"}) with the
  Ed25519 key made from the seed in F (64 hex digits or 32 raw bytes; tm_signing_key_new,
  tm_protocol_sign) and prints the detached signature object (with --json the whole output).
verify: checks SIGNATURE_FILE (the signature object, or {"signature"}) over the protocol of
  FILE with the trusted signers of CONFIG (protocol.verify). Exit 0 when valid, 1 otherwise.
Give --region (and --zone) as the consultation's when FILE is a state.
)"},
    {"rules", R"(Usage: telemed rules [--region R] [--zone Z] [--date YYYY-MM-DD] [--all] [--json]
       telemed rules explain RULE_ID

Lists the rule sets in force on the date (default: today by the clock) in the jurisdiction,
with every rule's confidence, title and sources (context.describe with the clock on that date;
--all lists every set the context holds). explain describes one rule (rule.explain).
Without --region the federal rules are listed on Moscow's calendar.
)"},
    {"conformance", R"(Usage: telemed conformance [--tap | --junit FILE] [-v] DIR...

Runs the vendor conformance harness telemed-conformance installed beside this program on the
vector files of each DIR, passing it --library with the libtelemed this program loaded, so that
the library under test is exactly the one in use. Its exit status is the harness's.
)"},
};

} // namespace

const char* help_text(std::string_view command) {
    for (const Help& help : helps)
        if (help.command == command)
            return help.text;
    return "";
}

} // namespace telemed_cli
