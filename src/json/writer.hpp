// Writes JSON text straight into a string: how every response is produced. Cheaper than building a
// document and serialising it (no tree to allocate and free); a DOM value can still be written.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "telemed/decimal.hpp"

namespace telemed::json {

class Writer {
public:
    /// A writer whose buffer starts at `capacity` bytes (responses are a few hundred bytes to a few
    /// KB).
    explicit Writer(std::size_t capacity = 2048) : buffer_(capacity, '\0') {}

    /// Opens an object (as a value, or after key()).
    Writer& begin_object();
    /// Closes the innermost object.
    Writer& end_object();
    /// Opens an array.
    Writer& begin_array();
    /// Closes the innermost array.
    Writer& end_array();
    /// A member's key; the next call writes its value.
    Writer& key(std::string_view k);
    /// A string value, escaped (the text is valid UTF-8: inputs are checked when parsed).
    Writer& string(std::string_view s);
    /// A boolean value.
    Writer& boolean(bool b);
    /// An integer value.
    Writer& integer(std::int64_t n);
    /// An exact decimal, as Decimal::to_string writes it ("5.6", "2.0", "120").
    Writer& number(Decimal d);
    /// null.
    Writer& null();
    /// A value from a Boost.JSON document.
    Writer& value(const boost::json::value& v);
    /// Members already written as JSON text ("\"a\":1,\"b\":[]"), appended as they are: for
    /// members repeated unchanged in many documents, written once and reused.
    Writer& raw_members(std::string_view members);
    /// A value already written as JSON text (a canonical document kept as it is), appended as is.
    Writer& raw(std::string_view json_text);
    /// A member with a string value.
    Writer& member(std::string_view k, std::string_view s) { return key(k).string(s); }

    /// The text written so far (all containers closed by then).
    std::string take();

private:
    char* reserve(std::size_t n); // room for n more bytes at the end
    void put(char c);
    void put(std::string_view s);
    void quoted(std::string_view s);
    void separate();
    std::string buffer_; // its first size_ bytes are the text
    std::size_t size_ = 0;
    std::vector<bool> first_; // per open container: nothing written in it yet
    bool after_key_ = false;
};

} // namespace telemed::json
