#include "Consumer.h"

#include "FieldReader.h"
#include "Validation.h"
#include "filter/JsonPath.h"
#include "message/MessageType.h"

#include <QSet>

namespace engine {

namespace {

// A path a rule reads: from the message's root, or from the element of `each` when it starts with "each".
Status checkPath(const QString &field, const QString &path, bool hasEach)
{
    if (Consumer::readsElement(path)) {
        if (!hasEach)
            return fieldError(field, QStringLiteral("'%1' reads the element of each, but each is not set").arg(path));
        if (path == QLatin1String("each"))
            return {};
    }
    if (Result<JsonPath> p = JsonPath::parse(toStdString(path)); !p)
        return p.error().prefixed(field);
    return {};
}

Status checkNamedPaths(const QString &field, const std::vector<Identifier> &paths, bool hasEach)
{
    QSet<QString> names;
    for (const Identifier &p : paths) {
        const QString at = QStringLiteral("%1.%2").arg(field, p.name);
        if (Status ok = Validation::name(field, p.name); !ok)
            return ok;
        if (names.contains(p.name))
            return fieldError(at, QStringLiteral("is listed twice"));
        names.insert(p.name);
        if (Status ok = checkPath(at, p.path, hasEach); !ok)
            return ok;
    }
    return {};
}

} // namespace

bool Consumer::readsElement(const QString &path)
{
    return path == QLatin1String("each") || path.startsWith(QLatin1String("each."));
}

Status Consumer::validate() const
{
    if (Status ok = Validation::name(QStringLiteral("name"), name); !ok)
        return ok;
    if (Status ok = Validation::typePatterns(QStringLiteral("messages"), messages); !ok)
        return ok;
    const bool hasEach = !each.isEmpty();
    if (hasEach) {
        Result<JsonPath> p = JsonPath::parse(toStdString(each));
        if (!p)
            return p.error().prefixed(QStringLiteral("each"));
        if (!p->hasWildcard())
            return fieldError(
                QStringLiteral("each"),
                QStringLiteral("'%1' needs a * where the elements are, like payload.order.shipments.*").arg(each));
        if (readsElement(each))
            return fieldError(QStringLiteral("each"), QStringLiteral("starts from the message, not from each"));
    }
    for (size_t i = 0; i < filters.size(); ++i) {
        const QString field = QStringLiteral("filters[%1].path").arg(i);
        const QString path = toQString(filters[i].path);
        if (Status ok = checkPath(field, path, hasEach); !ok)
            return ok;
        if (path == QLatin1String("each")) // a filter tests a value inside the element
            return fieldError(field, QStringLiteral("name a field of the element, like each.status"));
    }
    if (Result<FilterSet> f = FilterSet::compile(filters, match); !f)
        return f.error();
    if (Status ok = MessageType::validate(toStdString(emits)); !ok)
        return ok.error().prefixed(QStringLiteral("emits"));
    if (payload != QLatin1String("same")) {
        if (payload.isEmpty())
            return fieldError(QStringLiteral("payload"),
                              QStringLiteral("must be \"same\" or a path like payload.order"));
        if (Status ok = checkPath(QStringLiteral("payload"), payload, hasEach); !ok)
            return Error{QStringLiteral("must be \"same\" or a path like payload.order: ") + ok.error().message,
                         QStringLiteral("payload")};
        if (!readsElement(payload) && payload.contains(QLatin1Char('*')))
            return fieldError(QStringLiteral("payload"),
                              QStringLiteral("'%1' has a *: to emit one message per element, set each to it and "
                                             "make the payload each")
                                  .arg(payload));
    }
    if (!as.isEmpty()) {
        if (Status ok = Validation::name(QStringLiteral("as"), as); !ok)
            return ok;
    }
    if (Status ok = checkNamedPaths(QStringLiteral("add"), add, hasEach); !ok)
        return ok;
    // Identifiers are read from the message that would be emitted, which has no element of its own.
    if (Status ok = checkNamedPaths(QStringLiteral("identifiers"), identifiers, false); !ok)
        return ok;
    return {};
}

Json Consumer::toJson() const
{
    Json patterns = Json::array();
    for (const QString &m : messages)
        patterns.push_back(toStdString(m));
    Json json{{"name", toStdString(name)}, {"messages", patterns}};
    if (!each.isEmpty())
        json["each"] = toStdString(each);
    json["filters"] = filterRulesToJson(filters);
    json["match"] = matchRuleName(match);
    json["emits"] = toStdString(emits);
    json["payload"] = toStdString(payload);
    if (!as.isEmpty())
        json["as"] = toStdString(as);
    if (!add.empty())
        json["add"] = namedPathsToJson(add);
    json["identifiers"] = namedPathsToJson(identifiers);
    json["enabled"] = enabled;
    return json;
}

Result<Consumer> Consumer::fromJson(const Json &json)
{
    Consumer c;
    FieldReader r(json);
    r.onlyKeys(
         {"name", "messages", "each", "filters", "match", "emits", "payload", "as", "add", "identifiers", "enabled"})
        .string("name", c.name, Presence::Required)
        .stringList("messages", c.messages, Presence::Required)
        .string("each", c.each)
        .filterRules("filters", c.filters)
        .matchRule("match", c.match)
        .string("emits", c.emits, Presence::Required)
        .string("payload", c.payload)
        .string("as", c.as)
        .boolean("enabled", c.enabled);
    if (!r.ok())
        return r.error();
    for (auto [key, out] : {std::pair{"add", &c.add}, std::pair{"identifiers", &c.identifiers}}) {
        if (const Json *paths = r.find(key)) {
            Result<std::vector<Identifier>> list = Subscription::identifiersFromJson(*paths);
            if (!list)
                return list.error().prefixed(QLatin1String(key));
            *out = std::move(list).value();
        }
    }
    return c;
}

} // namespace engine
