// NDJSON input: a stream of bytes cut into lines as it arrives, with memory bounded by the longest
// line allowed rather than by the stream. Pure C++: no I/O; the caller feeds the chunks it reads.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>

namespace telemed::readings {

/// Splits a byte stream fed in chunks of any size into lines, handing each complete line out as
/// soon as its '\n' arrives.
///
/// - A chunk may end anywhere: mid-line, inside a UTF-8 sequence, or between '\r' and '\n'. The
///   splitter works on bytes and never looks inside a line, so UTF-8 checks are the caller's.
/// - A line is the bytes before its '\n'; one '\r' right before the '\n' is dropped (CRLF). A '\r'
///   anywhere else is part of the line.
/// - finish() hands out a last line that has no final '\n'; a final '\r' there is dropped too,
///   so "a\r\nb\r" and "a\r\nb\r\n" give the same lines. A stream ending in '\n' has no extra empty
///   line, and an empty stream has no line at all.
/// - Empty lines (and lines of spaces, tabs or '\r') are handed out like any other: every input
///   line reaches the caller, which decides what to do with it.
/// - A line longer than max_line_bytes (not counting its '\n' and the '\r' before it) is handed
///   out as over-long: no text, only its byte count. Its bytes beyond the limit are discarded as
///   they arrive, so the internal buffer never holds more than max_line_bytes bytes (nor reserves
///   more than that), whatever the stream.
/// - A line that lies entirely inside one chunk is handed out as a view into that chunk, without
///   copying. Only a line split across chunks is assembled in the internal buffer.
///
/// Each line goes to a sink: any callable taking `const LineSplitter::Line&`. The line's text is
/// valid only during that call. If the sink throws, the exception propagates; the line it was
/// given counts as handed out, and splitting can go on with the next chunk (the rest of the
/// chunk that was being fed is not processed).
///
/// After finish() the splitter is spent: feed() and finish() throw std::logic_error (a defect in
/// the caller, not an input problem).
///
/// Move-only (it owns its buffer). Not for use by two threads at once.
class LineSplitter {
public:
    /// One line handed out.
    struct Line {
        std::size_t index = 0; ///< 0-based position in the stream
        std::string_view text; ///< without '\n' and its '\r'; empty when too_long
        bool too_long = false; ///< longer than max_line_bytes: text is not kept
        std::size_t bytes = 0; ///< the line's length in bytes (text.size() unless too_long)
    };

    /// The default limit: 1 MiB.
    static constexpr std::size_t default_max_line_bytes = 1024u * 1024u;

    /// A splitter that keeps lines of up to `max_line_bytes` bytes. 0 is allowed: then only empty
    /// lines have text.
    explicit LineSplitter(std::size_t max_line_bytes = default_max_line_bytes) noexcept
        : max_(max_line_bytes) {}

    /// Feeds the next chunk; hands out every line it completes, in order. Throws std::logic_error
    /// after finish().
    template <class Sink> void feed(std::string_view chunk, Sink&& sink) {
        check_not_finished();
        std::size_t pos = 0;
        if (in_line()) {
            // A line started in an earlier chunk: complete it in the buffer.
            const std::size_t nl = chunk.find('\n');
            if (nl == std::string_view::npos) {
                absorb(chunk);
                return;
            }
            absorb(chunk.substr(0, nl));
            hand_out_buffered(sink);
            pos = nl + 1;
        }
        while (pos < chunk.size()) {
            const std::size_t nl = chunk.find('\n', pos);
            if (nl == std::string_view::npos) {
                absorb(chunk.substr(pos));
                return;
            }
            std::string_view text = chunk.substr(pos, nl - pos);
            if (!text.empty() && text.back() == '\r') {
                text.remove_suffix(1);
            }
            pos = nl + 1;
            Line line{lines_++, text, false, text.size()};
            if (text.size() > max_) {
                line.text = {};
                line.too_long = true;
            }
            sink(std::as_const(line));
        }
    }

    /// Ends the stream: hands out the last line if it had no final '\n'. Throws std::logic_error
    /// when called a second time.
    template <class Sink> void finish(Sink&& sink) {
        check_not_finished();
        finished_ = true;
        if (in_line()) {
            // The end of the stream ends the line like a '\n' would: a pending '\r' is dropped.
            hand_out_buffered(sink);
        }
    }

    /// How many lines have been handed out so far.
    std::size_t lines_seen() const noexcept { return lines_; }
    /// How many bytes of an unfinished line are held now (never more than max_line_bytes()).
    std::size_t buffered_bytes() const noexcept { return size_; }
    /// How many bytes the buffer has allocated (never more than max_line_bytes()). It grows
    /// geometrically with the longest line split across chunks so far and is kept for reuse.
    std::size_t buffer_capacity() const noexcept { return capacity_; }
    /// The limit given to the constructor.
    std::size_t max_line_bytes() const noexcept { return max_; }
    /// Whether finish() has been called.
    bool finished() const noexcept { return finished_; }

private:
    // Whether an unfinished line is pending (possibly still empty apart from a '\r').
    bool in_line() const noexcept { return size_ != 0 || pending_cr_ || discarding_; }
    void check_not_finished() const;
    // Adds bytes of the current line that contain no '\n'. A '\r' at the end is held back until
    // the next byte says whether it ends the line (CRLF) or belongs to it.
    void absorb(std::string_view piece);
    void append(std::string_view piece);

    template <class Sink> void hand_out_buffered(Sink& sink) {
        // Resets the line state even if the sink throws.
        struct Reset {
            LineSplitter& self;
            ~Reset() {
                self.size_ = 0;
                self.pending_cr_ = false;
                self.discarding_ = false;
                self.discarded_total_ = 0;
            }
        } reset{*this};
        Line line{lines_++, {}, discarding_, discarding_ ? discarded_total_ : size_};
        if (!discarding_) {
            line.text = std::string_view(data_.get(), size_);
        }
        sink(std::as_const(line));
    }

    std::size_t max_;
    // The current line, when it fits. Managed by hand: std::string::reserve may round a request
    // up past the limit.
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
    bool pending_cr_ = false;         // the current line's last byte so far is a '\r' not stored
    bool discarding_ = false;         // the current line is over-long: its bytes are only counted
    std::size_t discarded_total_ = 0; // its length so far, when discarding_
    std::size_t lines_ = 0;
    bool finished_ = false;
};

} // namespace telemed::readings
