#pragma once
// The window's way to the engine. Lives on the GUI thread and never makes it wait: reads run on a reader
// thread of its own, writes on the engine's writer, and both call back here when done (or not at all, if
// the object that asked is gone). Twice a second it says that counts, health and rates may have moved;
// the configuration it takes from the engine's watcher as each snapshot comes, the alerts it reads again.

#include "Engine.h"
#include "alerts/Alerts.h"
#include "config/Configuration.h"
#include "config/HubSettings.h"
#include "core/Mailbox.h"
#include "storage/DatabaseReader.h"
#include "storage/PollStore.h"
#include "storage/ReadConnection.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <map>
#include <memory>

namespace ui {

class Backend : public QObject {
    Q_OBJECT
public:
    // One second of what the engine did.
    struct Rate {
        qint64 atMs = 0;
        double taken = 0;
        double delivered = 0;
        double failed = 0;
    };

    Backend(engine::Engine &engine, QString pushBaseUrl, QObject *parent = nullptr);
    ~Backend() override;

    engine::Engine &engine() { return m_engine; }
    const engine::Configuration &configuration() const { return m_configuration; }
    const std::vector<engine::Alerts::Alert> &alerts() const { return m_alerts; }
    const engine::HubSettings &hubSettings() const { return m_hubSettings; }
    // Each polled store's heartbeat, by store id, as last read.
    const std::map<QString, engine::Heartbeat> &heartbeats() const { return m_heartbeats; }
    // Polls the store's orders at once, when the engine polls it.
    void pollNow(const QString &storeId);
    // The last hour, a point per second, oldest first.
    const std::deque<Rate> &rates() const { return m_rates; }
    // Where stores push: http://host:port
    const QString &pushBaseUrl() const { return m_pushBaseUrl; }

    // Where a read runs: quick ones (a page, a message) on one reader thread; slow ones (counting a million
    // rows, searching payloads) on another, so that they never hold up the quick ones behind them.
    enum class Lane { Quick, Slow };

    // Runs `work` on a reader thread and `done` here with its result, if `context` still exists then.
    template <typename T>
    void read(QObject *context, std::function<T(engine::ReadConnection &)> work, std::function<void(T)> done,
              Lane lane = Lane::Quick)
    {
        QPointer<QObject> guard(context);
        (lane == Lane::Quick ? m_reader : m_slowReader)
            .post([mailbox = m_mailbox, guard, work = std::move(work),
                   done = std::move(done)](engine::ReadConnection &c) mutable {
                auto result = std::make_shared<T>(work(c));
                mailbox->post([guard, done = std::move(done), result] {
                    if (guard)
                        done(std::move(*result));
                });
            });
    }
    // What the owner changes goes through the engine's one API for it.
    engine::OwnerActions &owner() { return m_engine.owner(); }
    // `done` as a callback the engine may call from any thread: it runs here, if `context` still exists
    // then, after the configuration and the alerts are read again (a change may have moved them).
    template <typename T>
    engine::OwnerActions::Done<T> answer(QObject *context, std::function<void(const engine::Result<T> &)> done = {})
    {
        QPointer<QObject> guard(context);
        return [this, mailbox = m_mailbox, guard, done = std::move(done)](const engine::Result<T> &result) {
            mailbox->post([this, guard, done, result] {
                refresh();
                if (guard && done)
                    done(result);
            });
        };
    }
    // Runs `work` on a thread of the pool (for slow things that are not the database: HTTP probes).
    template <typename T> void background(QObject *context, std::function<T()> work, std::function<void(T)> done);

    // An owner's action on deliveries; progress and the end come back here.
    std::shared_ptr<engine::DeliveryActions::Run> act(QObject *context, engine::DeliveryActions::Action action,
                                                      engine::DeliveryActions::Selection selection,
                                                      std::function<void(engine::DeliveryActions::Progress)> progress,
                                                      std::function<void(const engine::Status &, int)> done);

    // Reads the configuration and alerts again now, rather than at the next look.
    void refresh();

Q_SIGNALS:
    void configurationChanged();
    void tick();
    void alertsChanged();
    void alertRaised(const engine::Alerts::Alert &alert);
    void heartbeatsChanged();

private:
    void look();
    void sample();

    engine::Engine &m_engine;
    QString m_pushBaseUrl;
    engine::DatabaseReader m_reader;
    engine::DatabaseReader m_slowReader;
    std::shared_ptr<engine::Mailbox> m_mailbox;
    engine::Configuration m_configuration;
    engine::HubSettings m_hubSettings;
    qint64 m_revision = -1;
    std::vector<engine::Alerts::Alert> m_alerts;
    std::map<QString, engine::Heartbeat> m_heartbeats;
    bool m_alertsKnown = false;
    QTimer m_tick;
    QTimer m_look;
    std::deque<Rate> m_rates;
    engine::Throughput::Totals m_lastTotals;
    qint64 m_lastSampleMs = 0;
    bool m_looking = false;
};

} // namespace ui

#include <QThreadPool>

template <typename T>
void ui::Backend::background(QObject *context, std::function<T()> work, std::function<void(T)> done)
{
    QPointer<QObject> guard(context);
    QThreadPool::globalInstance()->start(
        [mailbox = m_mailbox, guard, work = std::move(work), done = std::move(done)]() mutable {
            auto result = std::make_shared<T>(work());
            mailbox->post([guard, done = std::move(done), result] {
                if (guard)
                    done(std::move(*result));
            });
        });
}
