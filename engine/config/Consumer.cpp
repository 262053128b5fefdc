#include "Consumer.h"

#include "FieldReader.h"
#include "Validation.h"
#include "filter/JsonPath.h"
#include "message/MessageType.h"

namespace engine {

Status Consumer::validate() const
{
    if (Status ok = Validation::name(QStringLiteral("name"), name); !ok)
        return ok;
    if (Status ok = Validation::typePatterns(QStringLiteral("messages"), messages); !ok)
        return ok;
    if (Result<FilterSet> f = FilterSet::compile(filters, match); !f)
        return f.error();
    if (Status ok = MessageType::validate(toStdString(emits)); !ok)
        return ok.error().prefixed(QStringLiteral("emits"));
    if (payload != QLatin1String("same")) {
        if (Result<JsonPath> p = JsonPath::parse(toStdString(payload)); !p)
            return Error{QStringLiteral("must be \"same\" or a path like payload.order: ") + p.error().message,
                         QStringLiteral("payload")};
    }
    return {};
}

Json Consumer::toJson() const
{
    Json patterns = Json::array();
    for (const QString &m : messages)
        patterns.push_back(toStdString(m));
    return Json{{"name", toStdString(name)},
                {"messages", patterns},
                {"filters", filterRulesToJson(filters)},
                {"match", matchRuleName(match)},
                {"emits", toStdString(emits)},
                {"payload", toStdString(payload)},
                {"enabled", enabled}};
}

Result<Consumer> Consumer::fromJson(const Json &json)
{
    Consumer c;
    FieldReader r(json);
    r.onlyKeys({"name", "messages", "filters", "match", "emits", "payload", "enabled"})
        .string("name", c.name, Presence::Required)
        .stringList("messages", c.messages, Presence::Required)
        .filterRules("filters", c.filters)
        .matchRule("match", c.match)
        .string("emits", c.emits, Presence::Required)
        .string("payload", c.payload)
        .boolean("enabled", c.enabled);
    if (!r.ok())
        return r.error();
    return c;
}

} // namespace engine
