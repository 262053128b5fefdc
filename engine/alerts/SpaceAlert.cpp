#include "SpaceAlert.h"

#include "Alerts.h"
#include "storage/AlertStore.h"
#include "storage/Writer.h"

#include <QDateTime>

namespace engine {

namespace {
const QString subject = QStringLiteral("database");
constexpr std::chrono::milliseconds interval{1000};
} // namespace

SpaceAlert::SpaceAlert(Writer &writer, const Clock &clock) : m_writer(writer), m_clock(clock) {}

SpaceAlert::~SpaceAlert()
{
    stop();
}

void SpaceAlert::start()
{
    m_worker.start("space-alert", [this] {
        std::unique_lock lock(m_worker.mutex());
        while (!m_worker.stopping()) {
            lock.unlock();
            round();
            lock.lock();
            m_worker.waitFor(lock, interval, [] { return false; });
        }
    });
}

void SpaceAlert::stop()
{
    m_worker.stop();
}

void SpaceAlert::round()
{
    const std::optional<SpaceState::Full> full = m_writer.space().details();
    const qint64 now = m_clock.nowMs();
    if (full) {
        const QString since = QDateTime::fromMSecsSinceEpoch(full->sinceMs).toString(Qt::ISODate);
        if (!m_told) {
            qWarning("Integrator: the database is out of space since %s: pushes are answered 503 and deliveries "
                     "wait until there is room. Free space on the disk that holds it. (%s)",
                     qPrintable(since), qPrintable(full->detail));
            m_told = true;
        }
        const QString detail =
            QStringLiteral("Out of space since %1: pushes are answered 503 and deliveries wait; nothing acknowledged "
                           "is lost. Free space on the disk that holds the database, and Integrator carries on by "
                           "itself. The database said: %2")
                .arg(since, full->detail);
        m_writer.submit(
            [detail, now](WriteTransaction &tx) {
                return AlertStore::raise(tx, Alerts::DatabaseFull, subject, detail, now);
            },
            [this](const Status &status) {
                if (status)
                    m_open = true;
            });
        return;
    }
    if (m_told) {
        qWarning("Integrator: the database has room again; pushes and deliveries go on.");
        m_told = false;
    }
    if (m_open.exchange(false)) {
        m_writer.submit(
            [now](WriteTransaction &tx) { return AlertStore::resolve(tx, Alerts::DatabaseFull, subject, now); },
            [this](const Status &status) {
                if (!status)
                    m_open = true; // again next round
            });
    }
}

} // namespace engine
