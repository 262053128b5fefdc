// JsonScan against nlohmann/json, differentially: both accept or both refuse (but for nesting deeper than
// JsonScan's limit, which it refuses by design), and what JsonScan reads of a document (an object's members,
// an array's elements, a string's text) is what nlohmann/json parses of it.

#include "FuzzCheck.h"

#include "core/Json.h"
#include "message/JsonScan.h"

#include <string>
#include <string_view>
#include <vector>

using engine::Json;
namespace JsonScan = engine::JsonScan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    JsonScan::Problem problem;
    const bool scanned = JsonScan::validate(text, problem);
    const Json whole = Json::parse(text, nullptr, false);
    if (!scanned && std::string_view(problem.what) == "nested too deeply")
        return 0;
    // nlohmann/json takes a NUL byte for the end of its input, and so accepts a document followed by a NUL
    // and anything at all, unread; JsonScan, like RFC 8259, refuses that. What comes before must agree.
    if (const size_t nul = text.find('\0'); !scanned && !whole.is_discarded() && nul != std::string_view::npos) {
        FUZZ_CHECK(JsonScan::validate(text.substr(0, nul), problem), "JsonScan refuses what comes before a NUL");
        return 0;
    }
    FUZZ_CHECK(scanned == !whole.is_discarded(), "JsonScan and nlohmann/json disagree on whether it is JSON");
    if (!scanned)
        return 0;

    if (whole.is_object()) {
        Json members = Json::object();
        FUZZ_CHECK(JsonScan::members(text,
                                     [&](std::string &&key, std::string_view value) {
                                         const Json parsed = Json::parse(value, nullptr, false);
                                         FUZZ_CHECK(!parsed.is_discarded(),
                                                    "a member's value, as JsonScan cut it, is not JSON");
                                         members[key] =
                                             parsed; // a repeated key: the last one counts, as in nlohmann/json
                                     }),
                   "JsonScan did not read an object as one");
        FUZZ_CHECK(members == whole, "the members JsonScan read differ from nlohmann/json's");
    } else if (whole.is_array()) {
        std::vector<Json> elements;
        FUZZ_CHECK(JsonScan::elements(
                       text, [&](std::string_view value) { elements.push_back(Json::parse(value, nullptr, false)); }),
                   "JsonScan did not read an array as one");
        FUZZ_CHECK(Json(elements) == whole, "the elements JsonScan read differ from nlohmann/json's");
    } else if (whole.is_string()) {
        std::string decoded;
        const size_t start = text.find('"');
        const size_t end = text.rfind('"');
        FUZZ_CHECK(JsonScan::decodeString(text.substr(start, end - start + 1), decoded),
                   "JsonScan did not decode a string");
        FUZZ_CHECK(decoded == whole.get<std::string>(), "the string JsonScan decoded differs from nlohmann/json's");
    }
    return 0;
}
