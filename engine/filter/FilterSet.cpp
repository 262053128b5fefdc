#include "FilterSet.h"

namespace engine {

std::optional<MatchRule> matchRuleFromName(std::string_view name)
{
    if (name == "all")
        return MatchRule::All;
    if (name == "any")
        return MatchRule::Any;
    return std::nullopt;
}

const char *matchRuleName(MatchRule rule)
{
    return rule == MatchRule::All ? "all" : "any";
}

Result<FilterSet> FilterSet::compile(const std::vector<FilterRule> &rules, MatchRule match)
{
    FilterSet set;
    set.m_match = match;
    set.m_filters.reserve(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) {
        Result<Filter> filter = Filter::compile(rules[i]);
        if (!filter)
            return filter.error().prefixed(QStringLiteral("filters[%1]").arg(i));
        set.m_filters.push_back(std::move(filter).value());
    }
    return set;
}

bool FilterSet::test(const Json &root) const
{
    if (m_filters.empty())
        return true;
    if (m_match == MatchRule::All) {
        for (const Filter &f : m_filters) {
            if (!f.test(root))
                return false;
        }
        return true;
    }
    for (const Filter &f : m_filters) {
        if (f.test(root))
            return true;
    }
    return false;
}

} // namespace engine
