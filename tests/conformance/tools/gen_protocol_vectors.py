#!/usr/bin/env python3
"""Generates the conformance vectors of the protocol operations:

    tests/conformance/vectors/protocol_canonicalize.json   protocol.canonicalize
    tests/conformance/vectors/protocol_signature.json      protocol.sign, protocol.verify
    tests/conformance/vectors/protocol_audit.json          audit.verify
    tests/conformance/vectors/identifier_pseudonym.json    identifier.pseudonym

Every expected value is computed here, independently of the library:
  - RFC 8785 (JCS) canonical text by the small implementation below: members sorted by their keys
    as UTF-16 code units, strings escaped as ECMAScript's QuoteJSONString, numbers read as IEEE-754
    doubles (Python's float(), correctly rounded) and written as ECMA-262 Number::toString writes
    them (the shortest round-trip digits from repr(), laid out by ECMA-262 §7.1.12.1 / 6.1.6.1.20).
    It is checked against the examples and the Appendix B table of RFC 8785 before anything is
    written;
  - SHA-256 by hashlib, BLAKE2b-256 keyed by hashlib.blake2b;
  - Ed25519 signatures by the openssl command line (`openssl pkeyutl -sign -rawin`) over the
    canonical bytes, with keys built from the RFC 8032 §7.1 TEST 1 and TEST 2 seeds (PKCS#8 DER
    302e020100300506032b657004220420 || seed), whose public keys are checked against RFC 8032.

Standard library only (plus the openssl executable). Usage, from the repository root:

    python3 tests/conformance/tools/gen_protocol_vectors.py [--out tests/conformance/vectors]
"""

import argparse
import base64
import decimal
import hashlib
import json
import math
import os
import struct
import subprocess
import sys
import tempfile

NOW = "2026-03-12T12:00:00+03:00"
JURISDICTION = "RU-KIR"

# -------------------------------------------------------------------------------------------------
# RFC 8785, independently.
# -------------------------------------------------------------------------------------------------


def es_number(x):
    """ECMA-262 Number::toString(x) for a finite double (RFC 8785 §3.2.2.3)."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    x = float(x)  # an integer becomes the nearest double, as JSON.parse reads it
    if math.isnan(x) or math.isinf(x):
        raise ValueError("not finite: no JCS form")
    if x == 0:
        return "0"  # +0 and -0
    sign = "-" if x < 0 else ""
    # repr() gives the shortest digits that read back as x, the nearest to x among several.
    t = decimal.Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    k = len(digits)
    n = t.exponent + k  # x = 0.d1d2...dk × 10^n
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits[0] + ("." + digits[1:] if k > 1 else "")
        body = mantissa + "e" + ("+" if e > 0 else "-") + str(abs(e))
    return sign + body


SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def es_quote(s):
    """ECMAScript QuoteJSONString for well-formed strings (RFC 8785 §3.2.2.2)."""
    out = ['"']
    for ch in s:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def utf16_key(k):
    return k.encode("utf-16-be")  # bytewise order of UTF-16BE = order of the code units


def jcs_text(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return es_number(v)
    if isinstance(v, str):
        return es_quote(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs_text(e) for e in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v.keys(), key=utf16_key)
        return "{" + ",".join(es_quote(k) + ":" + jcs_text(v[k]) for k in keys) + "}"
    raise TypeError(type(v))


def jcs(v):
    return jcs_text(v).encode("utf-8")


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


def no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ValueError("duplicate key %r" % k)
        d[k] = v
    return d


def parse(text):
    return json.loads(text, object_pairs_hook=no_duplicates)


def self_check():
    # RFC 8785 §3.2.2 example and its canonical form as the RFC prints it.
    rfc_input = r'''{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}'''
    rfc_output = r'''{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}'''
    assert jcs_text(parse(rfc_input)) == rfc_output, jcs_text(parse(rfc_input))
    # RFC 8785 §3.2.3: the order of the sorted keys.
    sort_input = parse(SORT_EXAMPLE)
    keys = [k for k in sorted(sort_input, key=utf16_key)]
    assert [sort_input[k] for k in keys] == [
        "Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
        "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"], keys
    # RFC 8785 Appendix B: IEEE-754 bit patterns and their JCS text.
    for bits, text in APPENDIX_B:
        x = struct.unpack(">d", bytes.fromhex(bits))[0]
        assert es_number(x) == text, (bits, es_number(x), text)
        assert float(text) == x or (x == 0 and float(text) == 0)
    # ECMA-262 examples from the brief / RFC 8785 §3.2.2.3.
    assert es_number(1e21) == "1e+21" and es_number(1e20) == "100000000000000000000"
    assert es_number(0.000001) == "0.000001" and es_number(1e-7) == "1e-7"


SORT_EXAMPLE = r'''{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}'''

APPENDIX_B = [
    ("0000000000000000", "0"),
    ("8000000000000000", "0"),
    ("0000000000000001", "5e-324"),
    ("8000000000000001", "-5e-324"),
    ("7fefffffffffffff", "1.7976931348623157e+308"),
    ("ffefffffffffffff", "-1.7976931348623157e+308"),
    ("4340000000000000", "9007199254740992"),
    ("c340000000000000", "-9007199254740992"),
    ("4430000000000000", "295147905179352830000"),
    ("44b52d02c7e14af5", "9.999999999999997e+22"),
    ("44b52d02c7e14af6", "1e+23"),
    ("44b52d02c7e14af7", "1.0000000000000001e+23"),
    ("444b1ae4d6e2ef4e", "999999999999999700000"),
    ("444b1ae4d6e2ef4f", "999999999999999900000"),
    ("444b1ae4d6e2ef50", "1e+21"),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7"),
    ("3eb0c6f7a0b5ed8d", "0.000001"),
    ("41b3de4355555553", "333333333.3333332"),
    ("41b3de4355555554", "333333333.33333325"),
    ("41b3de4355555555", "333333333.3333333"),
    ("41b3de4355555556", "333333333.3333334"),
    ("41b3de4355555557", "333333333.33333343"),
    ("becbf647612f3696", "-0.0000033333333333333333"),
    ("43143ff3c1cb0959", "1424953923781206.2"),
]

# -------------------------------------------------------------------------------------------------
# Output in the layout of the other vector files: one case per object, its keys on their own lines.
# -------------------------------------------------------------------------------------------------

KEY_ORDER = ["id", "description", "operation", "now", "jurisdiction", "time_zone", "config", "input",
             "input_text", "expect", "then"]


def dump(v):
    return json.dumps(v, ensure_ascii=False)


def write_cases(path, cases):
    ids = set()
    lines = ["["]
    for i, case in enumerate(cases):
        assert case["id"] not in ids, case["id"]
        ids.add(case["id"])
        assert set(case) <= set(KEY_ORDER), set(case) - set(KEY_ORDER)
        keys = [k for k in KEY_ORDER if k in case]
        lines.append("  {")
        for j, k in enumerate(keys):
            lines.append("    %s: %s%s" % (dump(k), dump(case[k]), "," if j + 1 < len(keys) else ""))
        lines.append("  }" + ("," if i + 1 < len(cases) else ""))
    lines.append("]")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("%s: %d cases" % (os.path.relpath(path), len(cases)))


def case(cid, description, operation, expect, **more):
    c = {"id": cid, "description": description, "operation": operation, "now": NOW,
         "jurisdiction": JURISDICTION}
    c.update(more)
    c["expect"] = expect
    return c


OK = {"status": "TM_OK", "code": ""}

# -------------------------------------------------------------------------------------------------
# protocol_canonicalize.json
# -------------------------------------------------------------------------------------------------


def canonical_case(subject, description, document_text):
    """A case whose input is {"document": <document_text>} sent byte for byte."""
    text = '{"document": ' + document_text + "}"
    canonical = jcs(parse(text)["document"])
    return case("protocol_canonicalize." + subject,
                description + " Expected canonical text and sha256 (hashlib over its UTF-8 bytes) by the"
                " generator's own RFC 8785 implementation (tests/conformance/tools/gen_protocol_vectors.py).",
                "protocol.canonicalize",
                {"status": "TM_OK",
                 "output": {"canonical": canonical.decode("utf-8"), "sha256": sha256_hex(canonical)},
                 "error": OK},
                input_text=text)


def canonicalize_vectors():
    rfc_example = r'''{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}'''
    appendix_b_text = "[" + ", ".join(t for _, t in APPENDIX_B) + "]"
    cases = [
        canonical_case(
            "rfc8785-3.2.2-example",
            "RFC 8785 §3.2.2 input, byte for byte: members sorted (literals, numbers, string); numbers "
            "333333333.33333329 → 333333333.3333333 (the nearest double is 333333333.33333331347…), 1E30 → 1e+30, "
            "4.50 → 4.5, 2e-3 → 0.002, 0.000000000000000000000000001 → 1e-27; the string's escapes decoded "
            "(\\u20ac → €, \\u0042 → B, \\/ → /) and written back with only \\u000f, \\n, \\\" and \\\\\\\\ "
            "escaped. The result is the RFC's own printed output.",
            rfc_example),
        canonical_case(
            "rfc8785-string",
            "The string of the RFC 8785 §3.2.2 example alone: € and $ raw, U+000F as \\u000f (lowercase hex), "
            "U+000A as \\n, ' raw, \\u0042 → B, \\u0022 and \\\" → \\\", \\u005c and \\\\ → \\\\\\\\, \\/ → /.",
            r'"\u20ac$\u000F\u000aA' + "'" + r'\u0042\u0022\u005c\\\"\/"'),
        canonical_case(
            "rfc8785-3.2.3-sort",
            "RFC 8785 §3.2.3 sorting example, keys given as escapes: sorted as UTF-16 code units "
            "\\r (000D), 1 (0031), \\u0080, ö (00F6), € (20AC), 😀 (D83D DE00), \\ufb33 (FB33): the emoji's "
            "surrogates come before U+FB33 although its code point U+1F600 is larger. U+0080 is not escaped "
            "(only U+0000–U+001F are).",
            SORT_EXAMPLE),
        canonical_case(
            "utf16-vs-code-point-order",
            "Keys whose UTF-16 order differs from their code point (and UTF-8 byte) order: U+D7FF (D7FF) < "
            "U+10000 (D800 DC00) < U+1F600 (D83D DE00) < U+E000 (E000) < U+FF21 (FF21); by code point U+E000 "
            "and U+FF21 would come before U+10000. Keys that are prefixes come first: \"a\" < \"a😀\" < \"a\\ue000\".",
            r'{"\uff21": 1, "\ue000": 2, "\ud800\udc00": 3, "\ud83d\ude00": 4, "\ud7ff": 5, '
            r'"a\ue000": 6, "a": 7, "a\ud83d\ude00": 8}'),
        canonical_case(
            "cyrillic-keys",
            "Cyrillic and other keys sorted by UTF-16 code unit: zeta (007A) < Ω (03A9) < Ё (0401) < Ж (0416) "
            "< Я (042F) < а (0430) < ж (0436) < я (044F) < ё (0451); upper case before lower case, ё after я "
            "(it is outside the а–я block). Values raw UTF-8.",
            '{"яблоко": "я", "Ёж": "Ё", "ёж": "ё", "Яков": "Я", "абв": "а", "Жук": "Ж", "ж": "ж", '
            '"zeta": "z", "Ω": "Ω"}'),
        canonical_case(
            "escape-u00e9",
            "\"caf\\u00e9\": the escape is decoded to U+00E9 and written raw as UTF-8 C3 A9; the same bytes "
            "and sha256 as protocol_canonicalize.raw-e-acute.",
            r'"caf\u00e9"'),
        canonical_case(
            "raw-e-acute",
            "\"café\" with é as raw UTF-8: the same canonical bytes and sha256 as protocol_canonicalize.escape-u00e9.",
            '"café"'),
        canonical_case(
            "control-characters",
            "Control characters: \\b \\t \\n \\f \\r keep their short escapes; U+0000, U+0001 and U+001F "
            "(given as \\u001F, upper case) become \\u0000, \\u0001, \\u001f (lowercase hex); U+007F (DEL) "
            "and U+2028 (LINE SEPARATOR), given as escapes, are written raw (ECMAScript escapes only "
            "U+0000–U+001F, \" and \\\\).",
            r'["\b\t\n\f\r", "\u0000\u0001\u001F", "\u007f", "\u2028", "\u2029"]'),
        canonical_case(
            "numbers-integers",
            "Integers are read as the nearest double: 1.0 → 1, -0 → 0, -0.0 → 0, 1e20 → "
            "100000000000000000000 (below 1e21: no exponent), 1e21 → 1e+21, 999999999999999999999 (21 "
            "nines, nearest double 1e21) → 1e+21, 9007199254740993 (2^53+1, nearest even double 2^53) → "
            "9007199254740992, 123456789012345678901234567890 → 1.2345678901234568e+29, 295147905179352830000 "
            "(2^68) stays as it is.",
            "[1.0, -0, -0.0, 1e20, 1e21, 999999999999999999999, 9007199254740993, "
            "123456789012345678901234567890, 295147905179352830000]"),
        canonical_case(
            "numbers-64-bit-limits",
            "The 64-bit integer limits become doubles: 18446744073709551615 (2^64−1) → 2^64 → "
            "18446744073709552000 (shortest digits 18446744073709552, 20 digits before the point); "
            "-9223372036854775808 (−2^63) → -9223372036854776000; 18446744073709551616 (2^64, past uint64) "
            "→ 18446744073709552000.",
            "[18446744073709551615, -9223372036854775808, 18446744073709551616]"),
        canonical_case(
            "numbers-small",
            "Small magnitudes: 0.000001 (n = −5) → 0.000001; 1e-7 → 1e-7 (below 1e-6: exponent); -1.5e-9 → "
            "-1.5e-9; 5e-324 (the least subnormal) → 5e-324; 1e-400 underflows to 0 when read as a double → 0.",
            "[0.000001, 1e-7, -1.5e-9, 5e-324, 1e-400]"),
        canonical_case(
            "numbers-large",
            "Large magnitudes: 1.7976931348623157e308 (the largest double) → 1.7976931348623157e+308; "
            "-1.7976931348623157E+308 → -1.7976931348623157e+308; 1e23 → 1e+23 (nearest double "
            "9.999999999999999161…e22, whose shortest digits are 1e23).",
            "[1.7976931348623157e308, -1.7976931348623157E+308, 1e23]"),
        canonical_case(
            "rfc8785-appendix-b",
            "Every finite value of RFC 8785 Appendix B, spelled as its canonical text: the canonical text of a "
            "double reads back as the same double, so each is written unchanged (the array is the table's "
            "right-hand column, -0 and 0 both giving 0).",
            appendix_b_text),
        canonical_case(
            "nested",
            "Nested objects and arrays with white space, sorted at every level (array order kept): "
            "{\"a\":{\"b\":[],\"c\":{}},\"b\":[{\"a\":[true,{\"x\":\"x\",\"y\":null}],\"z\":1}]}.",
            '{\n  "b": [ { "z": 1, "a": [ true, { "y": null, "x": "x" } ] } ],\n  "a": { "c": { }, "b": [ ] }\n}'),
        canonical_case("empty-object", "An empty object → {}.", "{ }"),
        canonical_case("empty-array", "An empty array → [].", "[ ]"),
        canonical_case("scalar-string", "Any JSON value has a canonical text, a bare string too (the tab escaped "
                       "as \\t, the slash unescaped).", '"a\\tb\\/c"'),
        canonical_case("scalar-number", "A bare number: 100e-2 → 1.", "100e-2"),
    ]
    cases += [
        case("protocol_canonicalize.duplicate-key",
             "{\"a\": 1, \"a\": 2} inside the document: I-JSON (RFC 7493, which RFC 8785 requires) forbids "
             "duplicate member names; the library's reader refuses them (docs/rules.md errors: duplicate_key, "
             "TM_E_JSON_SYNTAX, pointer of the repeated member). No document.",
             "protocol.canonicalize",
             {"status": "TM_E_JSON_SYNTAX", "error": {"status": "TM_E_JSON_SYNTAX", "code": "duplicate_key",
                                                     "pointer": "/document/a"}},
             input_text='{"document": {"a": 1, "a": 2}}'),
        case("protocol_canonicalize.number-too-large",
             "1e400 is beyond the largest double: Boost.JSON 1.81 reads it as +Infinity (checked with a "
             "program linked to Boost 1.81: parse(\"1e400\") → Infinity), which has no JCS form (RFC 8785 "
             "§3.2.2.3: an error). src/json/canonical.hpp documents that canonicalize() reports it, and "
             "protocol.cpp's canonicalize() adds number_not_finite at /document: a TM_E_VALIDATION report.",
             "protocol.canonicalize",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "number_not_finite", "severity": "error",
                                                       "pointer": "/document"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "number_not_finite", "pointer": "/document"}},
             input_text='{"document": {"a": [1, 1e400]}}'),
        case("protocol_canonicalize.number-negative-infinite",
             "-1e400 at the top: read as -Infinity (Boost.JSON 1.81), no JCS form → number_not_finite at "
             "/document, as protocol_canonicalize.number-too-large.",
             "protocol.canonicalize",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "number_not_finite", "pointer": "/document"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "number_not_finite", "pointer": "/document"}},
             input_text='{"document": -1e400}'),
        case("protocol_canonicalize.exponent-overflow",
             "1e99999999999999999999: the exponent itself does not fit; Boost.JSON 1.81 stops with "
             "'exponent overflow' (checked with Boost 1.81), so this is a JSON error, not a number: "
             "TM_E_JSON_SYNTAX json_syntax at \"\".",
             "protocol.canonicalize",
             {"status": "TM_E_JSON_SYNTAX", "error": {"status": "TM_E_JSON_SYNTAX", "code": "json_syntax",
                                                     "pointer": ""}},
             input_text='{"document": 1e99999999999999999999}'),
        case("protocol_canonicalize.missing-document",
             "The request has no \"document\" (telemed.h: {\"document\"} → …): missing_field at /document.",
             "protocol.canonicalize",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "missing_field", "severity": "error",
                                                       "pointer": "/document"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "missing_field", "pointer": "/document"}},
             input={}),
        case("protocol_canonicalize.document-null",
             "{\"document\": null}: in every request document null counts as absent (docs/c-api.md, "
             "\"null counts as absent\"), so this is missing_field at /document, not the canonical text null.",
             "protocol.canonicalize",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "missing_field", "severity": "error",
                                                       "pointer": "/document"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "missing_field", "pointer": "/document"}},
             input={"document": None}),
        case("protocol_canonicalize.nul-in-key",
             "A key holding U+0000 (\"a\\u0000b\"): refused by every request reader (docs/c-api.md, "
             "TM_E_JSON_SYNTAX nul_in_key, the pointer names the object holding the key: /document).",
             "protocol.canonicalize",
             {"status": "TM_E_JSON_SYNTAX", "error": {"status": "TM_E_JSON_SYNTAX", "code": "nul_in_key",
                                                     "pointer": "/document"}},
             input_text='{"document": {"a\\u0000b": 1}}'),
        case("protocol_canonicalize.unknown-member",
             "A member beside \"document\" is not part of the request: unknown_field at /extra (the document is "
             "fine but not canonicalised).",
             "protocol.canonicalize",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "unknown_field", "severity": "error",
                                                       "pointer": "/extra"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "unknown_field", "pointer": "/extra"}},
             input={"document": {"a": 1}, "extra": True}),
        case("protocol_canonicalize.truncated",
             "The request ends inside the document: truncated_json, TM_E_JSON_SYNTAX, pointer \"\".",
             "protocol.canonicalize",
             {"status": "TM_E_JSON_SYNTAX", "error": {"status": "TM_E_JSON_SYNTAX", "code": "truncated_json",
                                                     "pointer": ""}},
             input_text='{"document": [1, 2'),
    ]
    return cases


# -------------------------------------------------------------------------------------------------
# protocol_signature.json
# -------------------------------------------------------------------------------------------------

SEED_1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"  # RFC 8032 §7.1 TEST 1
PUBLIC_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
SEED_2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"  # RFC 8032 §7.1 TEST 2
PUBLIC_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
PKCS8_PREFIX = "302e020100300506032b657004220420"

KEY_1 = "doctor-7-2026"
KEY_2 = "org-1-2026"
GOST_KEY = "org-1-gost"
CERTIFICATE_2 = "7f3a0c21e9b84d56"
GOST_CERTIFICATE = "01d3a5f0c2b4e6a8"
GOST_SIGNATURE_HEX = bytes(range(0x40, 0x80)).hex()  # 64 fixed bytes 40 41 … 7f


class OpenSSL:
    def __init__(self):
        self.dir = tempfile.TemporaryDirectory()

    def pem(self, seed_hex):
        der = os.path.join(self.dir.name, seed_hex + ".der")
        pem = os.path.join(self.dir.name, seed_hex + ".pem")
        if not os.path.exists(pem):
            with open(der, "wb") as f:
                f.write(bytes.fromhex(PKCS8_PREFIX + seed_hex))
            subprocess.run(["openssl", "pkey", "-inform", "DER", "-in", der, "-out", pem], check=True)
        return pem

    def public(self, seed_hex):
        der = subprocess.run(["openssl", "pkey", "-in", self.pem(seed_hex), "-pubout", "-outform", "DER"],
                             check=True, capture_output=True).stdout
        return der[-32:].hex()

    def sign(self, seed_hex, message):
        path = os.path.join(self.dir.name, "message.bin")
        with open(path, "wb") as f:
            f.write(message)
        sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", self.pem(seed_hex), "-rawin", "-in", path],
                             check=True, capture_output=True).stdout
        assert len(sig) == 64
        return sig


def b64(b):
    return base64.b64encode(b).decode("ascii")


PROTOCOL = {
    "format": "telemed.protocol/1",
    "consultation_id": "c-2026-03-12-0001",
    "organisation": {"id": "org-1", "jurisdiction": "RU-KIR", "time_zone": "Europe/Kirov",
                     "name": "КОГБУЗ «Кировская городская больница № 1»"},
    "doctor": {"id": "doctor-7", "role": "therapist", "name": "Смирнова Анна Петровна"},
    "consultation_format": "doctor_patient",
    "started_at": "2026-03-12T11:00:00+03:00",
    "completed_at": "2026-03-12T11:20:00+03:00",
    "interruptions": [],
    "complaints": "Головная боль по утрам, АД до 150/95 мм рт. ст.",
    "outcomes": [{"kind": "recommendation", "text": "Контроль АД дважды в день, дневник давления"}],
    "duration_minutes": 20,
}


def changed_protocol():
    p = json.loads(json.dumps(PROTOCOL))
    p["complaints"] = p["complaints"].replace("150/95", "150/96")
    return p


def reordered_protocol():
    return dict(reversed(list(PROTOCOL.items())))


def signature_vectors():
    ssl = OpenSSL()
    assert ssl.public(SEED_1) == PUBLIC_1 and ssl.public(SEED_2) == PUBLIC_2  # RFC 8032 §7.1
    # RFC 8032 TEST 2 signature over the one byte 0x72, to check the openssl signing itself.
    assert ssl.sign(SEED_2, b"\x72").hex() == (
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")

    config = {"signers": {"keys": [
        {"key_id": KEY_1, "public_key": b64(bytes.fromhex(PUBLIC_1)), "subject": "doctor-7"},
        {"key_id": KEY_2, "public_key": b64(bytes.fromhex(PUBLIC_2)), "certificate": CERTIFICATE_2,
         "subject": "organisation"},
        {"key_id": GOST_KEY, "algorithm": "GOST R 34.10-2012-256", "certificate": GOST_CERTIFICATE,
         "subject": "organisation"},
    ]}}

    canonical = jcs(PROTOCOL)
    digest = sha256_hex(canonical)
    sig_1 = ssl.sign(SEED_1, canonical)
    sig_2 = ssl.sign(SEED_2, canonical)
    assert jcs(reordered_protocol()) == canonical
    changed_digest = sha256_hex(jcs(changed_protocol()))

    def signature(key_id, sig, algorithm="Ed25519", certificate=None, content_hash=digest):
        s = {"algorithm": algorithm, "key_id": key_id}
        if certificate:
            s["certificate"] = certificate
        s["content_hash"] = {"algorithm": "sha-256", "value": content_hash}
        s["value"] = sig if isinstance(sig, str) else b64(sig)
        return s

    derivation = ("The protocol's RFC 8785 text is computed by the generator's own JCS "
                  "(tests/conformance/tools/gen_protocol_vectors.py); content_hash = hashlib sha256 of it = "
                  + digest + "; ")

    def verify(cid, description, sig, expect_output, protocol=None, **more):
        return case("protocol_signature." + cid, description, "protocol.verify",
                    {"status": "TM_OK", "output": expect_output, "error": OK},
                    config=config,
                    input={"protocol": protocol if protocol is not None else PROTOCOL, "signature": sig},
                    **more)

    def verify_step(protocol, expect_output, step=None):
        insert = {"from": "/signature", "to": "/signature"}
        if step is not None:
            insert["step"] = step
        return {"operation": "protocol.verify", "input": {"protocol": protocol, "signature": {}},
                "insert": [insert], "expect": {"status": "TM_OK", "output": expect_output, "error": OK}}

    valid_1 = {"valid": True, "result": "valid", "key_id": KEY_1, "algorithm": "Ed25519"}
    last_byte_changed = sig_1[:63] + bytes([sig_1[63] ^ 0x01])
    cases = [
        case("protocol_signature.sign-key-1",
             derivation + "signature value = base64 of the Ed25519 signature openssl makes over those bytes "
             "with the RFC 8032 TEST 1 key (seed 9d61b1…7f60, `openssl pkeyutl -sign -rawin`; Ed25519 is "
             "deterministic, so libsodium makes the same 64 bytes). Then: the signature verifies (step 1); the "
             "same protocol with its members in reverse order verifies too (step 2: JCS sorts them); the "
             "protocol with 150/95 changed to 150/96 does not (step 3, signature from step 0): content_changed "
             "at /signature/content_hash/value.",
             "protocol.sign",
             {"status": "TM_OK", "output": {"signature": signature(KEY_1, sig_1)}, "error": OK},
             config=config,
             input={"protocol": PROTOCOL, "key": {"seed": SEED_1, "key_id": KEY_1}},
             then=[verify_step(PROTOCOL, valid_1),
                   verify_step(reordered_protocol(), valid_1, step=0),
                   verify_step(changed_protocol(), {"valid": False, "result": "content_changed",
                                                    "pointer": "/signature/content_hash/value"}, step=0)]),
        case("protocol_signature.sign-key-2-certificate",
             derivation + "signed with the RFC 8032 TEST 2 key (seed 4ccd08…a6fb, public key 3d4017…660c as "
             "RFC 8032 gives it and `openssl pkey -pubout` derives it), signature by openssl; the key's "
             "certificate reference is carried into the signature as given. Then it verifies with the "
             "registered public key of org-1-2026.",
             "protocol.sign",
             {"status": "TM_OK",
              "output": {"signature": signature(KEY_2, sig_2, certificate=CERTIFICATE_2)}, "error": OK},
             config=config,
             input={"protocol": PROTOCOL, "key": {"seed": SEED_2, "key_id": KEY_2, "certificate": CERTIFICATE_2}},
             then=verify_step(PROTOCOL, {"valid": True, "result": "valid", "key_id": KEY_2,
                                         "algorithm": "Ed25519"})),
        verify("verify-valid",
               derivation + "the signature made by openssl with TEST 1 (key id doctor-7-2026, registered with "
               "public key d75a98…511a) verifies: valid.",
               signature(KEY_1, sig_1), valid_1),
        verify("verify-content-changed",
               derivation + "one character of the protocol changed (150/95 → 150/96): its sha256 "
               + changed_digest + " is not the content_hash → content_changed, pointer "
               "/signature/content_hash/value.",
               signature(KEY_1, sig_1),
               {"valid": False, "result": "content_changed", "pointer": "/signature/content_hash/value",
                "key_id": KEY_1, "algorithm": "Ed25519"},
               protocol=changed_protocol()),
        verify("verify-hash-and-protocol-changed",
               derivation + "the protocol changed (150/96) and the content_hash recomputed for it (hashlib "
               "sha256 of its JCS text), the signature kept: the hash matches, but the Ed25519 signature is "
               "over the old bytes → signature_invalid at /signature/value.",
               signature(KEY_1, sig_1, content_hash=changed_digest),
               {"valid": False, "result": "signature_invalid", "pointer": "/signature/value"},
               protocol=changed_protocol()),
        verify("verify-signer-unknown",
               derivation + "a valid signature but under key id doctor-9-2026, which the configuration does "
               "not register → signer_unknown at /signature/key_id.",
               signature("doctor-9-2026", sig_1),
               {"valid": False, "result": "signer_unknown", "pointer": "/signature/key_id",
                "key_id": "doctor-9-2026"}),
        verify("verify-signature-last-byte",
               derivation + "the last byte of the openssl signature XOR 0x01 ("
               + "%02x → %02x" % (sig_1[63], last_byte_changed[63])
               + "), re-encoded: still 64 bytes of valid base64, no longer a signature → signature_invalid at "
               "/signature/value.",
               signature(KEY_1, last_byte_changed),
               {"valid": False, "result": "signature_invalid", "pointer": "/signature/value"}),
        verify("verify-other-key",
               derivation + "the protocol signed with TEST 2 (org-1-2026's key) but naming doctor-7-2026: the "
               "signature is checked with doctor-7's public key → signature_invalid.",
               signature(KEY_1, sig_2),
               {"valid": False, "result": "signature_invalid", "pointer": "/signature/value"}),
        verify("verify-value-not-base64",
               derivation + "value \"not base64!\" is not base64 → signature_malformed at /signature/value.",
               signature(KEY_1, "not base64!"),
               {"valid": False, "result": "signature_malformed", "pointer": "/signature/value"}),
        verify("verify-value-63-bytes",
               derivation + "value = base64 of the first 63 bytes of the signature (84 characters): an Ed25519 "
               "signature is 64 bytes → signature_malformed at /signature/value.",
               signature(KEY_1, sig_1[:63]),
               {"valid": False, "result": "signature_malformed", "pointer": "/signature/value"}),
        verify("verify-algorithm-rsa",
               derivation + "algorithm \"RSA\" is not one rule consultation.signature lists (Ed25519, GOST R "
               "34.10-2012-256/512) → signature_malformed at /signature/algorithm.",
               signature(KEY_1, sig_1, algorithm="RSA"),
               {"valid": False, "result": "signature_malformed", "pointer": "/signature/algorithm",
                "algorithm": "RSA"}),
        verify("verify-gost-not-verifiable",
               derivation + "org-1-gost is registered as a GOST R 34.10-2012-256 signer with a certificate only; "
               "a GOST signature with the right content_hash names it: the library has no certified GOST "
               "verification (rule consultation.signature: verifiable = [Ed25519]) → "
               "algorithm_not_verifiable at /signature/algorithm.",
               signature(GOST_KEY, bytes.fromhex(GOST_SIGNATURE_HEX), algorithm="GOST R 34.10-2012-256",
                         certificate=GOST_CERTIFICATE),
               {"valid": False, "result": "algorithm_not_verifiable", "pointer": "/signature/algorithm",
                "key_id": GOST_KEY, "algorithm": "GOST R 34.10-2012-256"}),
        verify("verify-gost-algorithm-ed25519-key",
               derivation + "a GOST R 34.10-2012-256 signature naming doctor-7-2026, an Ed25519 key: the key "
               "id is known but not for that algorithm → signer_unknown at /signature/algorithm.",
               signature(KEY_1, sig_1, algorithm="GOST R 34.10-2012-256"),
               {"valid": False, "result": "signer_unknown", "pointer": "/signature/algorithm"}),
        case("protocol_signature.verify-missing-signature",
             "protocol.verify needs {\"protocol\", \"signature\"} (telemed.h): missing_field at /signature.",
             "protocol.verify",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "missing_field", "pointer": "/signature"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "missing_field", "pointer": "/signature"}},
             config=config, input={"protocol": PROTOCOL}),
        case("protocol_signature.sign-external-gost",
             derivation + "the external signer (GOST R 34.10-2012-256, key org-1-gost) returns the 64 fixed "
             "bytes 40 41 … 7f; the library records them: value = base64 of those bytes = "
             + b64(bytes.fromhex(GOST_SIGNATURE_HEX)) + ", with the certificate reference as given. Then "
             "verifying it: algorithm_not_verifiable (the provider verifies GOST signatures).",
             "protocol.sign",
             {"status": "TM_OK",
              "output": {"signature": signature(GOST_KEY, bytes.fromhex(GOST_SIGNATURE_HEX),
                                                algorithm="GOST R 34.10-2012-256", certificate=GOST_CERTIFICATE)},
              "error": OK},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "GOST R 34.10-2012-256", "key_id": GOST_KEY,
                                 "certificate": GOST_CERTIFICATE, "signature_hex": GOST_SIGNATURE_HEX}},
             then=verify_step(PROTOCOL, {"valid": False, "result": "algorithm_not_verifiable",
                                         "pointer": "/signature/algorithm"})),
        case("protocol_signature.sign-external-ed25519",
             derivation + "an external Ed25519 signer (an HSM, say) returning the signature openssl made with "
             "TEST 1: recorded as given, and it verifies with doctor-7-2026's registered public key.",
             "protocol.sign",
             {"status": "TM_OK", "output": {"signature": signature(KEY_1, sig_1)}, "error": OK},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "Ed25519", "key_id": KEY_1, "signature_hex": sig_1.hex()}},
             then=verify_step(PROTOCOL, valid_1)),
        case("protocol_signature.sign-external-failed",
             "The external signer's callback returns 5 (failure): TM_E_SIGNER, code signer_failed, pointer "
             "/signer, rule consultation.signature (telemed.h, tm_protocol_sign_external). No document.",
             "protocol.sign",
             {"status": "TM_E_SIGNER", "error": {"status": "TM_E_SIGNER", "code": "signer_failed",
                                                "pointer": "/signer", "rule_id": "consultation.signature"}},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "GOST R 34.10-2012-256", "key_id": GOST_KEY,
                                 "signature_hex": GOST_SIGNATURE_HEX, "result": 5}}),
        case("protocol_signature.sign-external-empty",
             "The callback succeeds but writes 0 bytes: an empty signature is no signature → TM_E_SIGNER, "
             "signer_failed.",
             "protocol.sign",
             {"status": "TM_E_SIGNER", "error": {"status": "TM_E_SIGNER", "code": "signer_failed",
                                                "pointer": "/signer"}},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "GOST R 34.10-2012-256", "key_id": GOST_KEY, "signature_hex": ""}}),
        case("protocol_signature.sign-external-too-long",
             "The callback reports 1025 bytes, one more than TM_SIGNATURE_MAX_BYTES (1024), the room it was "
             "given → TM_E_SIGNER, signer_failed.",
             "protocol.sign",
             {"status": "TM_E_SIGNER", "error": {"status": "TM_E_SIGNER", "code": "signer_failed",
                                                "pointer": "/signer"}},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "GOST R 34.10-2012-512", "key_id": GOST_KEY,
                                 "signature_hex": "ab" * 1025}}),
        case("protocol_signature.sign-external-rsa",
             "An external signer with algorithm \"RSA\", which rule consultation.signature does not list: "
             "TM_E_INVALID_ARGUMENT, invalid_signer at /signer (telemed.h). No document.",
             "protocol.sign",
             {"status": "TM_E_INVALID_ARGUMENT",
              "error": {"status": "TM_E_INVALID_ARGUMENT", "code": "invalid_signer", "pointer": "/signer",
                        "rule_id": "consultation.signature"}},
             config=config,
             input={"protocol": PROTOCOL,
                    "external": {"algorithm": "RSA", "key_id": "rsa-1", "signature_hex": GOST_SIGNATURE_HEX}}),
        case("protocol_signature.sign-no-protocol",
             "tm_protocol_sign takes {\"protocol\"} or {\"state\"}; with neither, the state is the one required: "
             "missing_field at /state.",
             "protocol.sign",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "missing_field", "pointer": "/state"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "missing_field", "pointer": "/state"}},
             config=config,
             input={"key": {"seed": SEED_1, "key_id": KEY_1}}),
        case("protocol_signature.sign-wrong-format",
             "A protocol whose format is \"telemed.protocol/2\", not the \"telemed.protocol/1\" that "
             "tm_protocol_build makes: invalid_protocol at /protocol/format, nothing signed.",
             "protocol.sign",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "invalid_protocol", "pointer": "/protocol/format"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "invalid_protocol", "pointer": "/protocol/format"}},
             config=config,
             input={"protocol": dict(PROTOCOL, format="telemed.protocol/2"),
                    "key": {"seed": SEED_1, "key_id": KEY_1}}),
    ]
    return cases


# -------------------------------------------------------------------------------------------------
# protocol_audit.json
# -------------------------------------------------------------------------------------------------

GENESIS = "0" * 64


def seal(entry, prev, seq):
    e = {k: v for k, v in entry.items() if k not in ("seq", "prev", "hash")}
    e["seq"] = seq
    e["prev"] = prev
    e["hash"] = sha256_hex(jcs({k: v for k, v in e.items() if k != "hash"}))
    return e


def chain(events):
    out, prev = [], GENESIS
    for i, ev in enumerate(events):
        e = seal(ev, prev, i)
        out.append(e)
        prev = e["hash"]
    return out


EVENTS = [
    {"event_id": "ev-1", "type": "scheduled", "at": "2026-03-12T09:00:00+03:00", "status": "scheduled"},
    {"event_id": "ev-2", "type": "started", "at": "2026-03-12T11:00:00+03:00", "status": "in_progress"},
    {"event_id": "ev-3", "type": "completed", "at": "2026-03-12T11:20:00+03:00", "status": "completed",
     "note": "Рекомендован контроль АД"},
    {"event_id": "ev-4", "type": "signed", "at": "2026-03-12T11:25:00+03:00", "status": "signed"},
]


def audit_vectors():
    c = chain(EVENTS)
    h = [e["hash"] for e in c]
    how = ("Chain sealed by the generator: entry i has seq i, prev = the hash of entry i−1 (64 zeros for "
           "entry 0), hash = hashlib sha256 of the generator's own RFC 8785 text of the entry without "
           "\"hash\". ")

    def audit(cid, description, body, output, status="TM_OK", error=None):
        expect = {"status": status, "output": output, "error": error if error is not None else OK}
        return case("protocol_audit." + cid, how + description, "audit.verify", expect, input=body)

    def bad(index, reason, entries, head):
        return {"valid": False, "entries": entries, "head": head,
                "first_bad": {"index": index, "pointer": "/entries/%d" % index, "reason": reason}}

    modified = [dict(e) for e in c]
    modified[2]["status"] = "cancelled"
    resealed = [dict(e) for e in c]
    resealed[2] = seal(dict(resealed[2], status="cancelled"), h[1], 2)
    renumbered = [c[0], c[1], seal(c[3], c[3]["prev"], 2)]  # seq 2, hash recomputed, prev still h[2]
    forged = seal({"event_id": "ev-x", "type": "note", "at": "2026-03-12T11:10:00+03:00",
                   "status": "in_progress", "note": "подложная запись"}, h[1], 2)
    appended = seal({"event_id": "ev-5", "type": "note", "at": "2026-03-12T11:30:00+03:00",
                     "status": "signed"}, h[3], 4)
    uppercase = [dict(e) for e in c]
    uppercase[1]["hash"] = uppercase[1]["hash"].upper()
    seq_double_text = None  # set below: a double seq needs the text (the runner re-serialises input)
    bad_genesis = chain(EVENTS)
    bad_genesis[0] = seal(bad_genesis[0], "f" * 64, 0)

    long_chain = chain([{"n": i} for i in range(257)])
    cases = [
        audit("valid",
              "The four entries as sealed: valid, entries 4, head = the last hash " + h[3] + ".",
              {"entries": c}, {"valid": True, "entries": 4, "head": h[3]}),
        audit("valid-with-head",
              "The four entries with the stored head {hash: last hash, count: 4}: they match → valid.",
              {"entries": c, "head": {"hash": h[3], "count": 4}}, {"valid": True, "entries": 4, "head": h[3]}),
        audit("deleted",
              "Entry 2 deleted: the entry now at index 2 has seq 3 → sequence at 2 (/entries/2); entries 0–1 hold "
              "together, so head = hash of entry 1.",
              {"entries": [c[0], c[1], c[3]]}, bad(2, "sequence", 3, h[1])),
        audit("deleted-renumbered",
              "Entry 2 deleted and the last entry renumbered to seq 2 and its hash recomputed: its prev is still "
              "the deleted entry's hash, not entry 1's → broken_link at 2.",
              {"entries": renumbered}, bad(2, "broken_link", 3, h[1])),
        audit("swapped",
              "Entries 1 and 2 swapped: index 1 holds seq 2 → sequence at 1, head = hash of entry 0.",
              {"entries": [c[0], c[2], c[1], c[3]]}, bad(1, "sequence", 4, h[0])),
        audit("modified",
              "Entry 2's status changed to \"cancelled\" after sealing: seq and prev still fit, its hash is "
              "not the hash of its content → modified at 2.",
              {"entries": modified}, bad(2, "modified", 4, h[1])),
        audit("modified-resealed",
              "Entry 2 changed and sealed again (new hash " + resealed[2]["hash"] + "): it holds together, "
              "but entry 3's prev is the old hash → broken_link at 3, head = the new hash of entry 2.",
              {"entries": resealed}, bad(3, "broken_link", 4, resealed[2]["hash"])),
        audit("forged-inserted",
              "A forged entry sealed as seq 2 after entry 1 and inserted before the real entry 2: the forged one "
              "holds together, the real entry 2 now at index 3 has seq 2 → sequence at 3, head = the forged "
              "entry's hash.",
              {"entries": [c[0], c[1], forged, c[2], c[3]]}, bad(3, "sequence", 5, forged["hash"])),
        audit("forged-appended-head",
              "A forged entry sealed as seq 4 after entry 3 and appended: the chain holds together, only the "
              "stored head {last hash, count 4} shows it → head_mismatch at index min(4, 5) = 4, head = the "
              "forged hash.",
              {"entries": c + [appended], "head": {"hash": h[3], "count": 4}},
              bad(4, "head_mismatch", 5, appended["hash"])),
        audit("tail-cut-head",
              "The last entry cut off, with the stored head {hash of entry 3, count 4}: the three entries hold "
              "together, the count differs → head_mismatch at index min(4, 3) = 3 (/entries/3), head = hash of "
              "entry 2.",
              {"entries": c[:3], "head": {"hash": h[3], "count": 4}}, bad(3, "head_mismatch", 3, h[2])),
        audit("tail-cut-no-head",
              "The last entry cut off and no stored head: what remains is a valid chain (valid, entries 3, head "
              "= hash of entry 2) — only a stored head can show the cut.",
              {"entries": c[:3]}, {"valid": True, "entries": 3, "head": h[2]}),
        audit("head-hash-differs",
              "Right count (4) but a stored hash that is not the last entry's (64 'a') → head_mismatch at the "
              "last entry, index 3.",
              {"entries": c, "head": {"hash": "a" * 64, "count": 4}}, bad(3, "head_mismatch", 4, h[3])),
        audit("genesis-prev-wrong",
              "Entry 0 sealed with prev = 64 'f' instead of 64 zeros → broken_link at 0, head 64 zeros.",
              {"entries": bad_genesis}, bad(0, "broken_link", 4, GENESIS)),
        audit("not-object",
              "Entry 1 is a string, not an object → malformed at 1.",
              {"entries": [c[0], "ev-2", c[2], c[3]]}, bad(1, "malformed", 4, h[0])),
        audit("hash-uppercase",
              "Entry 1's hash in uppercase hex: the right digest, but a hash is 64 lowercase hex characters → "
              "malformed at 1.",
              {"entries": uppercase}, bad(1, "malformed", 4, h[0])),
        audit("empty",
              "No entries: an empty chain is valid, head = 64 zeros, entries 0.",
              {"entries": []}, {"valid": True, "entries": 0, "head": GENESIS}),
        case("protocol_audit.seq-double",
             how + "Entry 0's seq written 0.0: a double, which the chain refuses even when whole (its canonical "
             "text is 0, another spelling of the same hash) → malformed at 0. Sent as input_text so that the "
             "spelling 0.0 reaches the library.",
             "audit.verify",
             {"status": "TM_OK", "output": bad(0, "malformed", 1, GENESIS), "error": OK},
             input_text='{"entries": [' + json.dumps(c[0], ensure_ascii=False).replace('"seq": 0', '"seq": 0.0') + "]}"),
        case("protocol_audit.too-many",
             how + "257 entries (a valid chain of {\"n\": i}), more than the 256 an audit log may hold "
             "(telemed.h): TM_E_LIMIT, too_many_items at /entries, no document.",
             "audit.verify",
             {"status": "TM_E_LIMIT", "error": {"status": "TM_E_LIMIT", "code": "too_many_items",
                                               "pointer": "/entries"}},
             input={"entries": long_chain}),
        case("protocol_audit.limit-256",
             how + "The first 256 entries of the same chain: at the limit, valid, head = the hash of entry 255.",
             "audit.verify",
             {"status": "TM_OK", "output": {"valid": True, "entries": 256, "head": long_chain[255]["hash"]},
              "error": OK},
             input={"entries": long_chain[:256]}),
        case("protocol_audit.entries-missing",
             "No \"entries\" (telemed.h: {\"entries\": [...], \"head\"?}): missing_field at /entries.",
             "audit.verify",
             {"status": "TM_E_VALIDATION",
              "output": {"valid": False, "problems": [{"code": "missing_field", "pointer": "/entries"}]},
              "error": {"status": "TM_E_VALIDATION", "code": "missing_field", "pointer": "/entries"}},
             input={"head": {"hash": GENESIS, "count": 0}}),
    ]
    assert '"seq": 0.0' in cases[-4]["input_text"]
    return cases


# -------------------------------------------------------------------------------------------------
# identifier_pseudonym.json
# -------------------------------------------------------------------------------------------------


def pseudonym(key, type_, digits):
    msg = b"telemed.pseudonym.v1\0" + type_.encode() + b"\0" + digits.encode()
    return hashlib.blake2b(msg, key=key, digest_size=32).hexdigest()


def pseudonym_vectors():
    key32 = bytes(range(32))
    key64 = bytes(range(0x80, 0xC0))
    snils = pseudonym(key32, "snils", "11223344595")
    # docs/identity.md gives this value for СНИЛС 112-233-445 95 under the key 00 01 … 1f.
    assert snils == "d94da737519211345d888bbb938dcd6865c162e0070151779d87c9ddb016d234", snils
    enp = pseudonym(key32, "enp", "7700123456789013")
    how = ("pseudonym = hashlib.blake2b(b\"telemed.pseudonym.v1\\0\" + type + b\"\\0\" + digits, key=key, "
           "digest_size=32).hexdigest() (docs/identity.md). ")

    def ps(cid, description, body, expect):
        return case("identifier_pseudonym." + cid, how + description, "identifier.pseudonym", expect, input=body)

    snils_result = {"type": "snils", "valid": True, "pseudonym": snils, "masked": "11*-***-*** 95", "problems": []}
    cases = [
        ps("snils-two-spellings",
           "Key 00 01 … 1f (32 bytes). СНИЛС 112-233-445 95 (S = 95, valid) written grouped and bare: both "
           "normalised to 11223344595, so both get " + snils + " (the value docs/identity.md gives).",
           {"identifiers": [{"type": "snils", "value": "112-233-445 95"}, {"type": "snils", "value": "11223344595"}],
            "key_hex": key32.hex()},
           {"status": "TM_OK",
            "output": {"scheme": "blake2b-256-keyed/v1",
                       "results": [dict(snils_result, index=0), dict(snils_result, index=1)]},
            "error": OK}),
        ps("enp",
           "Key 00 01 … 1f. ЕНП 7700 1234 5678 9013 (Luhn sum 60, valid) → digits 7700123456789013, type "
           "\"enp\" in the message.",
           {"identifiers": [{"type": "enp", "value": "7700 1234 5678 9013"}], "key_hex": key32.hex()},
           {"status": "TM_OK",
            "output": {"scheme": "blake2b-256-keyed/v1",
                       "results": [{"index": 0, "type": "enp", "valid": True, "pseudonym": enp,
                                    "masked": "77** **** **** **13", "problems": []}]},
            "error": OK}),
        ps("invalid-check-digit",
           "Key 00 01 … 1f. Item 0 is СНИЛС 112-233-445 96 (S = 95 ≠ 96): valid false, its problem "
           "invalid_check_digit at /identifiers/0/value (rule identity.snils.checksum), masked, and no "
           "pseudonym (the subset rule cannot show the absence; the result's keys are index, type, valid, "
           "masked, problems). Item 1, the valid СНИЛС, still gets its pseudonym: the call is TM_OK.",
           {"identifiers": [{"type": "snils", "value": "112-233-445 96"}, {"type": "snils", "value": "112-233-445 95"}],
            "key_hex": key32.hex()},
           {"status": "TM_OK",
            "output": {"results": [
                {"index": 0, "type": "snils", "valid": False, "masked": "11*-***-*** 96",
                 "problems": [{"code": "invalid_check_digit", "severity": "error", "pointer": "/identifiers/0/value",
                               "rule": "identity.snils.checksum"}]},
                dict(snils_result, index=1)]},
            "error": OK}),
        ps("key-64-bytes",
           "Key 80 81 … bf (64 bytes, the longest BLAKE2b key): СНИЛС 112-233-445 95 → "
           + pseudonym(key64, "snils", "11223344595") + ", not the 32-byte key's pseudonym.",
           {"identifiers": [{"type": "snils", "value": "112-233-445 95"}], "key_hex": key64.hex()},
           {"status": "TM_OK",
            "output": {"results": [dict(snils_result, index=0, pseudonym=pseudonym(key64, "snils", "11223344595"))]},
            "error": OK}),
        ps("key-31-bytes",
           "Key 00 … 1e (31 bytes), below the 32-byte floor: TM_E_INVALID_ARGUMENT, invalid_key_length at /key, "
           "no document.",
           {"identifiers": [{"type": "snils", "value": "112-233-445 95"}], "key_hex": key32[:31].hex()},
           {"status": "TM_E_INVALID_ARGUMENT",
            "error": {"status": "TM_E_INVALID_ARGUMENT", "code": "invalid_key_length", "pointer": "/key"}}),
        ps("key-65-bytes",
           "A 65-byte key, one above libsodium's 64-byte BLAKE2b maximum: TM_E_INVALID_ARGUMENT, "
           "invalid_key_length at /key.",
           {"identifiers": [{"type": "snils", "value": "112-233-445 95"}], "key_hex": (key64 + b"\x00").hex()},
           {"status": "TM_E_INVALID_ARGUMENT",
            "error": {"status": "TM_E_INVALID_ARGUMENT", "code": "invalid_key_length", "pointer": "/key"}}),
        ps("too-many",
           "1001 identifiers, one more than the 1000 a call takes: TM_E_LIMIT, too_many_items at /identifiers, "
           "no document.",
           {"identifiers": [{"type": "snils", "value": "112-233-445 95"}] * 1001, "key_hex": key32.hex()},
           {"status": "TM_E_LIMIT",
            "error": {"status": "TM_E_LIMIT", "code": "too_many_items", "pointer": "/identifiers"}}),
        ps("empty",
           "An empty list: empty_array at /identifiers, the request's report (docs/identity.md).",
           {"identifiers": [], "key_hex": key32.hex()},
           {"status": "TM_E_VALIDATION",
            "output": {"valid": False, "problems": [{"code": "empty_array", "pointer": "/identifiers"}]},
            "error": {"status": "TM_E_VALIDATION", "code": "empty_array", "pointer": "/identifiers"}}),
    ]
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "vectors"))
    args = parser.parse_args()
    self_check()
    write_cases(os.path.join(args.out, "protocol_canonicalize.json"), canonicalize_vectors())
    write_cases(os.path.join(args.out, "protocol_signature.json"), signature_vectors())
    write_cases(os.path.join(args.out, "protocol_audit.json"), audit_vectors())
    write_cases(os.path.join(args.out, "identifier_pseudonym.json"), pseudonym_vectors())
    return 0


if __name__ == "__main__":
    sys.exit(main())
