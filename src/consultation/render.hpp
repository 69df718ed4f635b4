// The consultation protocol for people: the doctor's document as text and as HTML, and the
// patient's Госуслуги notification. Pure functions of the protocol document (telemed.protocol/1).
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "i18n/i18n.hpp"
#include "telemed/status.hpp"

namespace telemed::consultation {

/// The language a rendering is written in.
using Language = i18n::Language;

/// The protocol as plain UTF-8 text: the title, then sections of "Label: value" lines (a list as
/// "- item" lines, a value of several lines with its further lines indented by two spaces).
/// Instants are in the organisation's zone, written «10 марта 2026 г., 16:00 (Киров)»; СНИЛС and
/// ЕНП are masked; the certificate number is shown in full (the protocol is the doctor's
/// document). A protocol that cannot be read is Status::validation, `invalid_protocol` (args
/// `expected`) or `unknown_time_zone`, at the JSON pointer of the member concerned.
Result<std::string> render_text(const boost::json::object& protocol, Language language);

/// The protocol as a complete HTML5 document (lang, UTF-8, a Content-Security-Policy that allows
/// nothing to load or run), with the same content as render_text: h1, one section per part with a
/// dl of labels and values, lists as ul. Every text is escaped. Errors as render_text.
Result<std::string> render_html(const boost::json::object& protocol, Language language);

/// The patient's Госуслуги notification of a signed protocol: {"title": {"ru", "en"}, "text":
/// {"ru", "en"}, "document": {"ref": document_ref, "format", "consultation_id"}}. The text names
/// the organisation, the time with its city, the outcomes in words (no free text) and, when a
/// certificate was closed, its number masked ("91********01") with the return-to-work date. It
/// holds no name, birth date or identifier of the patient: the notification goes to the account it
/// concerns, may be read by a legal representative, and is shown where others may see it, so it
/// says no more than the patient needs to open the protocol. Errors as render_text.
Result<boost::json::object> gosuslugi_notification(const boost::json::object& protocol,
                                                   std::string_view document_ref);

} // namespace telemed::consultation
