// What the poller reads of a Spree store's answers (poll/): an order in full from API v1 or the Admin API v3
// mapped to the hub's order shape, the difference between two copies of it, and why an answer is not what
// the hub needs. A store's answer is outside the hub's control: nothing in it may crash the poller. The
// input is an answer's status and body: {"status": 200, "v3": false, "body": <order>, "before": <order>}.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "poll/ObjectDiff.h"
#include "poll/OrderMapping.h"
#include "poll/SpreeClient.h"

using namespace engine;

namespace {

Json mapped(bool v3, const Json &order)
{
    return v3 ? OrderMapping::fromV3(order) : OrderMapping::fromV1(order);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Json input = Json::parse(data, data + size, nullptr, false);
    if (!input.is_object())
        return 0;
    const bool v3 = input.value("v3", Json()) == Json(true);
    const Json body = input.value("body", Json());

    SpreeClient::Answer answer;
    const Json status = input.value("status", Json(200));
    answer.status = status.is_number_integer() ? status.get<long>() : 200;
    answer.body = QByteArray::fromStdString(body.dump());
    answer.contentType = "application/json";
    (void)SpreeClient::reasonFor(answer, body);

    const Json order = mapped(v3, body);
    FUZZ_CHECK(order.is_object(), "an order mapped to something other than an object");
    const Json before = mapped(v3, input.value("before", Json()));
    const Json diff = ObjectDiff::between(before, order);
    FUZZ_CHECK(diff.is_object(), "a difference that is not an object");
    FUZZ_CHECK(ObjectDiff::between(order, order).empty(), "an order differs from itself");
    (void)ObjectDiff::changesMoreThanTimes(diff);
    (void)ObjectDiff::summary(diff);
    return 0;
}
