#include "FanOut.h"

#include <algorithm>

namespace engine {

Result<FanOut> FanOut::build(const Configuration &config, qint64 revision)
{
    FanOut fanOut;
    fanOut.m_revision = revision;
    for (const Subscription &s : config.subscriptions) {
        const Endpoint *endpoint = config.endpoint(s.endpoint);
        if (!s.enabled || !endpoint || endpoint->state == EndpointState::Disabled)
            continue;
        Route route;
        route.subscriptionId = s.id;
        route.endpointId = endpoint->id;
        route.storeId = toStdString(s.store);
        for (const QString &pattern : s.messages) {
            Result<TypePattern> p = TypePattern::parse(toStdString(pattern));
            if (!p)
                return p.error().prefixed(QStringLiteral("subscription #%1").arg(s.id));
            route.patterns.push_back(std::move(p).value());
        }
        Result<FilterSet> filters = FilterSet::compile(s.filters, s.match);
        if (!filters)
            return filters.error().prefixed(QStringLiteral("subscription #%1").arg(s.id));
        route.filters = std::move(filters).value();
        for (const Identifier &identifier : s.identifiers) {
            Result<JsonPath> path = JsonPath::parse(toStdString(identifier.path));
            if (!path)
                return path.error().prefixed(QStringLiteral("subscription #%1").arg(s.id));
            route.identifiers.emplace_back(toStdString(identifier.name), std::move(path).value());
        }
        std::sort(route.identifiers.begin(), route.identifiers.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        fanOut.m_routes.push_back(std::move(route));
    }
    for (const Consumer &c : config.consumers) {
        if (!c.enabled)
            continue;
        Result<ConsumerRule> rule = ConsumerRule::compile(c);
        if (!rule)
            return rule.error().prefixed(QStringLiteral("consumer '%1'").arg(c.name));
        fanOut.m_consumers.push_back(std::move(rule).value());
    }
    return fanOut;
}

std::vector<PlannedCopy> FanOut::copies(const std::string &type, const std::string &storeId,
                                        LazyDocument &document) const
{
    std::vector<PlannedCopy> copies;
    for (const Route &route : m_routes) {
        if (!route.storeId.empty() && route.storeId != storeId)
            continue;
        bool typeMatches = false;
        for (const TypePattern &p : route.patterns)
            typeMatches = typeMatches || p.matches(type);
        if (!typeMatches)
            continue;
        if (!route.needsDocument()) {
            copies.push_back({route.subscriptionId, route.endpointId, std::nullopt});
        } else if (route.filters.test(document.get())) {
            copies.push_back(
                {route.subscriptionId, route.endpointId, identifierKey(route.identifiers, document.get())});
        }
    }
    return copies;
}

} // namespace engine
