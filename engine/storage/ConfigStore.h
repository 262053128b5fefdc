#pragma once
// Where the configuration is kept: reads and writes its tables through one connection, on that connection's
// thread. Writes belong inside a writer transaction (Writer::submit), so that a failure changes
// nothing.

#include "config/Configuration.h"
#include "core/Clock.h"

#include <QSqlDatabase>

#include <map>
#include <utility>
#include <vector>

namespace engine {

class WriteTransaction;

class ConfigStore {
public:
    enum class ImportMode {
        Replace, // the configuration becomes exactly the file's
        Merge,   // stores, endpoints and consumers in the file are added or replace those with the same id or
                 // name; its subscriptions are added unless an identical one exists; nothing is removed
    };

    ConfigStore(QSqlDatabase database, const Clock &clock);

    Result<Configuration> load() const;
    // Grows with every change to the configuration, by any writer (triggers keep it): tells cheaply
    // whether load() would give something new.
    Result<qint64> revision() const;

    // The configuration as it is after importing `file` into `current` with `mode`, without writing.
    static Configuration combine(const Configuration &current, const Configuration &file, ImportMode mode);
    // Validates `file` against the current configuration and writes the result. Ids of records that stay
    // are kept, so history and waiting deliveries stay attached. A record that would be removed while
    // deliveries still wait for it is refused.
    Status import(const Configuration &file, ImportMode mode);
    // Makes the stored configuration equal `target` (already validated).
    Status apply(const Configuration &target);

    // Single records, for forms. Each validates and checks references; saved ids are written back.
    Status saveStore(const Store &store);
    Status saveEndpoint(Endpoint &endpoint);
    Status saveSubscription(Subscription &subscription);
    Status saveConsumer(Consumer &consumer);
    Status removeStore(const QString &id);
    Status removeEndpoint(qint64 id);
    Status removeSubscription(qint64 id);
    Status removeConsumer(qint64 id);
    // Pause or resume (Active) an endpoint, leaving the rest of it as it is.
    Status setEndpointState(qint64 id, EndpointState state);

    // The id of the endpoint of that name; an error naming the field `endpoint` when there is none.
    Result<qint64> endpointId(const QString &name) const;
    // Every endpoint's name by id.
    Result<std::map<qint64, QString>> endpointNames() const;

    // What a delivery's outcome changes in the configuration, on the writer's hot path. Keeps a reply's
    // parameters on its subscription (dispatch/ParameterMerge.h); nothing when the subscription is gone.
    static Status storeParameters(WriteTransaction &tx, qint64 subscriptionId,
                                  const std::vector<std::pair<QString, Json>> &updates);
    // Pauses an endpoint that is active (it answered 410 Gone).
    static Status pauseEndpoint(WriteTransaction &tx, qint64 endpointId);

private:
    // Validates one subscription and its references, and writes it.
    Status saveOneSubscription(Subscription &subscription);
    Status storeExists(const QString &id) const;
    Result<int> waitingDeliveries(const char *column, qint64 id) const;
    // Its name, for messages; "#id" when there is none.
    QString endpointName(qint64 id) const;
    Status writeSubscription(Subscription &subscription, qint64 endpointId);

    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace engine
