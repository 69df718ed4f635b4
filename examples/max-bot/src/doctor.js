'use strict';

// The doctor's side, as the MIS would drive it: start the booked consultation, complete it with
// its outcomes, sign the protocol with the (demo) doctor's key, deliver it, and tell the patient.
// Each step is consultation.apply on the stored snapshot; a step already taken is skipped by the
// snapshot's status, so calling complete() again after a crash or a timeout finishes the work
// instead of doing it twice.

const texts = require('./texts');
const { purpose: purposeOf } = require('./purposes');
const { decisionText } = require('./conversation');
const { outboxEntries } = require('./outbox');
const { rfc3339 } = require('./time');

// The statuses the doctor's steps go through, in order.
const PROGRESS = ['consent_confirmed', 'in_progress', 'completed', 'protocol_signed', 'delivered'];

class DoctorError extends Error {
  constructor(code, message, refusal = null) {
    super(message);
    this.name = 'DoctorError';
    this.code = code;
    this.refusal = refusal;
  }
}

function summaryOf(record) {
  const c = record.consultation;
  return {
    id: c.id,
    chat_id: record.chat_id,
    organisation: c.organisation,
    purpose: c.purpose,
    booked_by: c.booked_by,
    status: c.status,
    slot: c.slot_label,
  };
}

class DoctorDesk {
  constructor({ store, register, library, outbox, clock, log }) {
    this.store = store;
    this.register = register;
    this.library = library;
    this.outbox = outbox;
    this.clock = clock;
    this.log = log;
  }

  // The consultations the bot holds, with their status.
  async list() {
    const out = [];
    for (const chatId of await this.store.chatIds()) {
      const record = await this.store.load(chatId);
      if (record && record.consultation) {
        out.push(summaryOf(record));
      }
    }
    return out;
  }

  async chatOf(consultationId) {
    const chatId = await this.store.chatOfConsultation(consultationId);
    if (chatId === null) {
      throw new DoctorError('unknown_consultation', `No consultation ${consultationId}`);
    }
    return chatId;
  }

  // Starts the consultation: the library computes the decision on its own facts.
  async start(consultationId) {
    return this.run(consultationId, 'in_progress', {});
  }

  // options: {outcomes?: [{kind, text?…}], outcome?: kind (one outcome, shorthand),
  // closure?: {recovery_confirmed, outcome?, …}, notes?: {complaints?, anamnesis?, findings?},
  // nextSteps?: string}. Without outcomes, the purpose's usual outcome is recorded (a closed
  // certificate for a sick-leave closure: the library still requires the doctor's
  // closure.recovery_confirmed).
  async complete(consultationId, options = {}) {
    return this.run(consultationId, 'delivered', options);
  }

  async run(consultationId, target, options) {
    const chatId = await this.chatOf(consultationId);
    const result = await this.store.withChat(chatId, async (record) => {
      if (!record || !record.consultation || record.consultation.id !== consultationId) {
        throw new DoctorError('unknown_consultation', `No consultation ${consultationId}`);
      }
      const outcome = this.advance(record, target, options);
      await this.store.save(record);
      return outcome;
    });
    await this.outbox.flush(chatId);
    if (result.refusal) {
      throw new DoctorError(result.refusal.code, result.refusal.messageRu, result.refusal);
    }
    if (PROGRESS.indexOf(result.status) < PROGRESS.indexOf(target)) {
      // Not booked to the end (no consent on record), or cancelled: nothing the doctor can run.
      throw new DoctorError('not_ready', `The consultation is ${result.status}`);
    }
    return result;
  }

  // Applies the events that take the consultation to `target`, each once, in one context whose
  // clock is now. Leaves the record as far as it got.
  advance(record, target, options) {
    const c = record.consultation;
    const org = this.register.organisation(c.organisation);
    const now = this.clock();
    return this.library.withContext(org, now, (lib) => {
      const at = rfc3339(now, this.library.timeZone(org, now));
      const apply = (step, event) => {
        const applied = lib.attempt('consultation.apply', { state: c.state, event: { id: `${c.id}-${step}`, at, ...event } });
        if (applied.ok) {
          c.state = applied.output.state;
          c.status = applied.output.status;
          this.log('consultation_step', { consultation: c.id, step, status: c.status });
        } else {
          this.log('consultation_refused', { consultation: c.id, step, code: applied.refusal.code, rule: applied.refusal.ruleId });
        }
        return applied;
      };
      const steps = [];
      let deliveries = null;
      if (c.status === 'consent_confirmed') {
        const started = apply('start', { type: 'start' });
        if (!started.ok) {
          this.tellPatientStartRefused(record, started.refusal);
          return { status: c.status, steps, refusal: started.refusal };
        }
        steps.push('start');
      }
      if (target === 'in_progress') {
        return { status: c.status, steps };
      }
      if (c.status === 'in_progress') {
        const completed = apply('complete', this.completion(c, options));
        if (!completed.ok) {
          return { status: c.status, steps, refusal: completed.refusal };
        }
        steps.push('complete');
      }
      if (c.status === 'completed') {
        const signed = apply('sign', { type: 'sign_protocol', signature: lib.sign(c.state) });
        if (!signed.ok) {
          return { status: c.status, steps, refusal: signed.refusal };
        }
        steps.push('sign_protocol');
      }
      if (c.status === 'protocol_signed' || c.status === 'delivered') {
        deliveries = lib.call('protocol.deliveries', { state: c.state, document_ref: `gu-${c.id}` });
      }
      if (c.status === 'protocol_signed') {
        const delivered = apply('deliver', { type: 'deliver', deliveries: this.deliveryList(c, deliveries) });
        if (!delivered.ok) {
          return { status: c.status, steps, refusal: delivered.refusal };
        }
        steps.push('deliver');
      }
      if (c.status === 'delivered') {
        this.tellPatientProtocol(record, deliveries);
      }
      return { status: c.status, steps, deliveries };
    });
  }

  completion(c, options) {
    const outcomes = options.outcomes
      || (options.outcome ? [{ kind: options.outcome }] : purposeOf(c.purpose).defaultOutcomes);
    const event = { type: 'complete', outcomes };
    if (options.closure) {
      event.sick_leave_closure = options.closure;
    }
    if (options.notes) {
      event.notes = options.notes;
    }
    if (options.nextSteps) {
      event.next_steps = options.nextSteps;
    }
    return event;
  }

  // Госуслуги always; the Social Fund too when the decision asked for its record (Kirov) and a
  // certificate was closed. The references are the demo's: a real MIS passes the ones it got.
  deliveryList(c, deliveries) {
    const list = [{ channel: 'gosuslugi', reference: `gu-${c.id}` }];
    const required = (c.state.eligibility && c.state.eligibility.required_documents) || [];
    if (deliveries && deliveries.sfr && required.includes('sick_leave_record_sfr')) {
      list.push({ channel: 'sfr', reference: `sfr-${c.id}` });
    }
    return list;
  }

  // The Госуслуги notification's own words: no name, identifier or date of birth (the library
  // writes it so), the outcomes, and for a closed certificate the return-to-work date.
  tellPatientProtocol(record, deliveries) {
    const c = record.consultation;
    const key = `doctor:${c.id}:delivered`;
    if (c.notified_delivered) {
      return;
    }
    c.notified_delivered = true;
    record.conversation = { stage: 'finished' };
    if (c.notify) {
      const notice = deliveries.gosuslugi;
      record.outbox.push(...outboxEntries(key, [{ text: texts.protocolReady(notice.title.ru, notice.text.ru) }]));
    }
  }

  tellPatientStartRefused(record, refusal) {
    const c = record.consultation;
    if (c.notified_start_refused || !c.notify) {
      return;
    }
    c.notified_start_refused = true;
    const decision = refusal.report && refusal.report.decision;
    const lines = [texts.startRefused, decision ? decisionText(decision) : `— ${refusal.messageRu}`];
    record.outbox.push(...outboxEntries(`doctor:${c.id}:start-refused`, [{ text: lines.join('\n') }]));
  }
}

module.exports = { DoctorDesk, DoctorError };
