#pragma once
// What the store owner changes, from the window or the command line alike, so that each rule of it lives
// here once: the configuration (stores, endpoints, subscriptions, consumers, the hub's settings, a whole
// file imported), pausing and resuming an endpoint, acknowledging alerts; and, through deliveries(), retry,
// archive, resend and discard. An endpoint that is active again has its "paused" alert resolved, however
// it came to be active.
//
// Works with a running engine (Engine::owner()) or without one: the command line makes one over a writer
// of its own with `external` set, and a running engine notices those changes by their revisions.
//
// Thread-safe. Each change runs in a writer transaction; `done` hears how it went once that is durable (and,
// with a watcher, in its snapshot), on the writer's or the watcher's thread, and must not block. The ...AndWait forms
// block, for the command line.

#include "config/HubSettings.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "dispatch/DeliveryActions.h"
#include "storage/ConfigStore.h"

#include <functional>
#include <memory>
#include <vector>

namespace engine {

class Writer;
class ConfigWatcher;
class Dispatcher;
class QueueCounts;
class WriteTransaction;

class OwnerActions {
public:
    template <typename T> using Done = std::function<void(const Result<T> &)>;

    // `counts`, `dispatcher` and `config` may be null (no engine here). With a watcher, `done` hears of a
    // change once the watcher's snapshot has it, so that whoever asked sees it when told.
    OwnerActions(Writer &writer, const Clock &clock, QueueCounts *counts, Dispatcher *dispatcher, ConfigWatcher *config,
                 bool external);
    ~OwnerActions();

    // Saved records come back with their ids.
    void saveStore(Store store, Done<Store> done);
    void saveEndpoint(Endpoint endpoint, Done<Endpoint> done);
    void saveSubscription(Subscription subscription, Done<Subscription> done);
    void saveConsumer(Consumer consumer, Done<Consumer> done);
    // A subscription the owner chose for a service that discovery found, with its endpoint, saved first
    // when it is new (id 0).
    void saveEndpointWithSubscription(Endpoint endpoint, Subscription subscription, Done<Subscription> done);
    // Refused, naming what still depends on it, while deliveries wait for it or subscriptions use it.
    void removeStore(QString id, Done<void> done);
    void removeEndpoint(qint64 id, Done<void> done);
    void removeSubscription(qint64 id, Done<void> done);
    void removeConsumer(qint64 id, Done<void> done);
    // Paused: nothing is sent to it, and what it had lined up is let go; active again: sending resumes.
    void setEndpointPaused(qint64 id, bool paused, Done<void> done);
    // A note the owner types on an object's history (an order, a shipment, ...): an event from the owner.
    void addNote(QString objectType, QString objectId, QString text, Done<void> done);
    void importConfiguration(Configuration file, ConfigStore::ImportMode mode, Done<void> done);
    void saveSettings(HubSettings settings, Done<void> done);
    void acknowledgeAlerts(std::vector<qint64> ids, Done<void> done);

    Status importConfigurationAndWait(const Configuration &file, ConfigStore::ImportMode mode);
    // Read inside a writer transaction, so that an older database has been upgraded first.
    Result<Configuration> exportConfigurationAndWait();

    DeliveryActions &deliveries() { return m_deliveries; }

private:
    // Runs `change` in a transaction; once it is durable and the watcher's snapshot has it, tells `done`.
    void run(std::function<Status(WriteTransaction &)> change, std::function<void(const Status &)> done);
    template <typename T> void saveRecord(T record, Status (ConfigStore::*save)(T &), Done<T> done);

    Writer &m_writer;
    ConfigWatcher *m_config;
    DeliveryActions m_deliveries;
};

} // namespace engine
