#include "Filter.h"

#include <array>
#include <charconv>
#include <cmath>

namespace engine {

namespace {

constexpr std::array<std::pair<const char *, FilterOperator>, 10> operatorNames{{
    {"eq", FilterOperator::Eq},
    {"neq", FilterOperator::Neq},
    {"gt", FilterOperator::Gt},
    {"lt", FilterOperator::Lt},
    {"begin", FilterOperator::Begin},
    {"contains", FilterOperator::Contains},
    {"end", FilterOperator::End},
    {"present", FilterOperator::Present},
    {"empty", FilterOperator::Empty},
    {"match", FilterOperator::Match},
}};

// A string that is wholly a decimal number ("44.98", "-3", "1e3"), as a number.
std::optional<double> numberInString(const std::string &s)
{
    if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())))
        return std::nullopt;
    double d = 0;
    const char *begin = s.data();
    if (*begin == '+')
        return std::nullopt;
    const char *end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(begin, end, d);
    if (ec != std::errc() || ptr != end || !std::isfinite(d))
        return std::nullopt;
    return d;
}

std::optional<double> asNumber(const Json &v)
{
    if (v.is_number())
        return v.get<double>();
    if (v.is_string())
        return numberInString(v.get_ref<const std::string &>());
    return std::nullopt;
}

bool isEmptyValue(const Json &v)
{
    return v.is_null() || (v.is_string() && v.get_ref<const std::string &>().empty()) ||
           ((v.is_array() || v.is_object()) && v.empty());
}

} // namespace

std::optional<FilterOperator> filterOperatorFromName(std::string_view name)
{
    for (const auto &[text, op] : operatorNames) {
        if (name == text)
            return op;
    }
    return std::nullopt;
}

const char *filterOperatorName(FilterOperator op)
{
    for (const auto &[text, candidate] : operatorNames) {
        if (candidate == op)
            return text;
    }
    return "?";
}

Json FilterRule::toJson() const
{
    Json j = {{"path", path}, {"operator", op}};
    if (!value.is_null() || (op != "present" && op != "empty"))
        j["value"] = value;
    return j;
}

Result<FilterRule> FilterRule::fromJson(const Json &json)
{
    if (!json.is_object())
        return Error{
            QStringLiteral("a filter must be an object {path, operator, value}, got %1").arg(describeJsonType(json))};
    FilterRule rule;
    for (const char *key : {"path", "operator"}) {
        const auto it = json.find(key);
        if (it == json.end() || !it->is_string())
            return fieldError(QLatin1String(key), QStringLiteral("is required and must be a string"));
    }
    rule.path = json["path"].get<std::string>();
    rule.op = json["operator"].get<std::string>();
    if (const auto it = json.find("value"); it != json.end())
        rule.value = *it;
    else if (rule.op != "present" && rule.op != "empty")
        return fieldError(QStringLiteral("value"), QStringLiteral("is required for %1").arg(toQString(rule.op)));
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != "path" && it.key() != "operator" && it.key() != "value")
            return fieldError(toQString(it.key()), QStringLiteral("is not a filter key (use path, operator, value)"));
    }
    return rule;
}

Json filterRulesToJson(const std::vector<FilterRule> &rules)
{
    Json list = Json::array();
    for (const FilterRule &rule : rules)
        list.push_back(rule.toJson());
    return list;
}

Result<std::vector<FilterRule>> filterRulesFromJson(const Json &json)
{
    if (json.is_null())
        return std::vector<FilterRule>{};
    if (!json.is_array())
        return Error{QStringLiteral("must be a list of filters, got %1").arg(describeJsonType(json))};
    std::vector<FilterRule> rules;
    for (size_t i = 0; i < json.size(); ++i) {
        Result<FilterRule> rule = FilterRule::fromJson(json[i]);
        if (!rule)
            return rule.error().prefixed(QStringLiteral("[%1]").arg(i));
        rules.push_back(std::move(rule).value());
    }
    return rules;
}

Result<Filter> Filter::compile(const FilterRule &rule)
{
    Filter f;
    Result<JsonPath> path = JsonPath::parse(rule.path);
    if (!path)
        return path.error().prefixed(QStringLiteral("path"));
    f.m_path = std::move(path).value();

    const std::optional<FilterOperator> op = filterOperatorFromName(rule.op);
    if (!op) {
        return fieldError(QStringLiteral("operator"),
                          QStringLiteral("'%1' is not an operator; use one of eq, neq, gt, lt, begin, contains, end, "
                                         "present, empty, match")
                              .arg(toQString(rule.op)));
    }
    f.m_op = *op;
    f.m_value = rule.value;

    const QString valueField = QStringLiteral("value");
    const Json &v = rule.value;
    switch (f.m_op) {
    case FilterOperator::Present:
    case FilterOperator::Empty:
        break;
    case FilterOperator::Eq:
    case FilterOperator::Neq:
        break; // any JSON value, null included
    case FilterOperator::Gt:
    case FilterOperator::Lt:
        if (!v.is_number() && !v.is_string())
            return fieldError(valueField, QStringLiteral("must be a number or a string for %1, got %2")
                                              .arg(QLatin1String(rule.op.c_str()), describeJsonType(v)));
        break;
    case FilterOperator::Begin:
    case FilterOperator::End:
    case FilterOperator::Match:
        if (!v.is_string())
            return fieldError(valueField, QStringLiteral("must be a string for %1, got %2")
                                              .arg(QLatin1String(rule.op.c_str()), describeJsonType(v)));
        break;
    case FilterOperator::Contains:
        if (!v.is_string() && !v.is_number() && !v.is_boolean())
            return fieldError(
                valueField,
                QStringLiteral("must be a string, number or boolean for contains, got %1").arg(describeJsonType(v)));
        break;
    }
    if (v.is_number())
        f.m_number = v.get<double>();
    if (f.m_op == FilterOperator::Match) {
        f.m_regex.setPattern(toQString(v.get<std::string>()));
        if (!f.m_regex.isValid()) {
            return fieldError(valueField, QStringLiteral("is not a valid regular expression: %1 at offset %2")
                                              .arg(f.m_regex.errorString())
                                              .arg(f.m_regex.patternErrorOffset()));
        }
        f.m_regex.optimize();
    }
    return f;
}

bool Filter::test(const Json &root) const
{
    const std::vector<const Json *> values = m_path.collect(root);
    switch (m_op) {
    case FilterOperator::Present:
        for (const Json *v : values) {
            if (!v->is_null())
                return true;
        }
        return false;
    case FilterOperator::Empty:
        for (const Json *v : values) {
            if (!isEmptyValue(*v))
                return false;
        }
        return true;
    case FilterOperator::Neq:
        for (const Json *v : values) {
            if (equals(*v))
                return false;
        }
        return true;
    default:
        for (const Json *v : values) {
            if (satisfies(*v))
                return true;
        }
        return false;
    }
}

bool Filter::satisfies(const Json &v) const
{
    switch (m_op) {
    case FilterOperator::Eq:
        return equals(v);
    case FilterOperator::Gt: {
        const auto c = compare(v);
        return c && *c > 0;
    }
    case FilterOperator::Lt: {
        const auto c = compare(v);
        return c && *c < 0;
    }
    case FilterOperator::Begin:
        return v.is_string() && v.get_ref<const std::string &>().starts_with(m_value.get_ref<const std::string &>());
    case FilterOperator::End:
        return v.is_string() && v.get_ref<const std::string &>().ends_with(m_value.get_ref<const std::string &>());
    case FilterOperator::Contains:
        if (v.is_string() && m_value.is_string())
            return v.get_ref<const std::string &>().find(m_value.get_ref<const std::string &>()) != std::string::npos;
        if (v.is_array()) {
            for (const Json &element : v) {
                if (equals(element))
                    return true;
            }
        }
        return false;
    case FilterOperator::Match:
        if (v.is_string())
            return m_regex.match(toQString(v.get_ref<const std::string &>())).hasMatch();
        if (v.is_number())
            return m_regex.match(toQString(v.dump())).hasMatch();
        return false;
    default:
        return false;
    }
}

bool Filter::equals(const Json &v) const
{
    if (m_number) {
        const std::optional<double> n = asNumber(v);
        return n && *n == *m_number;
    }
    if (m_value.is_string())
        return v.is_string() && v.get_ref<const std::string &>() == m_value.get_ref<const std::string &>();
    return v == m_value;
}

std::optional<int> Filter::compare(const Json &v) const
{
    if (m_number) {
        const std::optional<double> n = asNumber(v);
        if (!n)
            return std::nullopt;
        return *n < *m_number ? -1 : (*n > *m_number ? 1 : 0);
    }
    if (m_value.is_string() && v.is_string())
        return v.get_ref<const std::string &>().compare(m_value.get_ref<const std::string &>());
    return std::nullopt;
}

} // namespace engine
