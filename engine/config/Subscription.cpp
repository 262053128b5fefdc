#include "Subscription.h"

#include "FieldReader.h"
#include "Validation.h"
#include "filter/JsonPath.h"
#include <QSet>

namespace engine {

namespace {
constexpr int maxRetryDelayS = 7 * 24 * 3600;
} // namespace

Problems Subscription::problems() const
{
    // Each part checked on its own, so that what is wrong in one does not hide what is wrong in another.
    const auto endpointProblem = [&]() -> Status {
        if (endpoint.isEmpty())
            return fieldError(QStringLiteral("endpoint"), QStringLiteral("is required (an endpoint's name)"));
        return {};
    };
    const auto pathProblem = [&]() -> Status {
        if (!path.startsWith(QLatin1Char('/')))
            return fieldError(QStringLiteral("path"), QStringLiteral("'%1' must start with /").arg(path));
        if (path.contains(QLatin1Char(' ')) || path.contains(QLatin1Char('#')))
            return fieldError(QStringLiteral("path"), QStringLiteral("'%1' must not contain spaces or #").arg(path));
        return {};
    };
    const auto parametersProblem = [&]() -> Status {
        QSet<QString> names;
        for (size_t i = 0; i < parameters.size(); ++i) {
            const QString field = QStringLiteral("parameters[%1].name").arg(i);
            if (parameters[i].name.trimmed().isEmpty())
                return fieldError(field, QStringLiteral("is required"));
            if (names.contains(parameters[i].name))
                return fieldError(field, QStringLiteral("'%1' is listed twice").arg(parameters[i].name));
            names.insert(parameters[i].name);
        }
        return {};
    };
    const auto filtersProblem = [&]() -> Status {
        if (Result<FilterSet> f = FilterSet::compile(filters, match); !f)
            return f.error();
        return {};
    };
    const auto identifiersProblem = [&]() -> Status {
        QSet<QString> names;
        for (size_t i = 0; i < identifiers.size(); ++i) {
            const QString at = QStringLiteral("identifiers.%1").arg(identifiers[i].name);
            if (Status ok = Validation::name(QStringLiteral("identifiers"), identifiers[i].name); !ok)
                return ok;
            if (names.contains(identifiers[i].name))
                return fieldError(at, QStringLiteral("is listed twice"));
            names.insert(identifiers[i].name);
            if (Result<JsonPath> p = JsonPath::parse(toStdString(identifiers[i].path)); !p)
                return p.error().prefixed(at);
        }
        return {};
    };
    const auto retriesProblem = [&]() -> Status {
        if (!retries.allowed)
            return {};
        if (retries.scheduleS.empty() || retries.scheduleS.size() > 50)
            return fieldError(QStringLiteral("retries.schedule_s"),
                              QStringLiteral("must list 1 to 50 delays in seconds"));
        for (size_t i = 0; i < retries.scheduleS.size(); ++i) {
            if (retries.scheduleS[i] < 0 || retries.scheduleS[i] > maxRetryDelayS) {
                return fieldError(QStringLiteral("retries.schedule_s[%1]").arg(i),
                                  QStringLiteral("must be between 0 and %1 seconds").arg(maxRetryDelayS));
            }
        }
        return {};
    };
    Problems found;
    for (const Status &s :
         {endpointProblem(), Validation::typePatterns(QStringLiteral("messages"), messages), pathProblem(),
          parametersProblem(), filtersProblem(), identifiersProblem(), retriesProblem()}) {
        if (!s)
            found.push_back(s.error());
    }
    return found;
}

Json Subscription::parametersJson() const
{
    Json list = Json::array();
    for (const Parameter &p : parameters)
        list.push_back({{"name", toStdString(p.name)}, {"value", p.value}});
    return list;
}

Json namedPathsToJson(const std::vector<Identifier> &paths)
{
    Json object = Json::object();
    for (const Identifier &p : paths)
        object[toStdString(p.name)] = toStdString(p.path);
    return object;
}

Json Subscription::identifiersJson() const
{
    return namedPathsToJson(identifiers);
}

Json Subscription::retryScheduleJson() const
{
    return Json(retries.scheduleS);
}

bool Subscription::sendsTheSameAs(const Subscription &other) const
{
    QStringList mine = messages, theirs = other.messages;
    mine.sort();
    theirs.sort();
    return endpoint == other.endpoint && store == other.store && mine == theirs && path == other.path &&
           parameters == other.parameters && filters == other.filters && (filters.empty() || match == other.match);
}

QString Subscription::description() const
{
    return QStringLiteral("%1 at %2 for %3").arg(endpoint, path, messages.join(QStringLiteral(", ")));
}

Json Subscription::toJson() const
{
    Json patterns = Json::array();
    for (const QString &m : messages)
        patterns.push_back(toStdString(m));
    Json j{{"endpoint", toStdString(endpoint)},
           {"messages", patterns},
           {"path", toStdString(path)},
           {"parameters", parametersJson()},
           {"filters", filterRulesToJson(filters)},
           {"match", matchRuleName(match)},
           {"identifiers", identifiersJson()},
           {"retries", {{"allowed", retries.allowed}, {"schedule_s", retryScheduleJson()}}},
           {"enabled", enabled}};
    if (!store.isEmpty())
        j["store"] = toStdString(store);
    return j;
}

Result<std::vector<Parameter>> Subscription::parametersFromJson(const Json &json)
{
    std::vector<Parameter> list;
    if (json.is_null())
        return list;
    if (!json.is_array())
        return Error{QStringLiteral("must be a list of {name, value}, got %1").arg(describeJsonType(json))};
    for (size_t i = 0; i < json.size(); ++i) {
        Parameter p;
        FieldReader r(json[i]);
        r.onlyKeys({"name", "value"}).string("name", p.name, Presence::Required);
        if (!r.ok())
            return r.error().prefixed(QStringLiteral("[%1]").arg(i));
        p.value = json[i].value("value", Json());
        list.push_back(std::move(p));
    }
    return list;
}

Result<std::vector<Identifier>> Subscription::identifiersFromJson(const Json &json)
{
    std::vector<Identifier> list;
    if (json.is_null())
        return list;
    if (!json.is_object())
        return Error{QStringLiteral("must be an object of name: path, got %1").arg(describeJsonType(json))};
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!it.value().is_string())
            return fieldError(toQString(it.key()), QStringLiteral("must be a path string, like payload.order.number"));
        list.push_back({toQString(it.key()), toQString(it.value().get<std::string>())});
    }
    return list;
}

Result<Subscription> Subscription::fromJson(const Json &json)
{
    Subscription s;
    FieldReader r(json);
    r.onlyKeys({"endpoint", "store", "messages", "path", "parameters", "filters", "match", "identifiers", "retries",
                "enabled"})
        .string("endpoint", s.endpoint, Presence::Required)
        .string("store", s.store)
        .stringList("messages", s.messages, Presence::Required)
        .string("path", s.path)
        .filterRules("filters", s.filters)
        .matchRule("match", s.match)
        .boolean("enabled", s.enabled);
    if (!r.ok())
        return r.error();

    if (const Json *p = r.find("parameters")) {
        Result<std::vector<Parameter>> params = parametersFromJson(*p);
        if (!params)
            return params.error().prefixed(QStringLiteral("parameters"));
        s.parameters = std::move(params).value();
    }
    if (const Json *i = r.find("identifiers")) {
        Result<std::vector<Identifier>> ids = identifiersFromJson(*i);
        if (!ids)
            return ids.error().prefixed(QStringLiteral("identifiers"));
        s.identifiers = std::move(ids).value();
    }
    if (const Json *retries = r.find("retries")) {
        FieldReader rr(*retries);
        rr.onlyKeys({"allowed", "schedule_s"}).boolean("allowed", s.retries.allowed);
        if (const Json *schedule = rr.find("schedule_s")) {
            if (!schedule->is_array())
                return fieldError(QStringLiteral("retries.schedule_s"), QStringLiteral("must be a list of seconds"));
            s.retries.scheduleS.clear();
            for (size_t i = 0; i < schedule->size(); ++i) {
                const Json &d = (*schedule)[i];
                if (!d.is_number_integer() || d.get<qint64>() < 0 || d.get<qint64>() > maxRetryDelayS) {
                    return fieldError(
                        QStringLiteral("retries.schedule_s[%1]").arg(i),
                        QStringLiteral("must be a whole number of seconds from 0 to %1").arg(maxRetryDelayS));
                }
                s.retries.scheduleS.push_back(d.get<int>());
            }
        }
        if (!rr.ok())
            return rr.error().prefixed(QStringLiteral("retries"));
    }
    return s;
}

} // namespace engine
