#pragma once
// One filter rule {path, operator, value} (DESIGN §7) and its checked, ready-to-run form.
// The same engine serves subscriptions and consumers. A compiled Filter is immutable and thread-safe.
//
// Semantics, for every value the path reaches (a path with * can reach many):
//   eq, gt, lt, begin, end, contains, match pass when at least one value satisfies them;
//   neq passes when none is equal (a missing path is "not equal");
//   present passes when some value is not null; empty passes when every value is null, "", [] or {}
//   (or the path is missing).
// Numbers compare as numbers: a number in the rule also matches a string holding a number, as Spree writes
// money ("44.98"). Strings compare as strings (byte order, which sorts ISO-8601 times correctly).
// Other type pairs never match.

#include "JsonPath.h"
#include "core/Json.h"
#include "core/Result.h"

#include <QRegularExpression>

#include <optional>
#include <string>
#include <vector>

namespace engine {

enum class FilterOperator { Eq, Neq, Gt, Lt, Begin, Contains, End, Present, Empty, Match };

std::optional<FilterOperator> filterOperatorFromName(std::string_view name);
const char *filterOperatorName(FilterOperator op);

// The rule as stored and edited.
struct FilterRule {
    std::string path;
    std::string op; // as written; checked by Filter::compile
    Json value;

    friend bool operator==(const FilterRule &, const FilterRule &) = default;

    Json toJson() const;
    // Reads {path, operator, value}; compile() checks the content.
    static Result<FilterRule> fromJson(const Json &json);
};

// A list of rules to and from its JSON form; errors name the rule by index ("[2].operator").
Json filterRulesToJson(const std::vector<FilterRule> &rules);
Result<std::vector<FilterRule>> filterRulesFromJson(const Json &json);

class Filter {
public:
    static Result<Filter> compile(const FilterRule &rule);

    bool test(const Json &root) const;

private:
    bool satisfies(const Json &value) const;
    bool equals(const Json &value) const;
    // <0, 0, >0, or nothing when the value cannot be compared with the rule's.
    std::optional<int> compare(const Json &value) const;

    JsonPath m_path;
    FilterOperator m_op = FilterOperator::Eq;
    Json m_value;
    std::optional<double> m_number; // the rule's value when it is a number
    QRegularExpression m_regex;
};

} // namespace engine
