'use strict';

// The conversation as a function: (the chat's stored record, one input) → (the new record, the
// replies). It talks to no network and keeps nothing: the bot layer loads the record before and
// stores it after, so a restart between two updates loses nothing, and the same input on the
// same record gives the same answer (what makes a redelivered update harmless).
//
// Every decision a rule makes is the library's: identifier checks (identifier.validate), the date
// of birth (patient.age), identification (patient.identify), consent by a proxy (patient.validate),
// the eligibility decision (eligibility.evaluate) and the consultation itself (consultation.apply).
// The bot only asks the questions and shows the library's Russian answers.

const crypto = require('node:crypto');
const texts = require('./texts');
const { purpose: purposeOf } = require('./purposes');
const { formatSlot, localDate, parseRussianDate, rfc3339, zonedToInstant } = require('./time');

const RECORD_FORMAT = 'telemed-max-bot/1';
const SLOT_LEAD_MINUTES = 30; // a slot is offered when it starts at least this far ahead
const SLOTS_OFFERED = 3;
const BUTTON_STAGES = ['organisation', 'role', 'method', 'purpose', 'presence', 'consent', 'slot'];
const TEXT_STAGES = ['identifier', 'birth_date'];
const ACTIVE_STATUSES = ['requested', 'scheduled', 'identity_verified', 'consent_confirmed', 'in_progress', 'interrupted',
  'completed', 'protocol_signed'];
const METHOD_TYPES = { enp_birth_date: 'enp', snils_birth_date: 'snils' };

function newRecord(chatId) {
  return {
    format: RECORD_FORMAT,
    chat_id: chatId,
    conversation: { stage: 'none' },
    consultation: null,
    history: [],
    processed: [],
    outbox: [],
  };
}

function shortHash(text) {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function button(text, payload) {
  return { text, payload };
}

// ---- the environment of one step ---------------------------------------------------------------

// Everything a step needs besides the record: the register, the organisation's library context
// (clock at `now`), the organisation's zone and calendar date.
function orgEnv(env, organisation) {
  const zone = env.library.timeZone(organisation, env.now);
  return { organisation, zone, today: localDate(env.now, zone) };
}

function withLibrary(env, organisation, fn) {
  return env.library.withContext(organisation, env.now, fn);
}

// ---- questions: rebuilt from the stored conversation, so a re-ask is the same message ---------

function question(c, env) {
  const org = c.org ? env.register.organisation(c.org) : null;
  switch (c.stage) {
    case 'organisation':
      return {
        text: texts.askOrganisation,
        buttons: env.register.organisations().map((o) => [button(o.name, `org:${o.id}`)]),
      };
    case 'role':
      return {
        text: texts.askRole,
        buttons: [[button(texts.roleButtons.patient, 'role:patient')], [button(texts.roleButtons.proxy, 'role:proxy')]],
      };
    case 'method':
      return {
        text: texts.askMethod,
        buttons: c.methods.map((m) => [button(texts.methodButtons[m], `method:${m}`)]),
      };
    case 'identifier':
      return { text: texts.askIdentifier[c.role][METHOD_TYPES[c.method]] };
    case 'birth_date':
      return { text: texts.askBirthDate[c.role] };
    case 'purpose':
      return {
        text: texts.askPurpose[c.role],
        buttons: org.purposes.map((p) => [button(texts.PURPOSE_LABELS[p], `purpose:${p}`)]),
      };
    case 'presence':
      return {
        text: texts.askPresence,
        buttons: [
          [button(texts.presenceButtons.with_patient, 'presence:with_patient')],
          [button(texts.presenceButtons.proxy_only, 'presence:proxy_only')],
        ],
      };
    case 'consent':
      return c.role === 'proxy'
        ? {
          text: texts.askConsent.proxy,
          buttons: [
            [button(texts.consentButtons.proxy.patient, 'consent:patient')],
            [button(texts.consentButtons.proxy.proxy, 'consent:proxy')],
          ],
        }
        : {
          text: texts.askConsent.patient,
          buttons: [[button(texts.consentButtons.patient.yes, 'consent:yes')], [button(texts.consentButtons.patient.no, 'consent:no')]],
        };
    case 'slot':
      return {
        text: texts.askSlot,
        buttons: c.slots.map((s) => [button(s.label, `slot:${s.id}`)]),
      };
    default:
      return null;
  }
}

// ---- the library's answers in words ---------------------------------------------------------------

function uniqueReasons(reasons) {
  const seen = new Set();
  const out = [];
  for (const reason of reasons) {
    if (!seen.has(reason.code)) {
      seen.add(reason.code);
      out.push(reason);
    }
  }
  return out;
}

// The decision in Russian: the verdict, then the library's own reasons, one a line.
function decisionText(decision) {
  const lines = [texts.VERDICTS[decision.verdict] || decision.verdict];
  let reasons = decision.reasons || [];
  if (decision.verdict === 'allowed_with_restrictions') {
    reasons = (decision.refused_actions || []).flatMap((refused) => refused.reasons || []);
  }
  for (const reason of uniqueReasons(reasons)) {
    lines.push(`— ${reason.message.ru}`);
  }
  return lines.join('\n');
}

function refusalText(refusal) {
  return `${texts.refusedByRules}\n— ${refusal.messageRu}`;
}

// ---- the documents the library reads --------------------------------------------------------------

function certificateFor(entry, goal) {
  return goal.withCertificate && entry.certificate ? entry.certificate : null;
}

// The facts of the register entry, with the open certificate as eligibility.evaluate reads it.
function factsFor(entry, goal) {
  const facts = { ...(entry.facts || {}) };
  const certificate = certificateFor(entry, goal);
  if (certificate) {
    facts.open_sick_leave = { opened_mode: certificate.opened.mode, opened_date: certificate.opened.date };
  }
  return facts;
}

function doctorOf(org) {
  const { id, role, experience_years: experienceYears } = org.doctor;
  return { id, role, experience_years: experienceYears };
}

function eligibilityRequest(c, o, entry, slotStart, consents) {
  const goal = purposeOf(c.purpose);
  const patient = { ...entry.patient, consents: [...(entry.patient.consents || []), ...consents] };
  const request = {
    patient,
    organisation: { id: o.organisation.id, telemedicine_cabinet: o.organisation.telemedicine_cabinet },
    slot: { start: rfc3339(slotStart, o.zone), telemedicine: true },
    doctor: doctorOf(o.organisation),
    indication: goal.indication,
    format: 'doctor_patient',
    mode: o.organisation.mode,
    channel: 'max',
    present: c.present,
    identification: c.method,
    planned_actions: goal.plannedActions,
  };
  const facts = factsFor(entry, goal);
  if (Object.keys(facts).length > 0) {
    request.facts = facts;
  }
  return request;
}

function consentOf(o, givenBy) {
  return { type: 'telemedicine', date: o.today, given_by: givenBy };
}

// The consultation as `request` takes it; the certificate itself rather than the fact.
function consultationDocument(c, o, entry, consultationId) {
  const goal = purposeOf(c.purpose);
  const org = o.organisation;
  const consultation = {
    id: consultationId,
    organisation: { id: org.id, name: org.name, telemedicine_cabinet: org.telemedicine_cabinet },
    doctor: { ...doctorOf(org), name: org.doctor.name },
    patient: entry.patient,
    indication: goal.indication,
    format: 'doctor_patient',
    mode: org.mode,
    channel: 'max',
    present: c.present,
    planned_actions: goal.plannedActions,
  };
  if (entry.facts && Object.keys(entry.facts).length > 0) {
    consultation.facts = entry.facts;
  }
  const certificate = certificateFor(entry, goal);
  if (certificate) {
    consultation.certificate = certificate;
  }
  return consultation;
}

// ---- the schedule ---------------------------------------------------------------------------------

// The organisation's next telemedicine slots: the demo schedule laid on today and tomorrow in the
// organisation's zone, those starting at least SLOT_LEAD_MINUTES from now.
function offeredSlots(o, now) {
  const earliest = now + SLOT_LEAD_MINUTES * 60 * 1000;
  const slots = [];
  for (const template of o.organisation.schedule) {
    const [y, m, d] = o.today.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, d + template.day)).toISOString().slice(0, 10);
    const start = zonedToInstant(date, template.time, o.zone);
    if (start.getTime() < earliest) {
      continue;
    }
    const end = new Date(start.getTime() + template.minutes * 60 * 1000);
    slots.push({
      id: `${date.replace(/-/g, '')}-${template.time.replace(':', '')}`,
      start: start.getTime(),
      end: end.getTime(),
      label: formatSlot(start, o.zone),
    });
  }
  slots.sort((a, b) => a.start - b.start);
  return slots.slice(0, SLOTS_OFFERED);
}

// ---- the steps --------------------------------------------------------------------------------------

function ask(c, env, replies, before = []) {
  replies.push(...before.map((text) => ({ text })));
  const q = question(c, env);
  if (q) {
    replies.push(q);
  }
}

function resetConversation(record) {
  record.conversation = { stage: 'none' };
}

// The end of a conversation that booked nothing: the identifier and the date of birth it held
// for the booking are dropped from the stored record.
function finish(c) {
  c.stage = 'finished';
  delete c.identifier;
  delete c.claim;
}

function activeConsultation(record) {
  return record.consultation && ACTIVE_STATUSES.includes(record.consultation.status) ? record.consultation : null;
}

function onStart(record, env, replies) {
  const booked = activeConsultation(record);
  if (booked) {
    replies.push({ text: texts.alreadyBooked(booked.slot_label) });
    return;
  }
  if (record.consultation) {
    record.history.push({ id: record.consultation.id, status: record.consultation.status });
    record.consultation = null;
  }
  resetConversation(record);
  const c = record.conversation;
  const organisations = env.register.organisations();
  replies.push({ text: texts.greeting });
  if (organisations.length === 1) {
    chooseOrganisation(record, env, replies, organisations[0]);
    return;
  }
  c.stage = 'organisation';
  ask(c, env, replies);
}

function chooseOrganisation(record, env, replies, org) {
  const c = record.conversation;
  c.org = org.id;
  if (org.long_term_care) {
    c.stage = 'role';
    ask(c, env, replies);
    return;
  }
  c.role = 'patient';
  toIdentification(record, env, replies);
}

// The identification methods the region accepts (rule eligibility.federal.identification, as
// rule.explain gives it for today), of those a chat can do: ЕСИА needs a Госуслуги login.
function acceptedMethods(env, org) {
  const explained = withLibrary(env, org, (lib) => lib.call('rule.explain', { rule: 'eligibility.federal.identification' }));
  const methods = (explained.rule.params && explained.rule.params.methods) || [];
  return ['enp_birth_date', 'snils_birth_date'].filter((m) => methods.includes(m));
}

function toIdentification(record, env, replies) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  c.methods = acceptedMethods(env, org);
  if (c.methods.length === 1) {
    c.method = c.methods[0];
    c.stage = 'identifier';
  } else {
    c.stage = 'method';
  }
  ask(c, env, replies);
}

function onRole(record, env, replies, value, input) {
  const c = record.conversation;
  if (value === 'patient') {
    c.role = 'patient';
    toIdentification(record, env, replies);
    return;
  }
  const worker = env.register.socialWorker(c.org, input.userId);
  if (!worker) {
    ask(c, env, replies, [texts.notASocialWorker]);
    return;
  }
  c.role = 'proxy';
  c.worker = worker.id;
  toIdentification(record, env, replies);
}

// People type a СНИЛС or a policy number with spaces or dashes anywhere («159 357 486 15»): text
// made only of digits, spaces and dashes goes to the library as its digits, which it then judges
// (length, check digits). Anything else goes as typed, for the library to refuse.
function typedIdentifier(text) {
  const value = String(text || '').trim();
  return /^[\d\s-]+$/.test(value) ? value.replace(/\D/g, '') : value;
}

function onIdentifier(record, env, replies, text) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  const type = METHOD_TYPES[c.method];
  const checked = withLibrary(env, org, (lib) => lib.call('identifier.validate', { type, value: typedIdentifier(text) }));
  if (!checked.valid) {
    const problem = checked.problems[0];
    ask(c, env, replies, [texts.identifierRejected(type, problem.message.ru)]);
    return;
  }
  c.identifier = { type, normalized: checked.normalized, masked: checked.masked };
  c.stage = 'birth_date';
  ask(c, env, replies, [texts.identifierAccepted(type, checked.masked)]);
}

function onBirthDate(record, env, replies, text) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  const o = orgEnv(env, org);
  const birthDate = parseRussianDate(text);
  if (!birthDate) {
    ask(c, env, replies, [texts.birthDateShape]);
    return;
  }
  const age = withLibrary(env, org, (lib) => lib.attempt('patient.age', { birth_date: birthDate }));
  if (!age.ok) {
    // The library's words for an impossible date name its wire format (ГГГГ-ММ-ДД), not the one
    // the patient typed; that one case is said in the patient's terms.
    const why = age.refusal.code === 'invalid_date' ? texts.birthDateNotInCalendar : texts.birthDateRejected(age.refusal.messageRu);
    ask(c, env, replies, [why]);
    return;
  }
  const { type, normalized } = c.identifier;
  const claim = { [type]: normalized, birth_date: birthDate };
  const entry = withLibrary(env, org, (lib) => env.register.candidates(org.id, type, normalized, o.today)
    .find((candidate) => lib.call('patient.identify', { patient: candidate.patient, claim }).result === 'match'));
  if (!entry) {
    // Never which part differed (docs/identity.md): the pair is asked again from its start.
    delete c.identifier;
    c.stage = 'identifier';
    ask(c, env, replies, [texts.notInRegister(type)]);
    return;
  }
  if (c.role === 'proxy') {
    const worker = (env.register.data.social_workers || []).find((w) => w.id === c.worker);
    if (!env.register.proxyPermits(entry, worker, 'book')) {
      delete c.identifier;
      c.stage = 'identifier';
      ask(c, env, replies, [texts.proxyNotOnRecord]);
      return;
    }
  }
  c.record = entry.record;
  c.claim = claim;
  c.stage = 'purpose';
  ask(c, env, replies, [texts.identified[c.role]]);
}

function onPurpose(record, env, replies, value) {
  const c = record.conversation;
  c.purpose = value;
  if (c.role === 'proxy') {
    c.stage = 'presence';
  } else {
    c.present = ['patient'];
    c.stage = 'consent';
  }
  ask(c, env, replies);
}

// Runs eligibility.evaluate on the earliest slot the patient could take; the decision at the
// consultation's start is computed again by the library on the slot actually chosen.
function evaluate(record, env, consents) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  const o = orgEnv(env, org);
  const entry = env.register.record(c.record, o.today);
  const slots = offeredSlots(o, env.now);
  const probeStart = slots.length > 0 ? slots[0].start : env.now;
  const decision = withLibrary(env, org, (lib) => lib.call('eligibility.evaluate',
    eligibilityRequest(c, o, entry, probeStart, consents)));
  return { decision, slots, o };
}

function permitted(decision) {
  return decision.verdict === 'allowed' || decision.verdict === 'allowed_with_restrictions';
}

function onPresence(record, env, replies, value) {
  const c = record.conversation;
  if (value === 'with_patient') {
    c.present = ['patient', 'proxy'];
    c.stage = 'consent';
    ask(c, env, replies);
    return;
  }
  // The proxy alone: the library judges it (eligibility.federal.proxy) before anything is asked.
  c.present = ['proxy'];
  const { decision } = evaluate(record, env, []);
  if (permitted(decision)) {
    c.stage = 'consent';
    ask(c, env, replies);
    return;
  }
  delete c.present;
  ask(c, env, replies, [decisionText(decision)]);
}

function onConsent(record, env, replies, value) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  const o = orgEnv(env, org);
  if (value === 'proxy') {
    // A proxy's consent is the library's to refuse (identity.proxy.no_consent).
    const entry = env.register.record(c.record, o.today);
    const patient = { ...entry.patient, consents: [...(entry.patient.consents || []), consentOf(o, 'proxy')] };
    const checked = withLibrary(env, org, (lib) => lib.attempt('patient.validate', patient));
    if (!checked.ok) {
      ask(c, env, replies, [refusalText(checked.refusal)]);
      return;
    }
  }
  if (value === 'no') {
    // Without consent the decision is the library's: it names what is missing.
    const { decision } = evaluate(record, env, []);
    if (!permitted(decision)) {
      ask(c, env, replies, [decisionText(decision)]);
      return;
    }
  }
  c.consent = value === 'no' ? null : 'patient';
  decide(record, env, replies);
}

function decide(record, env, replies) {
  const c = record.conversation;
  const consents = c.consent ? [consentOf(orgEnv(env, env.register.organisation(c.org)), c.consent)] : [];
  const { decision, slots } = evaluate(record, env, consents);
  replies.push({ text: decisionText(decision) });
  if (!permitted(decision)) {
    finish(c);
    replies.push({ text: texts.finishedRefused });
    return;
  }
  if (slots.length === 0) {
    finish(c);
    replies.push({ text: texts.noSlots });
    return;
  }
  c.slots = slots;
  c.stage = 'slot';
  ask(c, env, replies);
}

// The booking: request, schedule, verify_identity and confirm_consent, applied in turn at the
// update's own instant with ids derived from the update, so that a redelivered update is a retry
// the library recognises (consultation.apply answers "applied": false).
function bookingEvents(record, input, env) {
  const c = record.conversation;
  const org = env.register.organisation(c.org);
  const o = orgEnv(env, org);
  const slotId = String(input.payload).slice('slot:'.length);
  const slot = c.slots.find((s) => s.id === slotId);
  const entry = env.register.record(c.record, o.today);
  const base = shortHash(`${record.chat_id}:${input.key}`);
  const consultationId = `${org.id}-${base}`;
  const at = rfc3339(input.at, o.zone);
  const events = [
    { id: `${base}-request`, type: 'request', at, consultation: consultationDocument(c, o, entry, consultationId) },
    {
      id: `${base}-schedule`,
      type: 'schedule',
      at,
      cabinet: org.cabinet,
      slot: { id: slot.id, start: rfc3339(slot.start, o.zone), end: rfc3339(slot.end, o.zone), telemedicine: true },
    },
    { id: `${base}-identity`, type: 'verify_identity', at, method: c.method, claim: c.claim },
  ];
  if (c.consent) {
    events.push({ id: `${base}-consent`, type: 'confirm_consent', at, consent: consentOf(o, c.consent) });
  }
  return { consultationId, events, slot, entry, org, o };
}

function onSlot(record, env, replies, _slotId, input) {
  const c = record.conversation;
  const { consultationId, events, slot, entry, org, o } = bookingEvents(record, input, env);
  let state;
  let status;
  for (const event of events) {
    const applied = withLibrary(env, org, (lib) => lib.attempt('consultation.apply', state ? { state, event } : { event }));
    if (!applied.ok) {
      // A slot gone by meanwhile, or any other refusal: its words, and fresh slots.
      c.slots = offeredSlots(o, env.now);
      if (c.slots.length === 0) {
        finish(c);
        replies.push({ text: refusalText(applied.refusal) }, { text: texts.noSlots });
        return;
      }
      ask(c, env, replies, [refusalText(applied.refusal)]);
      return;
    }
    state = applied.output.state;
    status = applied.output.status;
  }
  const worker = c.role === 'proxy' ? env.register.data.social_workers.find((w) => w.id === c.worker) : null;
  record.consultation = {
    id: consultationId,
    organisation: org.id,
    purpose: c.purpose,
    booked_by: c.role,
    // A proxy hears of the outcome only with that permission on the patient's record.
    notify: c.role === 'patient' || env.register.proxyPermits(entry, worker, 'receive_notifications'),
    slot_label: slot.label,
    status,
    state,
  };
  record.conversation = { stage: 'booked', org: org.id };
  replies.push({ text: texts.booked(org.name, slot.label) });
}

// ---- dispatch ----------------------------------------------------------------------------------------

function onOrganisation(record, env, replies, value) {
  chooseOrganisation(record, env, replies, env.register.organisation(value));
}

function onMethod(record, env, replies, value) {
  const c = record.conversation;
  c.method = value;
  c.stage = 'identifier';
  ask(c, env, replies);
}

// Each button question: the payload prefix it takes, the values it offered, and its step.
const BUTTON_HANDLERS = {
  organisation: { prefix: 'org', run: onOrganisation, valid: (c, env, v) => Boolean(env.register.organisation(v)) },
  role: { prefix: 'role', run: onRole, valid: (c, env, v) => v === 'patient' || v === 'proxy' },
  method: { prefix: 'method', run: onMethod, valid: (c, env, v) => c.methods.includes(v) },
  purpose: { prefix: 'purpose', run: onPurpose, valid: (c, env, v) => env.register.organisation(c.org).purposes.includes(v) },
  presence: { prefix: 'presence', run: onPresence, valid: (c, env, v) => v === 'with_patient' || v === 'proxy_only' },
  consent: {
    prefix: 'consent',
    run: onConsent,
    valid: (c, env, v) => (c.role === 'proxy' ? ['patient', 'proxy'] : ['yes', 'no']).includes(v),
  },
  slot: { prefix: 'slot', run: onSlot, valid: (c, env, v) => c.slots.some((s) => s.id === v) },
};

function onButton(record, env, replies, input) {
  const c = record.conversation;
  const handler = BUTTON_HANDLERS[c.stage];
  const [prefix, ...rest] = String(input.payload || '').split(':');
  const value = rest.join(':');
  if (!handler || prefix !== handler.prefix || !handler.valid(c, env, value)) {
    onOutOfPlace(record, env, replies, texts.staleButton);
    return;
  }
  handler.run(record, env, replies, value, input);
}

function onText(record, env, replies, input) {
  const c = record.conversation;
  if (c.stage === 'identifier') {
    onIdentifier(record, env, replies, input.text);
  } else if (c.stage === 'birth_date') {
    onBirthDate(record, env, replies, input.text);
  } else {
    onOutOfPlace(record, env, replies, BUTTON_STAGES.includes(c.stage) ? texts.chooseButton : null);
  }
}

// Input the current question does not take: say so, and ask the same question again.
function onOutOfPlace(record, env, replies, notice) {
  const c = record.conversation;
  if (BUTTON_STAGES.includes(c.stage) || TEXT_STAGES.includes(c.stage)) {
    const why = TEXT_STAGES.includes(c.stage) ? texts.typeText : notice || texts.chooseButton;
    ask(c, env, replies, [why]);
    return;
  }
  const booked = activeConsultation(record);
  replies.push({ text: booked ? texts.alreadyBooked(booked.slot_label) : texts.startHint });
}

// One step. `input`: {kind: 'start' | 'text' | 'button', text?, payload?, key, at, userId}.
function step(stored, input, env) {
  const record = structuredClone(stored);
  const replies = [];
  if (input.kind === 'start') {
    onStart(record, env, replies);
  } else if (record.conversation.stage === 'none') {
    replies.push({ text: texts.startHint });
  } else if (input.kind === 'button') {
    onButton(record, env, replies, input);
  } else {
    onText(record, env, replies, input);
  }
  return { record, replies };
}

module.exports = {
  ACTIVE_STATUSES,
  bookingEvents,
  decisionText,
  newRecord,
  offeredSlots,
  question,
  shortHash,
  step,
};
