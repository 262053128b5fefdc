// The push API's own HTTP framing (push/RequestFraming, which ConnectionGuard follows on each connection
// before QtHttpServer sees a byte): what a client sends is outside the hub's control, and how the network
// splits it too. The input is two bytes that choose the limits and where the bytes are split, then the bytes
// a client sends:
//   byte 0: the head's limit (bits 0-1: 32, 128, 1024 or 16384 bytes), the body's (bits 2-3: 0, 16, 1024 or
//           1 MiB), and bit 4: a body that arrives whole is counted without being looked at, as the guard does;
//   byte 1: n = byte % 16; the next n bytes, each plus one, are the lengths of the pieces the bytes arrive in,
//           over and over (7 each when n is 0).
// So "O0GET / HTTP/1.1\r\n\r\n" is a request under the hub's own limits, in pieces of 7 bytes.
//
// Checked besides not crashing: the same bytes split differently get the same verdicts, with and without a
// reply after each complete request; a refusal's status is 400, 405, 408, 411, 413, 417 or 431 and says why;
// a complete request is a GET or a POST whose body is within the limit; the head stays within its limit.

#include "FuzzCheck.h"

#include "push/RequestFraming.h"

#include <QByteArray>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

using namespace engine;

namespace {

using Phase = RequestFraming::Phase;

struct Limits {
    qint64 maxBodyBytes = 0;
    int maxHeadBytes = 0;
    bool skipWholeBody = false;
};

struct Request {
    QByteArray method;
    bool http10 = false;
    qint64 contentLength = -1;
    bool keepAlive = false;
    bool operator==(const Request &) const = default;
};

// What a connection came to: the requests completed (and replied to), the continues owed, and where it ended.
struct Verdicts {
    std::vector<Request> complete;
    std::vector<qsizetype> completedAt; // the offset just past each complete request
    int continues = 0;
    Phase end = Phase::Idle;
    int status = 0;
    QString message;
    // Of the request under way at the end.
    QByteArray method;
    qint64 contentLength = -1;
    qint64 bodyLeft = 0;
    qsizetype headBytes = 0;

    bool operator==(const Verdicts &o) const
    {
        return complete == o.complete && continues == o.continues && end == o.end && status == o.status &&
               message == o.message && method == o.method && contentLength == o.contentLength &&
               bodyLeft == o.bodyLeft && headBytes == o.headBytes;
    }
};

void print(const char *name, const Verdicts &v)
{
    std::fprintf(stderr,
                 "%s: %zu complete, %d continues, phase %d, status %d \"%s\", method \"%s\", length %lld, "
                 "body left %lld, head bytes %lld\n",
                 name, v.complete.size(), v.continues, int(v.end), v.status, qPrintable(v.message),
                 v.method.constData(), static_cast<long long>(v.contentLength), static_cast<long long>(v.bodyLeft),
                 static_cast<long long>(v.headBytes));
}

void checkState(const RequestFraming &framing, const Limits &limits)
{
    static const std::set<int> statuses{400, 405, 408, 411, 413, 417, 431};
    switch (framing.phase()) {
    case Phase::Refused:
        FUZZ_CHECK(statuses.count(framing.refusal().status) == 1, "a refusal with a status not of the framing's");
        FUZZ_CHECK(!framing.refusal().message.isEmpty(), "a refusal that does not say why");
        break;
    case Phase::Head:
        FUZZ_CHECK(framing.headBytes() <= limits.maxHeadBytes, "a head followed past its limit");
        break;
    case Phase::Body:
    case Phase::AwaitingReply:
        FUZZ_CHECK(framing.method() == "GET" || framing.method() == "POST", "a method taken that is not answered");
        FUZZ_CHECK(framing.contentLength() <= limits.maxBodyBytes, "a body taken that is over the limit");
        FUZZ_CHECK(framing.bodyLeft() >= 0 && framing.bodyLeft() <= std::max<qint64>(framing.contentLength(), 0),
                   "more body left than the request has");
        FUZZ_CHECK(framing.headBytes() <= limits.maxHeadBytes, "a head taken that is over its limit");
        FUZZ_CHECK((framing.phase() == Phase::Body) == (framing.bodyLeft() > 0), "a body left to read, or not");
        break;
    case Phase::Idle:
        break;
    }
}

// Feeds `bytes` in the pieces that `cuts` (offsets, ascending) make; with `reply`, replies to a request complete
// at the end of a piece, as the server does once QtHttpServer has taken it.
Verdicts drive(const QByteArray &bytes, const std::vector<qsizetype> &cuts, bool reply, const Limits &limits)
{
    RequestFraming framing(limits.maxBodyBytes, limits.maxHeadBytes);
    Verdicts v;
    qsizetype from = 0;
    const auto piece = [&](qsizetype to) {
        const qsizetype size = to - from;
        if (size <= 0)
            return;
        if (limits.skipWholeBody && framing.phase() == Phase::Body && size <= framing.bodyLeft()) {
            framing.skipBody(size);
        } else {
            const bool taken = framing.follow(bytes.constData() + from, size);
            FUZZ_CHECK(taken == (framing.phase() != Phase::Refused), "follow says other than its phase");
        }
        from = to;
        checkState(framing, limits);
        if (framing.takeContinue()) {
            ++v.continues;
            FUZZ_CHECK(!framing.takeContinue(), "a continue owed twice");
        }
        if (reply && framing.phase() == Phase::AwaitingReply) {
            v.complete.push_back({framing.method(), framing.http10(), framing.contentLength(), framing.keepAlive()});
            v.completedAt.push_back(to);
            framing.replied();
            FUZZ_CHECK(framing.phase() == Phase::Idle, "a reply that does not end the request");
        }
    };
    for (const qsizetype cut : cuts)
        piece(std::min(cut, bytes.size()));
    piece(bytes.size());

    v.end = framing.phase();
    v.status = framing.refusal().status;
    v.message = framing.refusal().message;
    if (v.end != Phase::Idle && v.end != Phase::Refused) {
        v.method = framing.method();
        v.contentLength = framing.contentLength();
        v.bodyLeft = framing.bodyLeft();
        v.headBytes = framing.headBytes();
    }
    // A request still arriving may time out; after a refusal, nothing more is taken.
    if (v.end == Phase::Head || v.end == Phase::Body) {
        RequestFraming timedOut = framing;
        timedOut.refuse(408, QStringLiteral("too slow"));
        checkState(timedOut, limits);
        FUZZ_CHECK(!timedOut.follow("GET / HTTP/1.1\r\n\r\n", 18), "bytes taken after a refusal");
    }
    return v;
}

std::vector<qsizetype> merged(std::vector<qsizetype> a, const std::vector<qsizetype> &b)
{
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    return a;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    static constexpr int heads[] = {32, 128, 1024, 16 * 1024};
    static constexpr qint64 bodies[] = {0, 16, 1024, 1024 * 1024};
    Limits limits;
    limits.maxHeadBytes = heads[data[0] & 3];
    limits.maxBodyBytes = bodies[(data[0] >> 2) & 3];
    limits.skipWholeBody = (data[0] & 0x10) != 0;
    const size_t n = std::min<size_t>(data[1] % 16, size - 2);
    std::vector<qsizetype> lengths;
    for (size_t i = 0; i < n; ++i)
        lengths.push_back(qsizetype(data[2 + i]) + 1);
    if (lengths.empty())
        lengths.push_back(7);
    const QByteArray bytes(reinterpret_cast<const char *>(data + 2 + n), qsizetype(size - 2 - n));

    std::vector<qsizetype> cuts, everyByte;
    for (qsizetype at = 0, i = 0; at < bytes.size(); ++i) {
        at += lengths[size_t(i) % lengths.size()];
        cuts.push_back(at);
    }
    for (qsizetype at = 1; at < bytes.size(); ++at)
        everyByte.push_back(at);

    // No reply: one request, and what comes after it is pipelined, however the bytes are split.
    const Verdicts whole = drive(bytes, {}, false, limits);
    const Verdicts split = drive(bytes, cuts, false, limits);
    if (!(whole == split)) {
        print("whole", whole);
        print("split", split);
    }
    FUZZ_CHECK(whole == split, "the same bytes split differently get different verdicts");

    // A reply as soon as each request is complete: a client that waits for it before the next one.
    const Verdicts patient = drive(bytes, everyByte, true, limits);
    const Verdicts pieces = drive(bytes, merged(cuts, patient.completedAt), true, limits);
    if (!(patient == pieces)) {
        print("byte by byte", patient);
        print("in pieces", pieces);
    }
    FUZZ_CHECK(patient == pieces, "the same conversation split differently gets different verdicts");
    return 0;
}
