// Filters (filter/): a document {"filters": [...], "match": "all"|"any", "message": {...}} is read as the
// configuration reads filters, compiled, and tested against the message. A filter that cannot be read or
// compiled is an error that says which; a compiled one answers for any message, without a crash.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "filter/Filter.h"
#include "filter/FilterSet.h"

using namespace engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const Json input = Json::parse(data, data + size, nullptr, false);
    if (!input.is_object() || !input.contains("filters"))
        return 0;
    const Result<std::vector<FilterRule>> rules = filterRulesFromJson(input["filters"]);
    if (!rules) {
        FUZZ_CHECK(!rules.error().text().isEmpty(), "a filter refused without saying why");
        return 0;
    }
    // What was read writes back to what reads the same.
    const Result<std::vector<FilterRule>> again = filterRulesFromJson(filterRulesToJson(rules.value()));
    FUZZ_CHECK(again.ok() && filterRulesToJson(again.value()) == filterRulesToJson(rules.value()),
               "filters written back do not read the same");

    MatchRule match = MatchRule::All;
    if (const auto it = input.find("match"); it != input.end() && it->is_string()) {
        const auto named = matchRuleFromName(it->get_ref<const std::string &>());
        if (!named)
            return 0;
        match = *named;
    }
    const Result<FilterSet> set = FilterSet::compile(rules.value(), match);
    if (!set) {
        FUZZ_CHECK(!set.error().text().isEmpty(), "a filter that does not compile, without saying why");
        return 0;
    }
    const Json message = input.value("message", Json::object());
    const bool first = set.value().test(message);
    FUZZ_CHECK(set.value().test(message) == first, "the same filters answer the same message differently");
    return 0;
}
