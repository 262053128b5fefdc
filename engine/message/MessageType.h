#pragma once
// Message types in colon notation ("order:new", "shipment:ready") and the patterns subscriptions and
// consumers match them with ("order:new", "order:*", "*:updated", "*").

#include "core/Result.h"

#include <string>
#include <string_view>

namespace engine {

namespace MessageType {
// A type is noun:verb, each side one or more of a-z, 0-9 and _.
Status validate(std::string_view type);
} // namespace MessageType

class TypePattern {
public:
    static Result<TypePattern> parse(std::string_view pattern);

    bool matches(std::string_view type) const;
    const std::string &text() const { return m_text; }

private:
    std::string m_text;
    std::string m_noun; // empty means any
    std::string m_verb; // empty means any
};

} // namespace engine
