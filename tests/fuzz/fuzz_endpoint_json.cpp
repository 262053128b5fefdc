// An endpoint's description of itself, endpoint.json (dispatch/Discovery): read what it says or refuse it
// with a reason, and offer each service's subscription without a crash.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "dispatch/Discovery.h"

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Json document = Json::parse(data, data + size, nullptr, false);
    if (document.is_discarded())
        return 0;
    const Result<EndpointDescription> described = EndpointDescription::fromJson(document);
    if (!described) {
        FUZZ_CHECK(!described.error().text().isEmpty(), "an endpoint.json refused without saying why");
        return 0;
    }
    for (const ServiceDescription &service : described.value().services)
        (void)Discovery::subscriptionFor(QStringLiteral("endpoint"), service, {});
    return 0;
}
