// NDJSON line splitting with bounded memory (src/readings/ndjson.hpp).
#include "readings/ndjson.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace telemed::readings {
namespace {

// The first allocation: most lines split across chunks then need no further growth.
constexpr std::size_t min_capacity = 256;

} // namespace

void LineSplitter::check_not_finished() const {
    if (finished_) {
        throw std::logic_error("LineSplitter: fed after finish()");
    }
}

void LineSplitter::absorb(std::string_view piece) {
    if (piece.empty()) {
        return;
    }
    if (pending_cr_) {
        // More bytes follow the held-back '\r' on the same line: it was part of the line.
        pending_cr_ = false;
        append("\r");
    }
    if (piece.back() == '\r') {
        pending_cr_ = true;
        piece.remove_suffix(1);
    }
    append(piece);
}

void LineSplitter::append(std::string_view piece) {
    if (piece.empty()) {
        return;
    }
    if (discarding_) {
        discarded_total_ += piece.size();
        return;
    }
    const std::size_t needed = size_ + piece.size();
    if (needed > max_) {
        // Over-long: from now on the line is only counted, and its bytes so far are dropped.
        discarding_ = true;
        discarded_total_ = needed;
        size_ = 0;
        return;
    }
    if (needed > capacity_) {
        // Grow geometrically, but never past the limit.
        const std::size_t grown = std::min(max_, std::max({needed, 2 * capacity_, min_capacity}));
        auto data = std::make_unique_for_overwrite<char[]>(grown);
        if (size_ != 0) {
            std::memcpy(data.get(), data_.get(), size_);
        }
        data_ = std::move(data);
        capacity_ = grown;
    }
    std::memcpy(data_.get() + size_, piece.data(), piece.size());
    size_ = needed;
}

} // namespace telemed::readings
