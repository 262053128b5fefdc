#include "FieldReader.h"

namespace engine {

FieldReader::FieldReader(const Json &object) : m_object(object)
{
    if (!object.is_object())
        m_status = Error{QStringLiteral("must be a JSON object, got %1").arg(describeJsonType(object))};
}

void FieldReader::fail(const char *key, const QString &message)
{
    m_status = fieldError(QLatin1String(key), message);
}

const Json *FieldReader::find(const char *key) const
{
    if (!m_status)
        return nullptr;
    const auto it = m_object.find(key);
    return it == m_object.end() || it->is_null() ? nullptr : &*it;
}

const Json *FieldReader::present(const char *key, Presence presence)
{
    const Json *v = find(key);
    if (!v && m_status && presence == Presence::Required)
        fail(key, QStringLiteral("is required"));
    return v;
}

FieldReader &FieldReader::onlyKeys(std::initializer_list<const char *> allowed)
{
    if (!m_status)
        return *this;
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        bool known = false;
        for (const char *key : allowed)
            known = known || it.key() == key;
        if (!known) {
            QStringList names;
            for (const char *key : allowed)
                names << QLatin1String(key);
            m_status = fieldError(
                toQString(it.key()),
                QStringLiteral("is not a known key here; expected one of %1").arg(names.join(QStringLiteral(", "))));
            break;
        }
    }
    return *this;
}

FieldReader &FieldReader::string(const char *key, QString &out, Presence presence)
{
    if (const Json *v = present(key, presence)) {
        if (v->is_string())
            out = toQString(v->get<std::string>());
        else
            fail(key, QStringLiteral("must be a string, got %1").arg(describeJsonType(*v)));
    }
    return *this;
}

FieldReader &FieldReader::integer(const char *key, int &out, int min, int max, Presence presence)
{
    if (const Json *v = present(key, presence)) {
        if (!v->is_number_integer()) {
            fail(key, QStringLiteral("must be a whole number, got %1").arg(toQString(v->dump())));
        } else if (const qint64 n = v->get<qint64>(); n < min || n > max) {
            fail(key, QStringLiteral("must be between %1 and %2, got %3").arg(min).arg(max).arg(n));
        } else {
            out = static_cast<int>(n);
        }
    }
    return *this;
}

FieldReader &FieldReader::boolean(const char *key, bool &out)
{
    if (const Json *v = present(key, Presence::Optional)) {
        if (v->is_boolean())
            out = v->get<bool>();
        else
            fail(key, QStringLiteral("must be true or false, got %1").arg(toQString(v->dump())));
    }
    return *this;
}

FieldReader &FieldReader::stringList(const char *key, QStringList &out, Presence presence)
{
    const Json *v = present(key, presence);
    if (!v)
        return *this;
    if (!v->is_array()) {
        fail(key, QStringLiteral("must be a list of strings, got %1").arg(describeJsonType(*v)));
        return *this;
    }
    QStringList list;
    for (size_t i = 0; i < v->size(); ++i) {
        const Json &item = (*v)[i];
        if (!item.is_string()) {
            m_status = fieldError(QStringLiteral("%1[%2]").arg(QLatin1String(key)).arg(i),
                                  QStringLiteral("must be a string, got %1").arg(describeJsonType(item)));
            return *this;
        }
        list << toQString(item.get<std::string>());
    }
    out = list;
    return *this;
}

FieldReader &FieldReader::matchRule(const char *key, MatchRule &out)
{
    if (const Json *v = present(key, Presence::Optional)) {
        const std::optional<MatchRule> rule = v->is_string() ? matchRuleFromName(v->get<std::string>()) : std::nullopt;
        if (rule)
            out = *rule;
        else
            fail(key, QStringLiteral("must be \"all\" or \"any\", got %1").arg(toQString(v->dump())));
    }
    return *this;
}

FieldReader &FieldReader::filterRules(const char *key, std::vector<FilterRule> &out)
{
    if (const Json *v = present(key, Presence::Optional)) {
        Result<std::vector<FilterRule>> rules = filterRulesFromJson(*v);
        if (rules)
            out = std::move(rules).value();
        else
            m_status = rules.error().prefixed(QLatin1String(key));
    }
    return *this;
}

} // namespace engine
