// Filters (DESIGN §7), table-driven: every operator, wildcards over arrays and objects, missing paths,
// type mismatches, all/any, and the rules refused when a filter is saved.

#include "filter/FilterSet.h"

#include <gtest/gtest.h>

using namespace engine;

namespace {

const Json &document()
{
    static const Json doc = Json::parse(R"({
      "message": "order:new",
      "message_id": "5287b0e4a5f8f1c2d3000001",
      "payload": {"order": {
        "number": "R123456789", "status": "complete", "total": "44.98", "items": 3, "rate": 0.5,
        "email": "jane@example.com", "placed_on": "2026-11-05T14:03:21.400Z", "gift": false,
        "tags": ["vip", "repeat"], "notes": "", "coupon": null, "empty_list": [], "empty_object": {},
        "shipments": [{"number": "H1", "state": "ready", "cost": 5}, {"number": "H2", "state": "shipped", "cost": 0}],
        "by_warehouse": {"east": {"qty": 1}, "west": {"qty": 7}},
        "zip": 20814
      }}
    })");
    return doc;
}

struct Case {
    const char *path;
    const char *op;
    const char *value; // JSON text; nullptr for none
    bool passes;
};

void PrintTo(const Case &c, std::ostream *os)
{
    *os << c.path << ' ' << c.op << ' ' << (c.value ? c.value : "-");
}

class FilterTable : public ::testing::TestWithParam<Case> {};

TEST_P(FilterTable, Evaluates)
{
    const Case &c = GetParam();
    FilterRule rule{c.path, c.op, c.value ? Json::parse(c.value) : Json()};
    Result<Filter> filter = Filter::compile(rule);
    ASSERT_TRUE(filter.ok()) << qPrintable(filter.error().text());
    EXPECT_EQ(filter->test(document()), c.passes);
}

INSTANTIATE_TEST_SUITE_P(
    Operators, FilterTable,
    ::testing::Values(
        // eq / neq on strings, numbers, booleans, null
        Case{"payload.order.status", "eq", R"("complete")", true},
        Case{"payload.order.status", "eq", R"("canceled")", false},
        Case{"payload.order.status", "neq", R"("canceled")", true},
        Case{"payload.order.status", "neq", R"("complete")", false}, Case{"message", "eq", R"("order:new")", true},
        Case{"payload.order.items", "eq", "3", true}, Case{"payload.order.items", "eq", "3.0", true},
        Case{"payload.order.gift", "eq", "false", true}, Case{"payload.order.coupon", "eq", "null", true},
        // numbers compare as numbers, also against Spree's money strings; strings as strings
        Case{"payload.order.total", "eq", "44.98", true}, Case{"payload.order.total", "gt", "40", true},
        Case{"payload.order.total", "lt", "40", false}, Case{"payload.order.items", "gt", "2", true},
        Case{"payload.order.items", "lt", "3", false}, Case{"payload.order.rate", "lt", "1", true},
        Case{"payload.order.placed_on", "gt", R"("2026-11-01T00:00:00Z")", true},
        Case{"payload.order.placed_on", "lt", R"("2026-11-01T00:00:00Z")", false},
        // type mismatches never match
        Case{"payload.order.items", "eq", R"("3")", false}, Case{"payload.order.status", "gt", "5", false},
        Case{"payload.order.items", "gt", R"("2")", false}, Case{"payload.order.gift", "eq", "0", false},
        Case{"payload.order.tags", "eq", R"("vip")", false},
        // begin / end / contains
        Case{"payload.order.number", "begin", R"("R123")", true},
        Case{"payload.order.number", "begin", R"("H")", false},
        Case{"payload.order.email", "end", R"("@example.com")", true},
        Case{"payload.order.email", "end", R"("@example.org")", false},
        Case{"payload.order.email", "contains", R"("@ex")", true},
        Case{"payload.order.tags", "contains", R"("vip")", true},
        Case{"payload.order.tags", "contains", R"("new")", false},
        Case{"payload.order.items", "begin", R"("3")", false},
        // match
        Case{"payload.order.number", "match", R"("^R[0-9]{9}$")", true},
        Case{"payload.order.number", "match", R"("^H")", false}, Case{"payload.order.zip", "match", R"("^208")", true},
        // present / empty
        Case{"payload.order.number", "present", nullptr, true}, Case{"payload.order.coupon", "present", nullptr, false},
        Case{"payload.order.nothing", "present", nullptr, false}, Case{"payload.order.notes", "present", nullptr, true},
        Case{"payload.order.notes", "empty", nullptr, true}, Case{"payload.order.coupon", "empty", nullptr, true},
        Case{"payload.order.empty_list", "empty", nullptr, true},
        Case{"payload.order.empty_object", "empty", nullptr, true},
        Case{"payload.order.nothing", "empty", nullptr, true}, Case{"payload.order.tags", "empty", nullptr, false},
        Case{"payload.order.number", "empty", nullptr, false}));

INSTANTIATE_TEST_SUITE_P(Paths, FilterTable,
                         ::testing::Values(
                             // * over an array: any element may satisfy; neq needs none equal
                             Case{"payload.order.shipments.*.state", "eq", R"("ready")", true},
                             Case{"payload.order.shipments.*.state", "eq", R"("canceled")", false},
                             Case{"payload.order.shipments.*.state", "neq", R"("canceled")", true},
                             Case{"payload.order.shipments.*.state", "neq", R"("shipped")", false},
                             Case{"payload.order.shipments.*.cost", "gt", "4", true},
                             Case{"payload.order.shipments.*.cost", "gt", "5", false},
                             Case{"payload.order.shipments.*.number", "present", nullptr, true},
                             Case{"payload.order.shipments.*.tracking", "present", nullptr, false},
                             Case{"payload.order.shipments.*.tracking", "empty", nullptr, true},
                             // * over an object's values
                             Case{"payload.order.by_warehouse.*.qty", "gt", "5", true},
                             Case{"payload.order.by_warehouse.*.qty", "gt", "7", false},
                             // an index picks one element
                             Case{"payload.order.shipments.1.state", "eq", R"("shipped")", true},
                             Case{"payload.order.shipments.0.state", "eq", R"("shipped")", false},
                             Case{"payload.order.shipments.9.state", "present", nullptr, false},
                             // missing paths: nothing matches but neq and empty
                             Case{"payload.order.nothing.deeper", "eq", R"("x")", false},
                             Case{"payload.order.nothing.deeper", "neq", R"("x")", true},
                             Case{"payload.order.status.deeper", "eq", R"("x")", false},
                             Case{"payload.missing.*.x", "eq", "1", false},
                             Case{"payload.order.items.*", "eq", "3", false}));

Result<FilterSet> compileSet(const char *rulesJson, MatchRule match)
{
    Result<std::vector<FilterRule>> rules = filterRulesFromJson(Json::parse(rulesJson));
    if (!rules)
        return rules.error();
    return FilterSet::compile(*rules, match);
}

} // namespace

TEST(FilterSet, AllNeedsEveryRuleAnyNeedsOne)
{
    const char *rules = R"([{"path":"payload.order.status","operator":"eq","value":"complete"},
                            {"path":"payload.order.items","operator":"gt","value":10}])";
    Result<FilterSet> all = compileSet(rules, MatchRule::All);
    Result<FilterSet> any = compileSet(rules, MatchRule::Any);
    ASSERT_TRUE(all.ok() && any.ok());
    EXPECT_FALSE(all->test(document()));
    EXPECT_TRUE(any->test(document()));

    Result<FilterSet> none = compileSet("[]", MatchRule::Any);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->test(document())) << "an empty filter list lets everything through";
}

TEST(FilterSet, RefusesBadRulesWhenSaved)
{
    struct Bad {
        const char *rules;
        const char *field;
        const char *says;
    };
    for (const Bad &b : {
             Bad{R"([{"path":"payload.x","operator":"like","value":"a"}])", "filters[0].operator",
                 "'like' is not an operator"},
             Bad{R"([{"path":"payload.x","operator":"match","value":"(unclosed"}])", "filters[0].value",
                 "not a valid regular expression"},
             Bad{R"([{"path":"payload..x","operator":"eq","value":"a"}])", "filters[0].path", "empty step"},
             Bad{R"([{"path":"","operator":"eq","value":"a"}])", "filters[0].path", "is empty"},
             Bad{R"([{"path":"payload.x","operator":"begin","value":5}])", "filters[0].value", "must be a string"},
             Bad{R"([{"path":"payload.x","operator":"gt","value":true}])", "filters[0].value", "number or a string"},
             Bad{R"([{"path":"payload.x","operator":"contains","value":{"a":1}}])", "filters[0].value",
                 "string, number or boolean"},
             Bad{R"([{"path":"payload.x","operator":"eq","value":"a"},{"path":"payload.x","operator":"eq"}])",
                 "[1].value", "is required for eq"},
             Bad{R"([{"path":"payload.x","op":"eq","value":"a"}])", "[0].operator", "is required"},
             Bad{R"({"path":"payload.x"})", "", "must be a list of filters"},
         }) {
        Result<FilterSet> set = compileSet(b.rules, MatchRule::All);
        ASSERT_FALSE(set.ok()) << b.rules;
        EXPECT_EQ(set.error().field, QLatin1String(b.field)) << b.rules << " -> " << qPrintable(set.error().text());
        EXPECT_TRUE(set.error().message.contains(QLatin1String(b.says)))
            << b.rules << " -> " << qPrintable(set.error().text());
    }
}

TEST(FilterSet, PresentAndEmptyNeedNoValue)
{
    EXPECT_TRUE(compileSet(R"([{"path":"payload.x","operator":"present"}])", MatchRule::All).ok());
    EXPECT_TRUE(compileSet(R"([{"path":"payload.x","operator":"empty"}])", MatchRule::All).ok());
}

TEST(FilterRule, RoundTripsThroughJson)
{
    const Json rules = Json::parse(R"([{"path":"payload.order.status","operator":"eq","value":"complete"},
                                       {"path":"payload.order.number","operator":"present"}])");
    Result<std::vector<FilterRule>> parsed = filterRulesFromJson(rules);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(filterRulesToJson(*parsed), rules);
}
