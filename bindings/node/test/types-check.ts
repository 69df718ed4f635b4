// Compiled by test/types.test.js with `tsc --noEmit --strict`, never run: checks that index.d.ts
// describes the API as a TypeScript user calls it.
import * as telemed from '..';
import {
  Context, SigningKey, ValidationError, TelemedError, SignerError,
  EligibilityRequest, EligibilityDecision, SickLeaveCertificate, TypedResult, ProtocolSignature,
} from '..';

const ctx: Context = new Context({ jurisdiction: 'RU-NVS', now: new Date('2026-03-10T12:00:00+07:00') });
const other = new Context({ jurisdiction: 'RU', timeZone: 'Europe/Moscow', now: 1_773_118_800_000, config: { switches: { 'sick_leave.open.remote': true } } });

const valid: boolean = ctx.identifierValidate({ type: 'snils', value: '112-233-445 95' }).valid;
const masked: string | undefined = ctx.identifierValidate('{"type":"enp","value":"7700123456789013"}').masked;

const request: EligibilityRequest = {
  patient: { name: { family: 'Примерова', given: 'Анна' }, birth_date: '1960-05-01', sex: 'female' },
  organisation: { telemedicine_cabinet: true },
  slot: { start: '2026-03-10T15:00:00+07:00', telemedicine: true },
  doctor: { role: 'treating_doctor', experience_years: 12 },
  indication: 'repeat_after_studies',
  format: 'doctor_patient',
  mode: 'real_time_video',
  present: ['patient'],
  identification: 'esia',
  planned_actions: ['interpret_results'],
  facts: { referrals: [{ prescribed_at: 'in_person', results_available: true }] },
};
const decision: EligibilityDecision = ctx.eligibilityEvaluate(request);
const verdict: 'allowed' | 'allowed_with_restrictions' | 'in_person_required' | 'not_allowed' = decision.verdict;

const certificate: SickLeaveCertificate = {
  number: '912345678901', reason: 'own_illness', organisation: { id: 'MO-1', time_zone: 'Europe/Moscow' },
  opened: { date: '2026-03-02', mode: 'in_person' }, treating_doctor: { id: 'DOC-1', role: 'doctor' },
  periods: [{ from: '2026-03-02', to: '2026-03-06', doctor: { id: 'DOC-1', role: 'doctor' } }],
};
const returnToWork: string | undefined = other.sickLeaveOpen({ certificate }).certificate.return_to_work;

const typed: TypedResult[] = ctx.readingsCheck([
  { kind: 'blood_pressure', unit: 'mmHg', measuredAt: new Date(), systolic: 120, diastolic: 80, deviceId: 't-1' },
  { kind: 'glucose', unit: 'mmol/L', measuredAt: Date.now(), glucose: 5.5, meal: 'fasting', flags: ['battery_low'] },
], { patient: { zone: 'Asia/Novosibirsk' } });
const severity: 'info' | 'warning' | 'urgent' | null = typed[0].severity;

const stream = ctx.openReadingStream({ max_line_bytes: 4096 });
const fed: number = stream.feed('{"a":1}\n').length + stream.finish().length;
stream.close();

async function consume(): Promise<number> {
  let n = 0;
  for await (const result of ctx.streamReadings([Buffer.from('{}\n'), '{}'], { duplicate_window: 16 })) {
    n += result.index;
  }
  return n;
}

const key = new SigningKey(new Uint8Array(32), 'doc-1-2026');
const publicKey: Buffer = key.publicKey;
function sign(state: telemed.ConsultationState): ProtocolSignature {
  const internal = ctx.signProtocol(key, { state }).signature;
  const external = ctx.signProtocolExternal((message: Buffer) => message.subarray(0, 64),
    { algorithm: 'GOST R 34.10-2012-256', keyId: 'org-1-gost', certificate: '01d3' }, { state });
  return external.signature.value.length > 0 ? external.signature : internal;
}
key.close();

const ble = ctx.decodeBleBytes(telemed.BLE.BLOOD_PRESSURE_MEASUREMENT, Buffer.from('00780050005d00', 'hex'));
const pseudonym: string | undefined = ctx.pseudonyms([{ type: 'snils', value: '112-233-445 95' }], new Uint8Array(32)).results[0].pseudonym;
const anything: Record<string, any> = ctx.call('indication.list');
const ops: string[] = telemed.operations().filter((op) => op.by_name).map((op) => telemed.methodName(op.name));

try {
  ctx.patientValidate({ name: { family: 'A', given: 'B' }, birth_date: '2026-02-30', sex: 'female' });
} catch (error) {
  if (error instanceof ValidationError) {
    const where: string = error.pointer;
    const rule: string = error.ruleId;
    const problems = error.report?.problems.map((p) => p.code) ?? [];
    void [where, rule, problems];
  } else if (error instanceof SignerError || error instanceof TelemedError) {
    const status: number = error.status;
    void status;
  }
}

ctx.close();
other.close();
void [valid, masked, verdict, returnToWork, severity, fed, consume, publicKey, sign, ble, pseudonym, anything, ops];

// The declarations must refuse what the library refuses: each line below is an error tsc expects.
// @ts-expect-error an identifier type the library does not know
ctx.identifierValidate({ type: 'passport', value: '1' });
// @ts-expect-error indication.list takes no document
ctx.indicationList({});
// @ts-expect-error a verdict the library never gives
const wrongVerdict: EligibilityDecision['verdict'] = 'maybe';
// @ts-expect-error the seed is bytes, not text
new SigningKey('seed', 'doc-1-2026');
void wrongVerdict;
