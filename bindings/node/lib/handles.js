'use strict';
// Native handles and their lifetimes: the fixed clock a context may hold (a registered koffi
// callback) and the private state of Context objects, shared by the modules that call C with it.

const native = require('./native');

const { koffi } = native;

/**
 * A fixed clock: a tm_clock_fn registered with koffi that returns `ms`. The library calls it
 * whenever an operation needs "today", also from a stream that outlives its context, so it is
 * reference-counted: the context holds one reference and every open stream another, and the
 * callback is unregistered when the last is released.
 */
class ClockRef {
  /** @param {number} ms milliseconds since 1970-01-01T00:00:00Z */
  constructor(ms) {
    this.ms = ms;
    this.refs = 1;
    this.pointer = koffi.register(() => ms, koffi.pointer(native.types.ClockFn));
  }

  /** Takes another reference (a stream opened on the context). */
  retain() {
    this.refs += 1;
    return this;
  }

  /** Drops a reference; the last one unregisters the callback. */
  release() {
    this.refs -= 1;
    if (this.refs === 0 && this.pointer !== null) {
      koffi.unregister(this.pointer);
      this.pointer = null;
    }
  }
}

/** Context → {handle, clock}. A WeakMap keeps the state private to the binding's modules. */
const contextStates = new WeakMap();

/**
 * The live state of a Context; throws when it is closed.
 * @param {object} context a Context
 * @returns {{handle: bigint, clock: ClockRef|null}}
 */
function liveContext(context) {
  const state = contextStates.get(context);
  if (state === undefined) throw new TypeError('expected a telemed Context');
  if (state.handle === null) throw new Error('the telemed Context is closed');
  return state;
}

/**
 * A FinalizationRegistry whose cleanup frees what an object held; the safety net for an object
 * the embedder forgot to close. `free(state)` must be idempotent with close().
 */
function safetyNet(free) {
  return new FinalizationRegistry((state) => {
    try {
      free(state);
    } catch {
      // Nothing to report to: the object is gone.
    }
  });
}

module.exports = { ClockRef, contextStates, liveContext, safetyNet };
