#pragma once
// What a configuration revision does with a message: the enabled subscriptions, compiled for matching
// (store, type patterns, filters and identifier paths), and the enabled consumers (consume/ConsumerRule).
// Built from a configuration snapshot; immutable, so it may be read from any thread.

#include "PlannedMessage.h"
#include "config/Configuration.h"
#include "consume/ConsumerRule.h"
#include "filter/FilterSet.h"
#include "filter/IdentifierKey.h"
#include "filter/JsonPath.h"
#include "message/MessageType.h"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace engine {

// A message as a tree, built the first time something asks and kept for the next.
class LazyDocument {
public:
    explicit LazyDocument(std::function<Json()> build) : m_build(std::move(build)) {}
    const Json &get()
    {
        if (!m_document)
            m_document = m_build();
        return *m_document;
    }

private:
    std::function<Json()> m_build;
    std::optional<Json> m_document;
};

class FanOut {
public:
    struct Route {
        qint64 subscriptionId = 0;
        qint64 endpointId = 0;
        std::string storeId; // empty: every store
        std::vector<TypePattern> patterns;
        FilterSet filters;
        IdentifierPaths identifiers; // what makes a delivery unique on the route
        bool needsDocument() const { return !filters.isEmpty() || !identifiers.empty(); }
    };

    FanOut() = default;
    // Subscriptions that are disabled, or whose endpoint is disabled, get no route. Paused endpoints do:
    // their deliveries wait. `revision` is the configuration revision `config` was read at.
    static Result<FanOut> build(const Configuration &config, qint64 revision);

    // The copies a message of `type` from `storeId` gets, in subscription order. The message is looked at as
    // a tree only for routes with filters or identifiers.
    std::vector<PlannedCopy> copies(const std::string &type, const std::string &storeId, LazyDocument &document) const;

    // Enabled consumers, in name order.
    const std::vector<ConsumerRule> &consumers() const { return m_consumers; }

    bool isEmpty() const { return m_routes.empty(); }
    qint64 revision() const { return m_revision; }

private:
    std::vector<Route> m_routes;
    std::vector<ConsumerRule> m_consumers;
    qint64 m_revision = -1;
};

} // namespace engine
