#include "ObjectId.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <atomic>

namespace engine {

namespace {

struct ProcessPart {
    std::array<quint8, 5> random{};
    std::atomic<quint32> counter{0};

    ProcessPart()
    {
        auto *rng = QRandomGenerator::system();
        for (auto &b : random)
            b = static_cast<quint8>(rng->bounded(256));
        // Start the counter anywhere so two processes started in the same second rarely share a prefix.
        counter.store(rng->bounded(0x1000000u));
    }
};

ProcessPart &processPart()
{
    static ProcessPart part;
    return part;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

ObjectId ObjectId::generate()
{
    return generate(static_cast<quint32>(QDateTime::currentSecsSinceEpoch()));
}

ObjectId ObjectId::generate(quint32 secondsSinceEpoch)
{
    ProcessPart &part = processPart();
    const quint32 count = part.counter.fetch_add(1, std::memory_order_relaxed) & 0xFFFFFFu;
    ObjectId id;
    id.m_bytes[0] = static_cast<quint8>(secondsSinceEpoch >> 24);
    id.m_bytes[1] = static_cast<quint8>(secondsSinceEpoch >> 16);
    id.m_bytes[2] = static_cast<quint8>(secondsSinceEpoch >> 8);
    id.m_bytes[3] = static_cast<quint8>(secondsSinceEpoch);
    for (int i = 0; i < 5; ++i)
        id.m_bytes[4 + i] = part.random[i];
    id.m_bytes[9] = static_cast<quint8>(count >> 16);
    id.m_bytes[10] = static_cast<quint8>(count >> 8);
    id.m_bytes[11] = static_cast<quint8>(count);
    return id;
}

Result<ObjectId> ObjectId::parse(std::string_view text)
{
    if (text.size() != TextLength) {
        return Error{
            QStringLiteral("must be a BSON ObjectId of 24 lower-case hex digits, got %1 characters").arg(text.size())};
    }
    ObjectId id;
    for (int i = 0; i < TextLength; i += 2) {
        const int hi = hexValue(text[i]);
        const int lo = hexValue(text[i + 1]);
        if (hi < 0 || lo < 0) {
            const int bad = hi < 0 ? i : i + 1;
            const QString what = QString::fromUtf8(text.substr(bad, 1));
            return Error{QStringLiteral("must be a BSON ObjectId of 24 lower-case hex digits; character %1 is '%2'")
                             .arg(bad + 1)
                             .arg(what)};
        }
        id.m_bytes[i / 2] = static_cast<quint8>(hi << 4 | lo);
    }
    return id;
}

std::string ObjectId::toString() const
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(TextLength, '0');
    for (int i = 0; i < 12; ++i) {
        text[2 * i] = digits[m_bytes[i] >> 4];
        text[2 * i + 1] = digits[m_bytes[i] & 0xF];
    }
    return text;
}

quint32 ObjectId::seconds() const
{
    return quint32(m_bytes[0]) << 24 | quint32(m_bytes[1]) << 16 | quint32(m_bytes[2]) << 8 | quint32(m_bytes[3]);
}

} // namespace engine
