#include "Backend.h"

#include "config/ConfigWatcher.h"
#include "storage/AlertStore.h"
#include "storage/SettingsStore.h"
#include "storage/Writer.h"

#include <QDateTime>

namespace ui {

using namespace engine;

Backend::Backend(Engine &engine, QString pushBaseUrl, QObject *parent)
    : QObject(parent), m_engine(engine), m_pushBaseUrl(std::move(pushBaseUrl)), m_reader(engine.databasePath()),
      m_slowReader(engine.databasePath()), m_mailbox(std::make_shared<Mailbox>(this))
{
    for (DatabaseReader *reader : {&m_reader, &m_slowReader}) {
        if (Status ok = reader->start(); !ok)
            qWarning("Integrator: the window cannot read the database: %s", qPrintable(ok.error().text()));
    }
    m_lastTotals = m_engine.throughput().totals();
    m_lastSampleMs = QDateTime::currentMSecsSinceEpoch();
    connect(&m_tick, &QTimer::timeout, this, &Backend::sample);
    m_tick.start(500);
    connect(&m_look, &QTimer::timeout, this, &Backend::look);
    m_look.start(1000);
    // A new snapshot of the configuration shows at once, not at the next look.
    m_engine.configuration().onChange([mailbox = m_mailbox, this] { mailbox->post([this] { refresh(); }); });
    look();
}

Backend::~Backend()
{
    m_mailbox->close();
    m_reader.stop();
    m_slowReader.stop();
}

std::shared_ptr<DeliveryActions::Run> Backend::act(QObject *context, DeliveryActions::Action action,
                                                   DeliveryActions::Selection selection,
                                                   std::function<void(DeliveryActions::Progress)> progress,
                                                   std::function<void(const Status &, int)> done)
{
    QPointer<QObject> guard(context);
    return m_engine.actions().start(
        action, std::move(selection),
        [mailbox = m_mailbox, guard, progress](DeliveryActions::Progress p) {
            mailbox->post([guard, progress, p] {
                if (guard && progress)
                    progress(p);
            });
        },
        [mailbox = m_mailbox, guard, done](const Status &status, int changed) {
            mailbox->post([guard, done, status, changed] {
                if (guard && done)
                    done(status, changed);
            });
        });
}

void Backend::refresh()
{
    look();
}

void Backend::sample()
{
    // Rates from the engine's running totals, a point per whole second, plus those of the other engines
    // on a shared database (already in memory: the engine reads them every round).
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastSampleMs >= 1000) {
        const Throughput::Totals totals = m_engine.throughput().totals();
        const NodeRates::Rates others = m_engine.otherEnginesRates();
        const double seconds = double(now - m_lastSampleMs) / 1000.0;
        m_rates.push_back({now, double(totals.taken - m_lastTotals.taken) / seconds + others.taken,
                           double(totals.delivered - m_lastTotals.delivered) / seconds + others.delivered,
                           double(totals.failed - m_lastTotals.failed) / seconds + others.failed});
        while (m_rates.size() > 3600)
            m_rates.pop_front();
        m_lastTotals = totals;
        m_lastSampleMs = now;
    }
    Q_EMIT tick();
}

void Backend::pollNow(const QString &storeId)
{
    if (Poller *poller = m_engine.poller())
        poller->pollNow(storeId);
}

void Backend::look()
{
    // The configuration is the engine's snapshot, already in memory.
    const std::shared_ptr<const ConfigSnapshot> snapshot = m_engine.configuration().current();
    if (snapshot->revision != m_revision) {
        m_configuration = snapshot->configuration;
        m_revision = snapshot->revision;
        Q_EMIT configurationChanged();
    }
    if (m_looking)
        return; // the last look at the alerts has not come back yet
    m_looking = true;
    struct Seen {
        std::vector<Alerts::Alert> alerts;
        HubSettings settings;
        std::map<QString, Heartbeat> heartbeats;
    };
    QStringList polled;
    for (const Store &s : m_configuration.stores) {
        if (!s.apiUrl.isEmpty())
            polled << s.id;
    }
    read<Seen>(
        this,
        [polled](ReadConnection &c) {
            Seen seen;
            for (const QString &id : polled) {
                if (auto beat = PollStore::heartbeat(c.database(), id))
                    seen.heartbeats[id] = std::move(beat).value();
            }
            if (auto alerts = AlertStore::list(c.database()))
                seen.alerts = std::move(alerts).value();
            if (auto settings = SettingsStore::load(c.database()))
                seen.settings = std::move(settings).value();
            return seen;
        },
        [this](Seen seen) {
            m_looking = false;
            m_hubSettings = seen.settings;
            if (seen.heartbeats != m_heartbeats) {
                m_heartbeats = std::move(seen.heartbeats);
                Q_EMIT heartbeatsChanged();
            }
            bool changed = seen.alerts.size() != m_alerts.size();
            for (const Alerts::Alert &a : seen.alerts) {
                auto same = std::find_if(m_alerts.begin(), m_alerts.end(),
                                         [&](const Alerts::Alert &b) { return b.id == a.id; });
                if (same == m_alerts.end()) {
                    changed = true;
                    if (m_alertsKnown && a.isOpen())
                        Q_EMIT alertRaised(a);
                } else if (same->resolvedAtMs != a.resolvedAtMs || same->acknowledgedAtMs != a.acknowledgedAtMs ||
                           same->detail != a.detail) {
                    changed = true;
                }
            }
            m_alerts = std::move(seen.alerts);
            m_alertsKnown = true;
            if (changed)
                Q_EMIT alertsChanged();
        });
}

} // namespace ui
