// Configuration import (config/Configuration): a file that is refused is refused with a reason; one that is
// taken exports to a file that is taken again and exports the same.

#include "FuzzCheck.h"

#include "config/Configuration.h"
#include "core/Json.h"

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Json file = Json::parse(data, data + size, nullptr, false);
    if (file.is_discarded())
        return 0;
    const Result<Configuration> read = Configuration::fromJson(file);
    if (!read) {
        FUZZ_CHECK(!read.error().text().isEmpty(), "a configuration refused without saying why");
        return 0;
    }
    const Json exported = read.value().toJson();
    const Result<Configuration> again = Configuration::fromJson(exported);
    FUZZ_CHECK(again.ok(), "an exported configuration is refused when imported again");
    FUZZ_CHECK(again.value().toJson() == exported, "a configuration changes on its way out and back in");
    return 0;
}
