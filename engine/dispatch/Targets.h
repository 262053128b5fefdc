#pragma once
// The dispatcher's view of the configuration: for each endpoint where and how to send (its URL, token,
// signing key, timeout, concurrency and state), and for each subscription to which endpoint, at which
// path, with which parameters and retry policy. A plain value made from a configuration snapshot.

#include "config/Configuration.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <string>

namespace engine {

struct EndpointTarget {
    QString name;
    QByteArray url;
    QByteArray token;
    QByteArray signingKey; // empty: deliveries are not signed
    int timeoutMs = 30'000;
    int concurrency = 8;
    EndpointState state = EndpointState::Active;
};

struct SubscriptionTarget {
    qint64 endpointId = 0;
    QByteArray path;
    std::string parameters = "[]"; // as JSON text, [{"name", "value"}, ...]
    RetryPolicy retries;
};

struct Targets {
    std::map<qint64, EndpointTarget> endpoints;
    std::map<qint64, SubscriptionTarget> subscriptions;

    // A subscription whose endpoint is not in the configuration has no target.
    static Targets from(const Configuration &config);
    bool isActive(qint64 endpointId) const;
};

} // namespace engine
