#pragma once
// A BSON ObjectId, the id of every message and delivery: 4 bytes of seconds since the epoch (big-endian),
// 5 bytes chosen at random once per process, and a 3-byte counter. Written as 24 lower-case hex digits.
// generate() is thread-safe.

#include "Result.h"

#include <QtGlobal>

#include <array>
#include <string>
#include <string_view>

namespace engine {

class ObjectId {
public:
    static constexpr int TextLength = 24;

    static ObjectId generate();
    // An id for the given second (for tests and for ids that must sort by a known time).
    static ObjectId generate(quint32 secondsSinceEpoch);

    // Accepts exactly 24 lower-case hex digits; the error says what is wrong with the text.
    static Result<ObjectId> parse(std::string_view text);
    static bool isValid(std::string_view text) { return parse(text).ok(); }

    std::string toString() const;
    quint32 seconds() const;

    friend bool operator==(const ObjectId &, const ObjectId &) = default;
    friend auto operator<=>(const ObjectId &, const ObjectId &) = default;

private:
    std::array<quint8, 12> m_bytes{};
};

} // namespace engine
