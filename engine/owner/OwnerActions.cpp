#include "OwnerActions.h"

#include "storage/EventStore.h"

#include "alerts/Alerts.h"
#include "config/ConfigWatcher.h"
#include "storage/AlertStore.h"
#include "storage/SettingsStore.h"
#include "storage/WriteTransaction.h"
#include "storage/Writer.h"

#include <future>

namespace engine {

namespace {
// Tells `done` the record as saved, or why it was not.
template <typename T>
std::function<void(const Status &)> answering(std::shared_ptr<T> saved, OwnerActions::Done<T> done)
{
    return [saved = std::move(saved), done = std::move(done)](const Status &status) {
        if (!done)
            return;
        if (status)
            done(*saved);
        else
            done(status.error());
    };
}
} // namespace

OwnerActions::OwnerActions(Writer &writer, const Clock &clock, QueueCounts *counts, Dispatcher *dispatcher,
                           ConfigWatcher *config, bool external)
    : m_writer(writer), m_config(config), m_deliveries(writer, clock, counts, dispatcher, external)
{
}

OwnerActions::~OwnerActions() = default;

void OwnerActions::run(std::function<Status(WriteTransaction &)> change, std::function<void(const Status &)> done)
{
    auto revision = std::make_shared<qint64>(-1);
    m_writer.submit(
        [change = std::move(change), revision](WriteTransaction &tx) -> Status {
            if (Status ok = change(tx); !ok)
                return ok;
            // Whatever made an endpoint active again (a form, Resume, an imported file) answers its alert.
            if (Status ok = AlertStore::resolveForActiveEndpoints(tx, tx.clock().nowMs()); !ok)
                return ok;
            Result<qint64> after = tx.configRevision(); // the change's own, moved by the tables' triggers
            if (!after)
                return after.error();
            *revision = *after;
            return {};
        },
        // The dispatcher hears of the change from the watcher, as every part that follows the configuration.
        [config = m_config, revision, done = std::move(done)](const Status &status) {
            if (!done)
                return;
            if (status && config)
                config->whenSeen(*revision, [done, status] { done(status); });
            else
                done(status);
        });
}

template <typename T> void OwnerActions::saveRecord(T record, Status (ConfigStore::*save)(T &), Done<T> done)
{
    auto saved = std::make_shared<T>();
    run(
        [record = std::move(record), save, saved](WriteTransaction &tx) {
            *saved = record; // the writer may run a job twice: start from the owner's values each time
            return (ConfigStore(tx.database(), tx.clock()).*save)(*saved);
        },
        answering(saved, std::move(done)));
}

void OwnerActions::saveStore(Store store, Done<Store> done)
{
    run([store](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).saveStore(store); },
        answering(std::make_shared<Store>(store), std::move(done)));
}

void OwnerActions::saveEndpoint(Endpoint endpoint, Done<Endpoint> done)
{
    saveRecord(std::move(endpoint), &ConfigStore::saveEndpoint, std::move(done));
}

void OwnerActions::saveSubscription(Subscription subscription, Done<Subscription> done)
{
    saveRecord(std::move(subscription), &ConfigStore::saveSubscription, std::move(done));
}

void OwnerActions::saveConsumer(Consumer consumer, Done<Consumer> done)
{
    saveRecord(std::move(consumer), &ConfigStore::saveConsumer, std::move(done));
}

void OwnerActions::saveEndpointWithSubscription(Endpoint endpoint, Subscription subscription, Done<Subscription> done)
{
    auto saved = std::make_shared<Subscription>();
    run(
        [endpoint = std::move(endpoint), subscription = std::move(subscription),
         saved](WriteTransaction &tx) -> Status {
            ConfigStore config(tx.database(), tx.clock());
            Endpoint e = endpoint;
            if (e.id == 0) {
                if (Status ok = config.saveEndpoint(e); !ok)
                    return ok.error().prefixed(QStringLiteral("endpoint"));
            }
            *saved = subscription;
            return config.saveSubscription(*saved);
        },
        answering(saved, std::move(done)));
}

void OwnerActions::removeStore(QString id, Done<void> done)
{
    run([id](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).removeStore(id); }, std::move(done));
}

void OwnerActions::removeEndpoint(qint64 id, Done<void> done)
{
    run([id](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).removeEndpoint(id); },
        std::move(done));
}

void OwnerActions::removeSubscription(qint64 id, Done<void> done)
{
    run([id](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).removeSubscription(id); },
        std::move(done));
}

void OwnerActions::removeConsumer(qint64 id, Done<void> done)
{
    run([id](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).removeConsumer(id); },
        std::move(done));
}

void OwnerActions::addNote(QString objectType, QString objectId, QString text, Done<void> done)
{
    text = text.trimmed();
    if (text.isEmpty() || objectType.isEmpty() || objectId.isEmpty()) {
        done(fieldError(QStringLiteral("note"), QStringLiteral("is empty: type what to keep on record")));
        return;
    }
    Event note;
    note.origin = QStringLiteral("owner");
    note.subject = QStringLiteral("Note");
    note.description = text;
    note.referenceType = objectType;
    note.referenceId = objectId;
    run([note](WriteTransaction &tx) { return EventStore::record(tx, note, tx.clock().nowMs()); }, std::move(done));
}

void OwnerActions::setEndpointPaused(qint64 id, bool paused, Done<void> done)
{
    run(
        [id, paused](WriteTransaction &tx) {
            return ConfigStore(tx.database(), tx.clock())
                .setEndpointState(id, paused ? EndpointState::Paused : EndpointState::Active);
        },
        std::move(done));
}

void OwnerActions::importConfiguration(Configuration file, ConfigStore::ImportMode mode, Done<void> done)
{
    run([file = std::move(file),
         mode](WriteTransaction &tx) { return ConfigStore(tx.database(), tx.clock()).import(file, mode); },
        std::move(done));
}

void OwnerActions::saveSettings(HubSettings settings, Done<void> done)
{
    run([settings = std::move(settings)](WriteTransaction &tx) { return SettingsStore::save(tx, settings); },
        std::move(done));
}

void OwnerActions::acknowledgeAlerts(std::vector<qint64> ids, Done<void> done)
{
    run(
        [ids = std::move(ids)](WriteTransaction &tx) {
            for (qint64 id : ids) {
                if (Status ok = AlertStore::acknowledge(tx, id, tx.clock().nowMs()); !ok)
                    return ok;
            }
            return Status();
        },
        std::move(done));
}

Status OwnerActions::importConfigurationAndWait(const Configuration &file, ConfigStore::ImportMode mode)
{
    std::promise<Status> finished;
    importConfiguration(file, mode, [&finished](const Status &status) { finished.set_value(status); });
    return finished.get_future().get();
}

Result<Configuration> OwnerActions::exportConfigurationAndWait()
{
    Result<Configuration> exported = Error{QStringLiteral("the configuration was not read")};
    Status read = m_writer.execute([&exported](WriteTransaction &tx) -> Status {
        exported = ConfigStore(tx.database(), tx.clock()).load();
        return exported ? Status() : Status(exported.error());
    });
    if (!read)
        return read.error();
    return exported;
}

} // namespace engine
