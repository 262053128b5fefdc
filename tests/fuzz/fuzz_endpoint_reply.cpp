// An endpoint's reply (dispatch/EndpointReply) and a failed reply's error: whatever an endpoint answers,
// the hub reads what it can and never crashes; an asynchronous reply has a delay and where to call.

#include "FuzzCheck.h"

#include "dispatch/EndpointReply.h"

#include <QByteArray>

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const EndpointReply reply = EndpointReply::parse(body);
    if (reply.isAsync())
        FUZZ_CHECK(*reply.delaySeconds >= 0, "an asynchronous reply with a delay before now");
    for (const Json &m : reply.messages)
        FUZZ_CHECK(m.is_object(), "a message from a reply that is not an object");
    (void)replyError(body);
    return 0;
}
