'use strict';

// What the patient may ask for, in the library's terms. Outside Novosibirsk `indication.list` is
// empty (docs/eligibility.md): Voronezh and Kirov work under the federal purposes (193н) plus the
// remote closure of a sick-leave certificate, so each purpose names the planned actions the
// eligibility rules judge, and the indication the sick-leave rule reads (incapacity_review).

const PURPOSES = {
  sick_leave_closure: {
    indication: 'incapacity_review',
    plannedActions: ['close_sick_leave'],
    withCertificate: true,
    // What the doctor records by default when the patient has recovered.
    defaultOutcomes: [{ kind: 'certificate_closed' }],
  },
  test_results: {
    indication: 'repeat_after_studies',
    plannedActions: ['interpret_results', 'decide_in_person_visit'],
    withCertificate: false,
    defaultOutcomes: [{ kind: 'results_interpreted' }],
  },
  chronic_follow_up: {
    indication: 'therapy_control',
    plannedActions: ['interpret_results', 'correct_treatment'],
    withCertificate: false,
    defaultOutcomes: [{ kind: 'results_interpreted' }],
  },
  treatment_questions: {
    indication: 'treatment_questions',
    plannedActions: ['answer_questions'],
    withCertificate: false,
    defaultOutcomes: [{ kind: 'questions_answered' }],
  },
};

function purpose(id) {
  return Object.prototype.hasOwnProperty.call(PURPOSES, id) ? PURPOSES[id] : null;
}

module.exports = { PURPOSES, purpose };
