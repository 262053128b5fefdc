#pragma once
// A list of filters and the rule that combines them: all must pass, or any one. An empty list passes.
// Immutable after compile(); thread-safe.

#include "Filter.h"

#include <vector>

namespace engine {

enum class MatchRule { All, Any };

std::optional<MatchRule> matchRuleFromName(std::string_view name);
const char *matchRuleName(MatchRule rule);

class FilterSet {
public:
    FilterSet() = default;
    // The error names the failing filter by index ("filters[2].operator").
    static Result<FilterSet> compile(const std::vector<FilterRule> &rules, MatchRule match);

    bool test(const Json &root) const;
    bool isEmpty() const { return m_filters.empty(); }

private:
    std::vector<Filter> m_filters;
    MatchRule m_match = MatchRule::All;
};

} // namespace engine
