// The push API's body (push/PushBody): whatever arrives, an answer and no crash; what it takes is JSON that
// nlohmann/json reads too, each message's payload an object and its id a message id.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "core/ObjectId.h"
#include "push/PushBody.h"

#include <QByteArray>
#include <QString>

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = parsePushBody(body, QStringLiteral("main"), 100);
    if (const auto *refusal = std::get_if<PushRefusal>(&parsed)) {
        FUZZ_CHECK(refusal->status == 400 || refusal->status == 413 || refusal->status == 422,
                   "a refusal with a status the push API does not give for a body");
        FUZZ_CHECK(!refusal->error.isEmpty(), "a refusal that does not say why");
        return 0;
    }
    const PushBody &taken = std::get<PushBody>(parsed);
    FUZZ_CHECK(Json::accept(body.begin(), body.end()), "taken, but nlohmann/json cannot read it");
    FUZZ_CHECK(!taken.messages.empty() && taken.messages.size() <= 100, "a batch taken empty or over its limit");
    for (const IncomingMessage &m : taken.messages) {
        FUZZ_CHECK(ObjectId::isValid(m.id), "a message taken with an id that is not one");
        FUZZ_CHECK(m.type.find(':') != std::string::npos, "a message taken with a type that is not noun:verb");
        const Json payload = Json::parse(m.payloadText, nullptr, false);
        FUZZ_CHECK(payload.is_object(), "a message taken whose payload is not an object");
        if (!m.extraText.empty())
            FUZZ_CHECK(Json::parse(m.extraText, nullptr, false).is_object(), "extra keys kept as other than an object");
    }
    return 0;
}
