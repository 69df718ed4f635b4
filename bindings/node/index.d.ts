// TypeScript declarations of the telemed Node binding (index.js). The document shapes follow
// docs/*.md of the library; rarely used parts are left open with index signatures. Integers in
// outputs are JavaScript numbers: beyond 2^53 they lose precision (README, "Numbers").

/// <reference types="node" />

// ---------------------------------------------------------------------------------------------
// Common parts of every answer
// ---------------------------------------------------------------------------------------------

/** A text in both languages of the library. */
export interface LocalizedText {
  en: string;
  ru: string;
}

/** A rule set an answer applied. */
export interface RuleSetRef {
  /** e.g. "ru.identity" */
  id: string;
  /** semantic version, e.g. "1.0.0" */
  version: string;
}

/** One problem of a report (docs/c-api.md). */
export interface Problem {
  /** stable problem code, e.g. "unknown_field", "invalid_check_digit" */
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** RFC 6901 pointer of the offending field; "" for the whole document */
  pointer: string;
  /** id of the rule concerned; "" when the problem is structural */
  rule: string;
  /** messages for people, free of personal data */
  message: LocalizedText;
  [more: string]: unknown;
}

/** What every operation's output carries. */
export interface Answer {
  /** the rule sets that supplied a rule the operation applied, in order of first use */
  rule_sets: RuleSetRef[];
  /** the rule ids applied, in order */
  trace: string[];
}

/** A validation report: TM_E_VALIDATION carries it as TelemedError.report. */
export interface Report extends Answer {
  valid?: boolean;
  /** every problem found, at most 100 and then "too_many_problems" */
  problems: Problem[];
  [more: string]: unknown;
}

/** A JSON document: an object (serialised with JSON.stringify), JSON text, or bytes sent as they are. */
export type Document<T = Record<string, unknown>> = T | string | Buffer | Uint8Array;

/** A calendar date "YYYY-MM-DD". */
export type DateString = string;
/** An RFC 3339 instant with an offset, e.g. "2026-03-10T08:00:00+07:00". */
export type InstantString = string;

// ---------------------------------------------------------------------------------------------
// Configuration (docs/rules.md)
// ---------------------------------------------------------------------------------------------

/** A source of a rule. */
export interface RuleSource {
  document: string;
  point: string;
  confidence: Confidence;
}

export type Confidence = 'CONFIRMED' | 'SECONDARY' | 'UNCONFIRMED';

/** A rule set as its file gives it (docs/rules.md, "File format"). */
export interface RuleSetDefinition {
  id: string;
  version: string;
  domain: string;
  jurisdiction: string;
  status: 'in_force' | 'historical' | 'draft';
  effective_from: DateString;
  effective_to?: DateString | null;
  title: LocalizedText;
  rules: Array<{
    id: string;
    title: LocalizedText;
    confidence: Confidence;
    enabled_by_default: boolean;
    switchable?: boolean;
    sources: RuleSource[];
    params?: Record<string, unknown>;
  }>;
}

/** The configuration document of a context. */
export interface ContextConfig {
  /** rule sets to add, or to replace the built-in set of the same id */
  rule_sets?: RuleSetDefinition[];
  /** switchable rules turned on or off: {"sick_leave.open.remote": true} */
  switches?: Record<string, boolean>;
  /** draft rule sets to apply */
  drafts?: string[];
  /** home devices' Ed25519 keys and the policy for unsigned readings */
  devices?: {
    keys?: Array<{ device_id: string; public_key: string; algorithm?: 'Ed25519' }>;
    unsigned_readings?: 'accept' | 'flag' | 'reject';
  };
  /** keys trusted to sign consultation protocols */
  signers?: {
    keys?: Array<{
      key_id: string;
      algorithm?: SignatureAlgorithm;
      /** base64 of the 32-byte Ed25519 public key (Ed25519 only) */
      public_key?: string;
      /** certificate reference (required for ГОСТ) */
      certificate?: string;
      subject?: string;
    }>;
  };
}

/** Options of new Context(). */
export interface ContextOptions {
  /** "RU" (federal rules, then timeZone is required) or an ISO 3166-2 region such as "RU-NVS". Default "RU". */
  jurisdiction?: string;
  /** IANA zone of the medical organisation; default: the zone the regions rule set gives the region. */
  timeZone?: string | null;
  /** configuration document (docs/rules.md) */
  config?: Document<ContextConfig> | null;
  /** fixes the context's clock ("now"): a Date or milliseconds since 1970-01-01T00:00:00Z */
  now?: Date | number | null;
}

// ---------------------------------------------------------------------------------------------
// Context and rules
// ---------------------------------------------------------------------------------------------

/** context.describe: the context's settings and every rule set it holds. */
export interface ContextDescription extends Answer {
  jurisdiction: string;
  time_zone: string;
  /** today by the context's clock, in its zone */
  today: DateString;
  rule_sets: Array<RuleSetRef & {
    domain: string;
    jurisdiction: string;
    status: string;
    effective_from: DateString;
    effective_to: DateString | null;
    built_in: boolean;
    applies_today: boolean;
    rules: Array<{ id: string; title: LocalizedText; confidence: Confidence; switchable: boolean; enabled: boolean; sources: RuleSource[] }>;
  }>;
  devices: { keys: string[]; unsigned_readings: 'accept' | 'flag' | 'reject' };
  signers: { keys: string[] };
}

/** rule.explain input. */
export interface RuleExplainRequest {
  /** a rule id, e.g. "identity.snils.checksum" */
  rule: string;
}

/** rule.explain output. */
export interface RuleExplanation extends Answer {
  rule: {
    id: string;
    title: LocalizedText;
    confidence: Confidence;
    switchable: boolean;
    enabled_by_default: boolean;
    enabled: boolean;
    applies_today: boolean;
    sources: RuleSource[];
    params: Record<string, unknown>;
  };
  held_by: Array<RuleSetRef & { jurisdiction: string; status: string; applies_today: boolean }>;
}

/** One indication (показание) for remote consultations. */
export interface Indication {
  /** e.g. "repeat_after_studies" */
  id: string;
  /** its number in the regional order, 1–6 in RU-NVS */
  number: number;
  name: LocalizedText;
  /** the actions the doctor may take remotely under it */
  permits: string[];
}

/** indication.list output. */
export interface IndicationList extends Answer {
  indications: Indication[];
}

// ---------------------------------------------------------------------------------------------
// Identity (docs/identity.md)
// ---------------------------------------------------------------------------------------------

/** identifier.validate input. */
export interface IdentifierRequest {
  type: 'snils' | 'enp';
  /** "112-233-445 95" or 11 digits (СНИЛС); 16 digits (ЕНП) */
  value: string;
}

/** identifier.validate output: an invalid identifier is a result, not an error. */
export interface IdentifierValidation extends Answer {
  valid: boolean;
  type: 'snils' | 'enp';
  /** digits only (when the format is right) */
  normalized?: string;
  /** e.g. "11*-***-*** 95" (when the format is right) */
  masked?: string;
  problems: Problem[];
}

/** A person's name. */
export interface PersonName {
  family: string;
  given: string;
  patronymic?: string;
}

/** The patient document. */
export interface Patient {
  /** the MIS's own record id */
  id?: string;
  /** ЕНП, the unified policy number (16 digits) */
  enp?: string;
  /** СНИЛС, the insurance account number */
  snils?: string;
  name: PersonName;
  birth_date: DateString;
  sex: 'male' | 'female';
  contacts?: Array<{ kind: 'phone' | 'email' | 'max'; value: string }>;
  /** ISO 3166-2, e.g. "RU-NVS" */
  home_region?: string;
  /** IANA zone of the patient's home */
  time_zone?: string;
  /** declared legally incapacitated by a court */
  incapacitated?: boolean;
  legal_representative?: {
    name: PersonName;
    relationship: 'parent' | 'adoptive_parent' | 'guardian' | 'trustee' | 'organisation';
    snils?: string;
  };
  proxies?: Array<{ name: PersonName; role: 'social_worker' | 'care_assistant' | 'relative'; permissions: Array<'book' | 'receive_notifications'> }>;
  consents?: Consent[];
  conditions?: Array<{ icd10: string; established: 'in_person' | 'remote'; date?: DateString }>;
  dispensary_observation?: Array<{ icd10: string; from: DateString; to?: DateString }>;
  visits?: Array<{ date: DateString; kind: 'in_person' | 'telemedicine'; organisation?: string }>;
}

/** A consent on record. */
export interface Consent {
  id?: string;
  type: 'informed_voluntary' | 'telemedicine' | 'personal_data';
  scope?: string;
  date: DateString;
  given_by: 'patient' | 'legal_representative';
}

/** patient.validate output (valid; warnings allowed). */
export interface PatientReport extends Answer {
  valid: boolean;
  problems: Problem[];
}

/** patient.normalize output. */
export interface PatientNormalized extends PatientReport {
  /** names in NFC, ЕНП as 16 digits, СНИЛС as "XXX-XXX-XXX YY" */
  patient: Patient;
  /** the case- and ё/е-insensitive matching key of the full name */
  name_key: string;
}

/** What a booking bot's user claims: one identifier plus the date of birth. */
export interface IdentifyClaim {
  snils?: string;
  enp?: string;
  birth_date: DateString;
}

/** patient.identify input. */
export interface IdentifyRequest {
  patient: Patient;
  claim: IdentifyClaim;
}

/** patient.identify output; a mismatch never says which part differed. */
export interface Identification extends Answer {
  result: 'match' | 'mismatch' | 'invalid_identifier';
  method: string;
}

/** patient.age input: on a date, at an instant in a zone, or today. */
export interface AgeRequest {
  birth_date: DateString;
  on?: DateString;
  at?: InstantString;
  time_zone?: string;
}

/** patient.age output. */
export interface Age extends Answer {
  /** completed years */
  years: number;
  /** the calendar date used */
  on: DateString;
  /** the zone the date was taken in, whenever "on" was not given */
  time_zone?: string;
}

/** identifier.pseudonym input. */
export interface PseudonymRequest {
  /** 1 to 1000 identifiers */
  identifiers: IdentifierRequest[];
}

/** identifier.pseudonym output. */
export interface Pseudonyms extends Answer {
  /** "blake2b-256-keyed/v1" */
  scheme: string;
  results: Array<{
    index: number;
    type: 'snils' | 'enp';
    valid: boolean;
    /** hex keyed BLAKE2b-256 of the normalised identifier (valid ones only) */
    pseudonym?: string;
    masked?: string;
    problems?: Problem[];
  }>;
}

// ---------------------------------------------------------------------------------------------
// Eligibility (docs/eligibility.md)
// ---------------------------------------------------------------------------------------------

export type PlannedAction =
  | 'interpret_results' | 'correct_treatment' | 'prescribe_new_treatment' | 'close_sick_leave'
  | 'extend_sick_leave' | 'issue_subsidised_prescription' | 'issue_referrals' | 'answer_questions'
  | 'decide_in_person_visit' | 'recommend_hospitalisation';

/** An alert from home devices, exactly readings.summary's facts.alerts. */
export interface FactAlert {
  date: DateString;
  severity: 'urgent' | 'routine';
}

/** Recent facts of an eligibility request; a fact a rule needs but absent is named in missing_facts. */
export interface EligibilityFacts {
  /** ICD-10 code of the disease this consultation is about */
  condition?: string;
  referrals?: Array<{ prescribed_at: 'in_person' | 'remote'; results_available: boolean; date?: DateString }>;
  open_sick_leave?: { opened_mode: 'in_person' | 'telemedicine'; opened_date?: DateString };
  /** [] means no treatment; absent means unknown */
  therapy?: Array<{ kind: 'drug' | 'specialised'; prescribed_at: 'in_person' | 'remote'; icd10?: string; date?: DateString }>;
  last_assessment?: { date: DateString; course: 'stable' | 'unstable' };
  alerts?: FactAlert[];
  hospitalisations?: Array<{ from: DateString; to?: DateString }>;
  diagnosis_changed?: DateString;
  acute_complaints?: boolean;
}

/** eligibility.evaluate input: may this doctor consult this patient remotely? */
export interface EligibilityRequest {
  patient: Patient;
  organisation: { telemedicine_cabinet: boolean; id?: string };
  slot: { start: InstantString; telemedicine: boolean };
  doctor: { role: 'treating_doctor' | 'same_organisation_doctor' | 'specialist_consultant' | 'feldsher'; experience_years: number; id?: string };
  /** one of the six RU-NVS indications */
  indication?: 'repeat_after_studies' | 'incapacity_review' | 'chronic_stable' | 'dispensary_stable' | 'therapy_control' | 'treatment_questions';
  format: 'doctor_patient' | 'doctor_doctor' | 'doctor_doctor_patient';
  mode: 'real_time_video' | 'real_time_chat' | 'deferred';
  channel?: 'max' | 'other';
  present: Array<'patient' | 'legal_representative' | 'proxy'>;
  identification: 'esia' | 'snils_birth_date' | 'enp_birth_date' | 'none';
  planned_actions: PlannedAction[];
  facts?: EligibilityFacts;
}

/** A reason of a decision. */
export interface DecisionReason {
  code: string;
  /** the rule that gave it; "" for facts_missing */
  rule: string;
  message: LocalizedText;
}

/** eligibility.evaluate output. */
export interface EligibilityDecision extends Answer {
  verdict: 'allowed' | 'allowed_with_restrictions' | 'in_person_required' | 'not_allowed';
  /** the slot's calendar date in the organisation's zone */
  visit_date: DateString;
  permitted_actions: PlannedAction[];
  refused_actions: Array<{ action: PlannedAction; reasons: DecisionReason[] }>;
  reasons: DecisionReason[];
  /** e.g. consent_telemedicine, electronic_protocol, protocol_to_gosuslugi, sick_leave_record_sfr */
  required_documents: string[];
  /** pointers of the facts the request lacks (non-empty ⇒ not_allowed) */
  missing_facts: string[];
  /** the patient document's warnings */
  problems: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Sick leave (docs/sick-leave.md)
// ---------------------------------------------------------------------------------------------

/** A clinician; names are not kept. */
export interface Clinician {
  id: string;
  role: 'doctor' | 'feldsher' | 'dentist';
}

/** A period of release from work; both ends included. */
export interface SickLeavePeriod {
  from: DateString;
  to: DateString;
  doctor: Clinician;
  /** the medical commission's chair (ВК), beyond a clinician's limit */
  commission_chair?: Clinician;
}

/** The electronic sick-leave certificate (ЭЛН); every date is a date in the organisation's zone. */
export interface SickLeaveCertificate {
  /** 12 digits */
  number: string;
  /** absent in sick_leave.open */
  status?: 'open' | 'closed' | 'continued' | 'annulled' | 'duplicate';
  reason: 'own_illness' | 'injury' | 'quarantine' | 'family_care' | 'pregnancy';
  circumstances?: Array<'tuberculosis' | 'socially_significant_disease' | 'dialysis'>;
  organisation: { id: string; time_zone: string };
  opened: { date: DateString; mode: 'in_person' | 'telemedicine' };
  case_started?: DateString;
  treating_doctor: Clinician;
  /** 1 to 3 contiguous periods */
  periods: SickLeavePeriod[];
  next_appearance?: DateString;
  /** regime violations, codes 23–28 */
  violations?: Array<{ code: string; date: DateString }>;
  hospital?: { from: DateString; to?: DateString };
  /** the «иное» code 31–37 */
  outcome?: string;
  /** the day after the last period ends */
  return_to_work?: DateString;
  continuation_number?: string;
  state_change_date?: DateString;
  closed?: { date: DateString; mode: 'in_person' | 'telemedicine' };
  annulled?: { date: DateString };
  duplicate_number?: string;
}

/** How a remote closure's consultation was held. */
export interface ClosureConsultation {
  indication: string;
  recovery_confirmed: boolean;
  consent_recorded: boolean;
  mode?: 'real_time_video' | 'real_time_chat' | 'deferred';
  channel?: 'max' | 'other';
}

/** sick_leave.close's closure. */
export interface SickLeaveClosure {
  date: DateString;
  mode: 'in_person' | 'telemedicine';
  doctor: Clinician;
  outcome?: string;
  continuation_number?: string;
  state_change_date?: DateString;
  consultation?: ClosureConsultation;
}

/** sick_leave.open input. */
export interface SickLeaveOpenRequest { certificate: SickLeaveCertificate }
/** sick_leave.extend input. */
export interface SickLeaveExtendRequest {
  certificate: SickLeaveCertificate;
  period: SickLeavePeriod;
  mode: 'in_person' | 'telemedicine';
  next_appearance?: DateString;
  recent_certificates?: DateString[];
}
/** sick_leave.record_visit input. */
export interface SickLeaveVisitRequest { certificate: SickLeaveCertificate; visit: { date: DateString; next_appearance?: DateString } }
/** sick_leave.close input. */
export interface SickLeaveCloseRequest { certificate: SickLeaveCertificate; closure: SickLeaveClosure }
/** A medical-commission decision (annul, duplicate). */
export interface CommissionDecision { date: DateString; commission_chair: Clinician }
/** sick_leave.annul input. */
export interface SickLeaveAnnulRequest { certificate: SickLeaveCertificate; decision: CommissionDecision }
/** sick_leave.duplicate input. */
export interface SickLeaveDuplicateRequest { certificate: SickLeaveCertificate; decision: CommissionDecision; new_number: string }
/** sick_leave.record input. */
export interface SickLeaveRecordRequest { certificate: SickLeaveCertificate; unmask_number?: boolean }

/** The new state of a certificate. */
export interface SickLeaveState extends Answer {
  certificate: SickLeaveCertificate;
  /** warnings */
  problems: Problem[];
  /** record_visit: the visit was after the appointed day */
  late?: boolean;
  /** duplicate: the new certificate */
  duplicate?: SickLeaveCertificate;
}

/** sick_leave.record output: the Social Fund (СФР) record and the patient's message. */
export interface SickLeaveRecord extends Answer {
  record: {
    LN_CODE: string;
    TREAT_PERIODS: Array<{ TREAT_DT1: DateString; TREAT_DT2: DateString; [field: string]: unknown }>;
    RETURN_DATE_LPU?: DateString;
    [field: string]: unknown;
  };
  /** the number masked ("91********01") unless unmask_number */
  message: LocalizedText;
}

// ---------------------------------------------------------------------------------------------
// Readings (docs/readings.md)
// ---------------------------------------------------------------------------------------------

/** A device flag (bit i of tm_reading.flags). */
export type DeviceFlag =
  | 'body_movement' | 'cuff_too_loose' | 'irregular_pulse' | 'pulse_above_range' | 'pulse_below_range'
  | 'improper_position' | 'battery_low' | 'sensor_malfunction' | 'sample_size_insufficient'
  | 'strip_insertion_error' | 'strip_type_incorrect' | 'result_above_device_range' | 'result_below_device_range'
  | 'temperature_too_high' | 'temperature_too_low' | 'read_interrupted' | 'general_device_fault' | 'time_fault';

export type Meal = 'preprandial' | 'postprandial' | 'fasting' | 'casual' | 'bedtime';

/** A blood-pressure measurement; numbers are read exactly as written. */
export interface BloodPressure {
  systolic: number;
  diastolic: number;
  mean?: number;
  pulse?: number;
  unit: 'mmHg' | 'kPa';
}

/** A glucose measurement; "LO"/"HI" are the meter's bounds, not numbers. */
export interface Glucose {
  value: number | 'LO' | 'HI';
  device_limit?: number;
  unit: 'mmol/L' | 'mg/dL';
  meal?: Meal;
  control_solution?: boolean;
}

/** The telemed reading. */
export interface Reading {
  /** opaque MIS id, never interpreted */
  patient_ref: string;
  device: { id: string; model?: string; serial?: string };
  kind: 'blood_pressure' | 'glucose';
  /** RFC 3339 with an offset, or a local time read in the patient's zone */
  measured_at: string;
  setting?: 'home' | 'office' | 'ambulatory';
  blood_pressure?: BloodPressure;
  glucose?: Glucose;
  flags?: DeviceFlag[];
  /** set in normalised readings: arrived in a verified envelope */
  signed?: boolean;
}

/**
 * Any reading shape the library reads: the telemed reading, a FHIR R4 Observation
 * ({"resourceType": "Observation", ...}), an Open mHealth wrapper, a Bluetooth LE wrapper
 * ({"patient_ref", "device", "ble": {"characteristic", "value", "context"?}}) or a signed envelope.
 */
export type AnyReading =
  | Reading
  | { resourceType: 'Observation'; [member: string]: unknown }
  | { patient_ref: string; device: { id: string }; open_mhealth: Record<string, unknown> }
  | { patient_ref: string; device: { id: string }; ble: { characteristic: string; value: string; context?: string } }
  | { envelope: { device_id: string; algorithm?: 'Ed25519'; payload: string; signature: string } };

/** What the rules need of the patient, nothing personal. */
export interface ReadingPatient {
  /** IANA zone; default the context's */
  zone?: string;
  age_years?: number;
  pregnant?: boolean;
  targets?: {
    blood_pressure?: { unit: 'mmHg'; systolic_below: number; diastolic_below: number };
    glucose?:
      | { unit: 'mmol/L' | 'mg/dL'; fasting_min?: number; fasting_below?: number; postprandial_below?: number }
      | { hba1c_target: 6.5 | 7.0 | 7.5 | 8.0 | 8.5 };
  };
}

/** reading.validate and reading.to_fhir input. */
export interface ReadingRequest {
  reading: AnyReading;
  patient?: ReadingPatient;
}

/** readings.validate_batch input. */
export interface ReadingsBatchRequest {
  readings: AnyReading[];
  patient?: ReadingPatient;
}

/** An alert of a reading or a summary. */
export interface ReadingAlert {
  code: string;
  severity: 'info' | 'warning' | 'urgent';
  rule: string;
  message_doctor: LocalizedText;
  message_patient: LocalizedText;
  action: LocalizedText;
}

/** How a plausible value is classified. */
export interface Classification {
  local_date?: DateString;
  /** ESH 2023 office category (blood pressure) */
  category?: 'optimal' | 'normal' | 'high_normal' | 'grade_1' | 'grade_2' | 'grade_3';
  systolic_mmhg?: number;
  above_home_threshold?: boolean;
  above_target?: boolean;
  /** glucose band */
  band?: 'hypoglycaemia_level_2' | 'hypoglycaemia_level_1' | 'below_target' | 'in_target' | 'above_target' | 'no_target' | 'below_device_range' | 'above_device_range';
  [more: string]: unknown;
}

/** reading.validate output (accepted); a rejected reading throws ValidationError with {accepted: false, problems}. */
export interface ReadingResult extends Answer {
  accepted: boolean;
  /** the normalised telemed reading */
  reading?: Reading;
  classification?: Classification;
  alerts?: ReadingAlert[];
  /** warnings when accepted; every reason when rejected */
  problems: Problem[];
}

/** One result of a batch or a stream. */
export interface IndexedReadingResult extends ReadingResult {
  index: number;
}

/** readings.validate_batch output: one result per element, in order. */
export interface ReadingsBatchResult extends Answer {
  results: IndexedReadingResult[];
  accepted: number;
  rejected: number;
}

/** A FHIR R4 Observation as reading.to_fhir writes it. */
export interface FhirObservation {
  resourceType: 'Observation';
  status: 'final' | 'amended' | 'corrected';
  category: Array<{ coding: FhirCoding[] }>;
  code: { coding: FhirCoding[] };
  subject: { reference: string };
  effectiveDateTime: string;
  device?: { reference: string };
  valueQuantity?: FhirQuantity;
  dataAbsentReason?: { coding: FhirCoding[] };
  interpretation?: Array<{ coding: FhirCoding[] }>;
  component?: Array<{ code: { coding: FhirCoding[] }; valueQuantity?: FhirQuantity }>;
  [member: string]: unknown;
}

export interface FhirCoding {
  system: string;
  code: string;
  display?: string;
}

export interface FhirQuantity {
  value?: number;
  comparator?: '<' | '>' | '<=' | '>=';
  unit?: string;
  system?: string;
  code?: string;
}

/** reading.to_fhir output. */
export interface FhirExport extends Answer {
  observation: FhirObservation;
  problems: Problem[];
}

/** readings.summary input. */
export interface ReadingsSummaryRequest {
  /** calendar days in the patient's zone, inclusive, at most 366 */
  window: { from: DateString; to: DateString };
  readings: AnyReading[];
  patient?: ReadingPatient;
}

/** readings.summary output: a patient's window. */
export interface ReadingsSummary extends Answer {
  window: { from: DateString; to: DateString };
  readings: { total: number; accepted: number; rejected: number; outside_window: number; in_window: number };
  rejected: Array<{ index: number; codes: string[] }>;
  blood_pressure: {
    home_protocol: {
      first_day: DateString;
      dropped_day: DateString;
      last_day: DateString;
      days: number;
      days_with_both_sessions: number;
      complete: boolean;
      readings: number;
      systolic_mean: number;
      diastolic_mean: number;
      above_home_threshold: boolean;
      above_target: boolean;
    } | null;
  };
  glucose: {
    time_in_range: { readings: number; very_low: number; low: number; in_range: number; high: number; percent_in_range: number } | null;
  };
  gaps: Array<{ from: InstantString; to: InstantString; hours: number }>;
  alerts: Array<{ date: DateString; index?: number; alert: ReadingAlert }>;
  /** exactly eligibility.evaluate's facts.alerts: pass it on unchanged */
  facts: { alerts: FactAlert[] };
  stable_course: { evidence: Record<string, unknown>; assessed: boolean; stable?: boolean; reasons?: string[] };
  problems: Problem[];
}

/** reading.decode_ble input (hex text). */
export interface BleDecodeRequest {
  /** "2A35", "2A18" or "2A34" */
  characteristic: string;
  /** hex, spaces allowed: "00 7800 5000 5D00" */
  value: string;
}

/** An SFLOAT value: a number, or a special value. */
export type SFloat = { value: number } | { special: 'nan' | 'nres' | 'plus_infinity' | 'minus_infinity' | 'reserved' };

/** reading.decode_ble / decodeBleBytes output: every field of the characteristic. */
export interface BleDecoded extends Answer {
  characteristic: string;
  flags: number;
  unit?: string;
  systolic?: SFloat;
  diastolic?: SFloat;
  mean_arterial_pressure?: SFloat;
  time_stamp?: { year: number; month: number; day: number; hours: number; minutes: number; seconds: number };
  pulse_rate?: SFloat;
  user_id?: number;
  status?: number;
  status_flags?: string[];
  [field: string]: unknown;
}

/** Options of a reading stream. */
export interface ReadingStreamOptions {
  patient?: ReadingPatient;
  /** 1…1048576, default 65536 */
  max_line_bytes?: number;
  /** readings remembered for duplicates, 1…65536, default 4096 */
  duplicate_window?: number;
}

/** A reading of the typed batch (readingsCheck): numbers, no document. */
export interface TypedReading {
  kind: 'blood_pressure' | 'glucose' | number;
  unit: 'mmHg' | 'kPa' | 'mg/dL' | 'mmol/L' | number;
  /** the instant */
  measuredAt: Date | number;
  systolic?: number;
  diastolic?: number;
  /** absent: NaN */
  mean?: number;
  /** absent: NaN */
  pulse?: number;
  glucose?: number;
  /** "measured" (default), or the meter's "LO" / "HI" */
  value?: 'measured' | 'LO' | 'HI' | number;
  meal?: 'none' | Meal | number;
  /** flag names, or the TM_FLAG_* bits */
  flags?: DeviceFlag[] | number;
  /** NULL or "" when unknown */
  deviceId?: string | null;
}

/** What became of one TypedReading. */
export interface TypedResult {
  index: number;
  /** status TM_OK */
  accepted: boolean;
  /** TM_OK (0) or TM_E_VALIDATION (6) */
  status: number;
  statusName: string;
  category: Classification['category'] | null;
  band: Classification['band'] | null;
  /** the highest alert */
  severity: 'info' | 'warning' | 'urgent' | null;
  /** alert codes, as reading.validate names them */
  alerts: string[];
  /** TM_REASON_* names: invalid_reading, implausible_value, pressure_order, duplicate, ... */
  reasons: string[];
  /** the raw fields of tm_reading_result */
  bits: { category: number; band: number; severity: number; alerts: number; reasons: number };
}

// ---------------------------------------------------------------------------------------------
// Consultations, protocol, signatures, audit (docs/consultation.md)
// ---------------------------------------------------------------------------------------------

export type ConsultationStatus =
  | 'requested' | 'scheduled' | 'identity_verified' | 'consent_confirmed' | 'in_progress' | 'interrupted'
  | 'completed' | 'protocol_signed' | 'delivered' | 'cancelled' | 'no_show';

export type ConsultationEventType =
  | 'request' | 'schedule' | 'verify_identity' | 'confirm_consent' | 'start' | 'connection_lost' | 'resume'
  | 'complete' | 'sign_protocol' | 'deliver' | 'cancel' | 'no_show';

/** A lifecycle event: {"id", "type", "at", ...its members} (docs/consultation.md, the event table). */
export interface ConsultationEvent {
  /** 1–128 characters; a retry reuses it */
  id: string;
  type: ConsultationEventType;
  at: InstantString;
  /** request: the consultation asked for */
  consultation?: Record<string, unknown>;
  /** schedule */
  cabinet?: { id: string; name?: string };
  slot?: { id: string; start: InstantString; end?: InstantString; telemedicine: boolean };
  /** verify_identity */
  method?: 'esia' | 'snils_birth_date' | 'enp_birth_date';
  claim?: IdentifyClaim;
  /** confirm_consent */
  consent?: Consent;
  /** complete */
  notes?: { complaints?: string; anamnesis?: string; findings?: string };
  outcomes?: Array<{ kind: string; [member: string]: unknown }>;
  next_steps?: string;
  sick_leave_closure?: { recovery_confirmed: boolean; outcome?: string; continuation_number?: string; state_change_date?: DateString };
  /** sign_protocol: what signProtocol returned under "signature" */
  signature?: ProtocolSignature;
  /** deliver */
  deliveries?: Array<{ channel: 'gosuslugi' | 'sfr' | 'mis'; reference: string }>;
  /** cancel */
  by?: 'patient' | 'doctor';
  reason?: 'patient_request' | 'doctor_unavailable' | 'connection_failed' | 'other';
  [member: string]: unknown;
}

/** One entry of a consultation's hash-chained audit log. */
export interface AuditEntry {
  seq: number;
  /** the previous entry's hash (64 zeros for the first) */
  prev: string;
  event_id: string;
  type: ConsultationEventType;
  at: InstantString;
  status: ConsultationStatus;
  event_hash: string;
  state_hash: string;
  /** SHA-256 of the RFC 8785 bytes of the entry without "hash" */
  hash: string;
}

/** The snapshot the embedder stores and passes back unchanged. */
export interface ConsultationState {
  /** "telemed.consultation/1" */
  format: string;
  status: ConsultationStatus;
  audit: AuditEntry[];
  certificate?: SickLeaveCertificate;
  [member: string]: unknown;
}

/** consultation.apply input. */
export interface ConsultationApplyRequest {
  state?: ConsultationState;
  event: ConsultationEvent;
}

/** consultation.apply output. */
export interface ConsultationApplied extends Answer {
  /** false for a retry of an event already applied */
  applied: boolean;
  status: ConsultationStatus;
  allowed_events: ConsultationEventType[];
  /** at the start: the decision computed */
  decision?: EligibilityDecision;
  /** the new snapshot to store */
  state: ConsultationState;
  problems: Problem[];
}

/** The protocol document (telemed.protocol/1). */
export interface Protocol {
  format: string;
  document_kind_system: string;
  consultation_id: string;
  organisation: { id: string; name?: string; jurisdiction: string; time_zone: string };
  cabinet: { id: string; name?: string };
  slot: { id: string; start: InstantString; end?: InstantString };
  doctor: { id: string; role: string; name?: string };
  patient: Patient;
  indication?: string;
  consultation_format: string;
  mode: string;
  channel?: string;
  identification: { method: string; verified_at: InstantString };
  consent: Consent;
  started_at: InstantString;
  completed_at: InstantString;
  interruptions: Array<{ lost_at: InstantString; resumed_at?: InstantString }>;
  complaints?: string;
  anamnesis?: string;
  findings?: string;
  eligibility: { verdict: string; visit_date: DateString; permitted_actions: string[]; rule_sets: RuleSetRef[] };
  outcomes: Array<{ kind: string; [member: string]: unknown }>;
  next_steps?: string;
  [member: string]: unknown;
}

/** protocol.build output. */
export interface ProtocolBuilt extends Answer {
  protocol: Protocol;
  /** lowercase hex SHA-256 of the protocol's RFC 8785 bytes */
  content_hash: string;
}

/** protocol.canonicalize output. */
export interface Canonical extends Answer {
  /** the RFC 8785 text (its UTF-8 bytes are what a signature covers) */
  canonical: string;
  /** lowercase hex SHA-256 of those bytes */
  sha256: string;
}

export type SignatureAlgorithm = 'Ed25519' | 'GOST R 34.10-2012-256' | 'GOST R 34.10-2012-512';

/** A detached signature of a protocol. */
export interface ProtocolSignature {
  algorithm: SignatureAlgorithm;
  key_id: string;
  certificate?: string;
  content_hash: { algorithm: 'sha-256'; value: string };
  /** base64 of the raw signature */
  value: string;
}

/** signProtocol / signProtocolExternal output. */
export interface Signed extends Answer {
  signature: ProtocolSignature;
}

/** The document signProtocol takes: a protocol as protocol.build gave it, or a completed consultation. */
export type SignDocument = { protocol: Protocol } | { state: ConsultationState };

/** protocol.verify input. */
export interface VerifyRequest {
  protocol: Protocol;
  signature: ProtocolSignature;
}

/** protocol.verify output: an invalid signature is a result. */
export interface Verification extends Answer {
  valid: boolean;
  result: 'valid' | 'content_changed' | 'signer_unknown' | 'signature_malformed' | 'signature_invalid' | 'algorithm_not_verifiable';
  pointer?: string;
  key_id: string;
  algorithm: string;
}

/** protocol.render input. */
export interface RenderRequest {
  state: ConsultationState;
  format: 'text' | 'html';
  language: 'ru' | 'en';
}

/** protocol.render output. */
export interface Rendered extends Answer {
  format: 'text' | 'html';
  language: 'ru' | 'en';
  content: string;
}

/** protocol.deliveries input. */
export interface DeliveriesRequest {
  state: ConsultationState;
  document_ref: string;
}

/** protocol.deliveries output. */
export interface Deliveries extends Answer {
  gosuslugi: { title: LocalizedText; text: LocalizedText; document: { ref: string; format: string; consultation_id: string } };
  sfr?: SickLeaveRecord['record'];
}

/** audit.verify input. */
export interface AuditVerifyRequest {
  /** at most 256 */
  entries: AuditEntry[];
  /** the head stored earlier: a cut tail shows only against it */
  head?: { hash: string; count: number };
}

/** audit.verify output. */
export interface AuditVerification extends Answer {
  valid: boolean;
  /** the entries checked */
  entries: number;
  /** the last entry's hash: store it with the count, to pass back as the head */
  head: string;
  first_bad?: { index: number; pointer: string; reason: 'malformed' | 'sequence' | 'broken_link' | 'modified' | 'head_mismatch' };
}

/** The external signer's description. */
export interface ExternalSignerInfo {
  algorithm: SignatureAlgorithm;
  /** as the context's trusted signers name the key (1–64 bytes) */
  keyId: string;
  certificate?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/** A telemed call failed; the fields copy tm_error_last() at the time of the failure. */
export class TelemedError extends Error {
  /** the tm_status value (pinned: 1 invalid argument … 12 signer) */
  readonly status: number;
  /** e.g. "TM_E_VALIDATION" */
  readonly statusName: string;
  /** stable problem code, e.g. "unknown_field" */
  readonly code: string;
  /** RFC 6901 pointer of the offending field; "" for the whole document */
  readonly pointer: string;
  /** the rule concerned; "" when structural */
  readonly ruleId: string;
  readonly messageEn: string;
  readonly messageRu: string;
  /** the parsed output when the failed call returned one (a validation report), else null */
  report: Report | null;
  constructor(status: number, statusName: string, details?: {
    code?: string; pointer?: string; ruleId?: string; messageEn?: string; messageRu?: string; report?: Report | null;
  }, options?: { cause?: unknown });
}
/** TM_E_INVALID_ARGUMENT */
export class InvalidArgumentError extends TelemedError {}
/** TM_E_STRUCT_VERSION */
export class StructVersionError extends TelemedError {}
/** TM_E_JSON_SYNTAX */
export class JsonSyntaxError extends TelemedError {}
/** TM_E_INVALID_UTF8 */
export class InvalidUtf8Error extends TelemedError {}
/** TM_E_LIMIT */
export class LimitError extends TelemedError {}
/** TM_E_VALIDATION: `report` lists every problem */
export class ValidationError extends TelemedError {}
/** TM_E_RULES */
export class RulesError extends TelemedError {}
/** TM_E_NOT_FOUND */
export class NotFoundError extends TelemedError {}
/** TM_E_TIME_ZONE */
export class TimeZoneError extends TelemedError {}
/** TM_E_NO_MEMORY */
export class OutOfMemoryError extends TelemedError {}
/** TM_E_INTERNAL */
export class InternalError extends TelemedError {}
/** TM_E_SIGNER: `cause` is what the JS signer threw */
export class SignerError extends TelemedError {}

// ---------------------------------------------------------------------------------------------
// Classes
// ---------------------------------------------------------------------------------------------

/** An NDJSON stream of readings; one result per input line. */
export class ReadingStream {
  private constructor();
  /** results of the lines the chunk completed (possibly none) */
  feed(chunk: Buffer | Uint8Array | string): IndexedReadingResult[];
  /** the result of a last line without a final newline ([] if none) */
  finish(): IndexedReadingResult[];
  /** as feed, the result lines as NDJSON text */
  feedNdjson(chunk: Buffer | Uint8Array | string): string;
  /** as finish, as NDJSON text */
  finishNdjson(): string;
  /** releases the stream; idempotent */
  close(): void;
  readonly closed: boolean;
}

/** A built-in Ed25519 signing key; the library wipes its copy of the seed on close(). */
export class SigningKey {
  /**
   * @param seed the 32-byte RFC 8032 private key
   * @param keyId 1–64 bytes of UTF-8
   * @param certificate a certificate reference recorded in signatures
   */
  constructor(seed: Uint8Array, keyId: string, certificate?: string | null);
  readonly keyId: string;
  readonly certificate: string | null;
  /** the 32-byte Ed25519 public key */
  readonly publicKey: Buffer;
  /** frees the key, wiping its secret; idempotent */
  close(): void;
  readonly closed: boolean;
}

/**
 * One tm_context: immutable rule sets, zone and clock. One method per operation of the library's
 * list; the operation name in camelCase: "sick_leave.close" → sickLeaveClose. The declarations
 * below are those of library 0.4.0; an operation added later is a method too (or use call()).
 */
export class Context {
  constructor(options?: ContextOptions);
  /** releases the context; idempotent; open streams go on */
  close(): void;
  readonly closed: boolean;
  /** any by-name operation of tm_operation_list, by its name */
  call(name: string, document?: Document<object>): Record<string, any>;
  /** context.describe */
  describe(): ContextDescription;

  /** identifier.validate */
  identifierValidate(document: Document<IdentifierRequest>): IdentifierValidation;
  /** patient.validate (throws ValidationError with the report when invalid) */
  patientValidate(document: Document<Patient>): PatientReport;
  /** patient.normalize */
  patientNormalize(document: Document<Patient>): PatientNormalized;
  /** patient.identify */
  patientIdentify(document: Document<IdentifyRequest>): Identification;
  /** patient.age */
  patientAge(document: Document<AgeRequest>): Age;
  /** context.describe */
  contextDescribe(): ContextDescription;
  /** rule.explain */
  ruleExplain(document: Document<RuleExplainRequest>): RuleExplanation;
  /** indication.list */
  indicationList(): IndicationList;
  /** eligibility.evaluate */
  eligibilityEvaluate(document: Document<EligibilityRequest>): EligibilityDecision;
  /** sick_leave.open */
  sickLeaveOpen(document: Document<SickLeaveOpenRequest>): SickLeaveState;
  /** sick_leave.extend */
  sickLeaveExtend(document: Document<SickLeaveExtendRequest>): SickLeaveState;
  /** sick_leave.record_visit */
  sickLeaveRecordVisit(document: Document<SickLeaveVisitRequest>): SickLeaveState;
  /** sick_leave.close */
  sickLeaveClose(document: Document<SickLeaveCloseRequest>): SickLeaveState;
  /** sick_leave.annul */
  sickLeaveAnnul(document: Document<SickLeaveAnnulRequest>): SickLeaveState;
  /** sick_leave.duplicate */
  sickLeaveDuplicate(document: Document<SickLeaveDuplicateRequest>): SickLeaveState;
  /** sick_leave.record */
  sickLeaveRecord(document: Document<SickLeaveRecordRequest>): SickLeaveRecord;
  /** reading.validate (a rejected reading throws ValidationError) */
  readingValidate(document: Document<ReadingRequest>): ReadingResult;
  /** reading.decode_ble (hex text) */
  readingDecodeBle(document: Document<BleDecodeRequest>): BleDecoded;
  /** readings.validate_batch */
  readingsValidateBatch(document: Document<ReadingsBatchRequest>): ReadingsBatchResult;
  /** reading.to_fhir */
  readingToFhir(document: Document<ReadingRequest>): FhirExport;
  /** readings.summary */
  readingsSummary(document: Document<ReadingsSummaryRequest>): ReadingsSummary;
  /** consultation.apply */
  consultationApply(document: Document<ConsultationApplyRequest>): ConsultationApplied;
  /** protocol.build */
  protocolBuild(document: Document<{ state: ConsultationState }>): ProtocolBuilt;
  /** protocol.canonicalize */
  protocolCanonicalize(document: Document<{ document: unknown }>): Canonical;
  /** protocol.verify */
  protocolVerify(document: Document<VerifyRequest>): Verification;
  /** protocol.render */
  protocolRender(document: Document<RenderRequest>): Rendered;
  /** protocol.deliveries */
  protocolDeliveries(document: Document<DeliveriesRequest>): Deliveries;
  /** audit.verify */
  auditVerify(document: Document<AuditVerifyRequest>): AuditVerification;

  /** readings.check: the typed batch over tm_reading structs */
  readingsCheck(readings: TypedReading[], options?: { patient?: Document<ReadingPatient> | null }): TypedResult[];
  /** reading.decode_ble_bytes: raw characteristic bytes (0x2A35, 0x2A18, 0x2A34 or "2A35") */
  decodeBleBytes(characteristic: number | string, bytes: Uint8Array): BleDecoded;
  /** readings.stream: an NDJSON stream fed in chunks */
  openReadingStream(options?: Document<ReadingStreamOptions> | null): ReadingStream;
  /** one result per line of an NDJSON source (a Readable, or any iterable of chunks) */
  streamReadings(
    source: AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array | string>,
    options?: Document<ReadingStreamOptions> | null,
  ): AsyncGenerator<IndexedReadingResult, void, undefined>;
  /** protocol.sign with a built-in key */
  signProtocol(key: SigningKey, document: Document<SignDocument>): Signed;
  /** protocol.sign_external: signFn gets the canonical bytes and returns the raw signature (1–1024 bytes) */
  signProtocolExternal(signFn: (message: Buffer) => Uint8Array, signer: ExternalSignerInfo, document: Document<SignDocument>): Signed;
  /** identifier.pseudonym: keyed BLAKE2b pseudonyms (key: 32–64 bytes) */
  pseudonyms(document: Document<PseudonymRequest> | IdentifierRequest[], key: Uint8Array | null): Pseudonyms;
}

/** One entry of tm_operation_list. */
export interface OperationInfo {
  /** the conformance name, e.g. "eligibility.evaluate" */
  name: string;
  /** the typed C function */
  function: string;
  /** "document", "none", or what a typed-only operation takes ("bytes", "structs", "stream", "signing_key", "external_signer", "key") */
  input: string;
  /** callable by name (tm_call), hence a generated method */
  by_name: boolean;
  /** the library version that added it */
  since: string;
}

/** The run-time library version, "MAJOR.MINOR.PATCH". */
export function version(): string;
/** MAJOR * 10000 + MINOR * 100 + PATCH */
export function versionNumber(): number;
/** The library's operations (a copy of tm_operation_list). */
export function operations(): OperationInfo[];
/** The method name of an operation: "sick_leave.close" → "sickLeaveClose". */
export function methodName(name: string): string;
/** The Context method that reaches an operation of the list, or null. */
export function methodFor(name: string): string | null;
/** tm_status_name */
export function statusName(status: number): string;
/** The path of the loaded library. */
export const libraryPath: string;
/** Bluetooth LE characteristics of decodeBleBytes. */
export const BLE: Readonly<{ BLOOD_PRESSURE_MEASUREMENT: number; GLUCOSE_MEASUREMENT: number; GLUCOSE_MEASUREMENT_CONTEXT: number }>;
/** TM_SIGNATURE_MAX_BYTES */
export const SIGNATURE_MAX_BYTES: number;
/** The names of the typed batch, in the header's order. */
export const typed: Readonly<{
  kinds: Record<string, number>;
  units: Record<string, number>;
  values: Record<string, number>;
  meals: Record<string, number>;
  flags: DeviceFlag[];
  categories: Array<string | null>;
  bands: Array<string | null>;
  severities: Array<string | null>;
  alerts: string[];
  reasons: string[];
}>;
