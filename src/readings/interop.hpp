// Interoperability of home-device readings: a Reading written as an HL7 FHIR R4 Observation, and
// read back from one, and read from an Open mHealth data point (omh:blood-pressure:4.x,
// omh:blood-glucose:4.x). Pure functions: no I/O, no state. Every problem names its JSON pointer;
// messages carry no reading values and no identifiers.
//
// FHIR R4 Observation as written (and as read)
// --------------------------------------------
// - status "final"; subject {"reference": "Patient/<patient_ref>"}; effectiveDateTime with the
//   offset the time was shown with (dates::format_date_time); device {"reference":
//   "Device/<device.id>"} when the device has an id. Identifiers are written exactly as given.
//   The device's model and serial belong to a Device resource and are not written.
// - Blood pressure: category vital-signs, code LOINC 85354-9 + MDC 150020
//   (urn:iso:std:iso:11073:10101), no value[x]; components systolic 8480-6 (MDC 150021),
//   diastolic 8462-4 (150022), mean arterial pressure 8478-0 (150023) when present, pulse
//   8867-4 (MDC_PULS_RATE_NON_INV 149546, UCUM "/min") when present. Pressures are written in the
//   unit read: mmHg as UCUM "mm[Hg]", kPa as UCUM "kPa" with the exact digits. The R4 vital-signs
//   profile fixes mm[Hg]: a kPa reading is a valid Observation but not profile-conformant, and
//   the writer claims no profile (no meta.profile). Converting would round (1 kPa is 7.50062…
//   mmHg), which the exact-value rule forbids; convert upstream if the receiver needs mm[Hg].
// - Glucose: category laboratory. The vital-signs profile covers only the vital signs (blood
//   pressure, heart rate…); capillary glucose by meter is a point-of-care laboratory test (LOINC
//   class CHEM), which is how US Core and most receivers file it. Code LOINC 14743-9 (mmol/L) or
//   41653-7 (mg/dL) + MDC 160184 (MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD).
// - A censored glucose (LO / HI): FHIR R4's data-absent-reason has no "below / above the
//   measuring range" code, but Quantity.comparator is the FHIR way to state a bound. With the
//   device's limit known: valueQuantity {value: limit, comparator "<" or ">"}. Without it:
//   dataAbsentReason "unknown" (the value exists but is not known; "error" would claim a fault,
//   "negative-/positive-infinity" a floating-point overflow). Either way interpretation carries
//   v3-ObservationInterpretation "<" (Off scale low) or ">" (Off scale high), so the direction
//   survives without a limit and a receiver that ignores comparators still sees it.
// - Not exported, because FHIR R4 core has no element for them and non-standard extensions are
//   avoided: the meal (no core element; LOINC's timing-specific glucose codes would change the
//   code receivers search by, and an extension URL would be ours alone), the setting, flags,
//   control_solution (a control-solution test is not patient data: callers must not export it),
//   signed_by_device, and whether the time was read in the patient's zone (the offset is written).
//
// Reading FHIR
// ------------
// Exactly the shapes above, strictly: resourceType "Observation"; status final, amended or
// corrected (others, e.g. preliminary or entered-in-error, are invalid_value); the observation
// code must hold a LOINC or MDC coding listed above (other codings, e.g. SNOMED translations, are
// ignored; a LOINC/MDC code not listed is invalid_value naming the accepted codes; two
// recognised codings that disagree are conflicting_fields). effectiveDateTime or effectiveInstant
// (a time without an offset is read in the patient's zone; effectivePeriod / effectiveTiming is
// time_interval_not_supported). Quantities need system http://unitsofmeasure.org and a UCUM code
// from the list (else unknown_unit naming the accepted codes); "unit" is display text and is not
// checked. A component missing is missing_component (arg item: its LOINC code) at /component.
// Fields a FHIR Observation legitimately carries and that do not change the reading are accepted
// and ignored: id, meta, text, language, contained, extension, identifier, basedOn, partOf,
// focus, encounter, issued, performer, note, bodySite, method, specimen, referenceRange,
// hasMember, derivedFrom, category (must be an array), interpretation (blood pressure; for
// glucose it is read). Anything else — notably modifierExtension and implicitRules, which FHIR
// says a reader that does not understand them must not ignore — is unknown_field.
//
// Reading Open mHealth
// --------------------
// A data point {"header": {...}, "body": {...}} or a bare body. With a header, schema_id must be
// {namespace "omh", name "blood-pressure" | "blood-glucose", version "4.x"}; a bare body is a
// glucose when it has blood_glucose, else a blood pressure. Header fields of header-1.x (id,
// creation_date_time, acquisition_provenance, user_id) and of IEEE 1752.1 (uuid,
// source_creation_date_time, modality) are accepted and ignored: the patient and the device come
// from the caller (OpenMhealthSource), never from user_id (another system's account name, which
// may be personal data) or acquisition_provenance.source_name (an app's name, not a device).
// Body: effective_time_frame.date_time (a time_interval is time_interval_not_supported: the
// reading would have to invent an instant); descriptive_statistic is not_a_single_measurement.
// Blood pressure: systolic_blood_pressure and diastolic_blood_pressure {value, unit "mmHg"};
// body_posture, position_during_measurement (3.x name), measurement_location and
// temporal_relationship_to_physical_activity are checked against their value sets and ignored.
// Glucose: blood_glucose {value, unit "mg/dL" | "mmol/L"} (other spellings such as "MGDL" are
// unknown_unit naming the accepted ones); specimen_source must be "capillary blood" (the meter
// codes exported to FHIR say capillary); temporal_relationship_to_meal maps to Meal:
//   fasting → fasting; not fasting → casual; before meal / breakfast / lunch / dinner →
//   preprandial; after meal / breakfast / lunch / dinner, 2 hours postprandial, with meal,
//   with food → postprandial;
// temporal_relationship_to_sleep "before sleeping" → bedtime when no meal relationship is given
// ("on waking" and "during sleep" give no meal).
#pragma once

#include <optional>
#include <string>

#include "readings/read.hpp"
#include "readings/reading.hpp"
#include "json/strict.hpp"
#include "json/writer.hpp"

namespace telemed::readings {

/// Writes one FHIR R4 Observation object for a reading (see above). `reading` holds the value its
/// kind needs (blood_pressure or glucose).
void write_fhir_observation(json::Writer& out, const Reading& reading);

/// Reads a FHIR R4 Observation as written by write_fhir_observation(). `observation` reads the
/// Observation object; every field is read and finish() is called. The reading comes back when
/// no error was found in the object (warnings, e.g. ambiguous_local_time, allowed). The patient
/// reference is read from subject, the device id from device; setting is home, flags are 0.
std::optional<Reading> read_fhir_observation(json::ObjectReader& observation,
                                             const ReadContext& context, json::Problems& problems);

/// What an Open mHealth data point does not say: whose reading it is and from which device.
struct OpenMhealthSource {
    std::string patient_ref;
    Device device;
};

/// Reads an Open mHealth data point (header + body) or a bare body of omh:blood-pressure:4.x or
/// omh:blood-glucose:4.x. `data_point` reads that object; every field is read and finish() is
/// called. The reading comes back when no error was found.
std::optional<Reading> read_open_mhealth(json::ObjectReader& data_point,
                                         const OpenMhealthSource& source,
                                         const ReadContext& context, json::Problems& problems);

} // namespace telemed::readings
