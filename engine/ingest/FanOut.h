#pragma once
// The enabled subscriptions, compiled for matching: store, type patterns, filters and identifier paths.
// Built from a configuration snapshot; immutable, so it may be read from any thread.

#include "config/Configuration.h"
#include "filter/FilterSet.h"
#include "filter/JsonPath.h"
#include "message/MessageType.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

class Message;

class FanOut {
public:
    struct Route {
        qint64 subscriptionId = 0;
        qint64 endpointId = 0;
        std::string storeId; // empty: every store
        std::vector<TypePattern> patterns;
        FilterSet filters;
        std::vector<std::pair<std::string, JsonPath>> identifiers;
    };

    FanOut() = default;
    // Subscriptions that are disabled, or whose endpoint is disabled, get no route. Paused endpoints do:
    // their deliveries wait. `revision` is the configuration revision `config` was read at.
    static Result<FanOut> build(const Configuration &config, qint64 revision);

    // The routes a message from `storeId` takes, in subscription order.
    std::vector<const Route *> routes(const Message &message, const std::string &storeId) const;
    // The identifier values that make this message's delivery unique on the route, as canonical JSON
    // ({"order_number":"R123"}); nothing when the route has no identifiers or the message lacks one of them.
    static std::optional<std::string> identifierKey(const Route &route, const Message &message);

    bool isEmpty() const { return m_routes.empty(); }
    qint64 revision() const { return m_revision; }

private:
    std::vector<Route> m_routes;
    qint64 m_revision = -1;
};

} // namespace engine
