#pragma once
// A dotted path from a message's root ("payload.order.shipments.*.state"). A * segment stands for every
// element of an array or every value of an object; a number picks an array element. Used by filters,
// identifiers and consumers alike. Immutable after parse(); safe to share between threads.

#include "core/Json.h"
#include "core/Result.h"

#include <string>
#include <string_view>
#include <vector>

namespace engine {

class JsonPath {
public:
    JsonPath() = default;
    static Result<JsonPath> parse(std::string_view text);

    // Every value the path reaches in root, in document order; none when a step is missing.
    std::vector<const Json *> collect(const Json &root) const;
    const std::string &text() const { return m_text; }
    bool hasWildcard() const;

private:
    void collect(const Json &node, size_t step, std::vector<const Json *> &out) const;

    std::string m_text;
    std::vector<std::string> m_segments;
};

} // namespace engine
