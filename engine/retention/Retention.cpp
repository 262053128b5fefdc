#include "Retention.h"

#include "alerts/Alerts.h"
#include "config/HubSettings.h"
#include "database/DatabaseWriter.h"
#include "database/SqliteStatement.h"
#include "deliveries/CopyRange.h"
#include "queues/QueueCounts.h"
#include "storage/StateSql.h"

#include <future>

namespace engine {

namespace {

constexpr int chunk = 1000;

// One chunk: the oldest finished messages received before `cutoff`. Arrival order (seq) is time order, so
// the scan stops at the first message that is young enough.
Result<int> deleteChunk(WriteTransaction &tx, qint64 cutoff, QueueCounts::Table &deltas)
{
    SqliteStatement &oldest = tx.statement(
        std::string(
            "SELECT m.id, coalesce(m.store_id, ''), m.state FROM messages m WHERE m.received_at < ?1 AND NOT EXISTS "
            "(SELECT 1 FROM deliveries d WHERE ") +
        CopyRange::join + " AND " + liveDeliveries("d.state") + ") ORDER BY m.seq LIMIT ?2");
    oldest.bind(1, cutoff);
    oldest.bind(2, qint64(chunk));
    struct Old {
        std::string id, store, state;
    };
    std::vector<Old> old;
    while (true) {
        Result<bool> row = oldest.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        old.push_back(
            {std::string(oldest.columnText(0)), std::string(oldest.columnText(1)), std::string(oldest.columnText(2))});
    }
    SqliteStatement &copies = tx.statement(std::string("SELECT d.id, d.state FROM messages m JOIN deliveries d ON ") +
                                           CopyRange::join + " WHERE m.id = ?1");
    SqliteStatement &attempts = tx.statement("DELETE FROM attempts WHERE delivery_id = ?1");
    SqliteStatement &delivery = tx.statement("DELETE FROM deliveries WHERE id = ?1");
    SqliteStatement &duplicates = tx.statement("DELETE FROM duplicate_deliveries WHERE message_id = ?1");
    SqliteStatement &message = tx.statement("DELETE FROM messages WHERE id = ?1");
    for (const Old &m : old) {
        const QString store = QString::fromStdString(m.store);
        copies.bind(1, m.id);
        std::vector<std::pair<std::string, std::string>> ids;
        while (true) {
            Result<bool> row = copies.next();
            if (!row)
                return row.error();
            if (!*row)
                break;
            ids.emplace_back(std::string(copies.columnText(0)), std::string(copies.columnText(1)));
        }
        for (const auto &[id, state] : ids) {
            attempts.bind(1, id);
            if (Status ok = attempts.run(); !ok)
                return ok.error();
            delivery.bind(1, id);
            if (Status ok = delivery.run(); !ok)
                return ok.error();
            deltas[{store, QueueCounts::Queue::Accepted, QString::fromStdString(state)}] -= 1;
        }
        duplicates.bind(1, m.id);
        if (Status ok = duplicates.run(); !ok)
            return ok.error();
        message.bind(1, m.id);
        if (Status ok = message.run(); !ok)
            return ok.error();
        deltas[{store, QueueCounts::Queue::Incoming, QString::fromStdString(m.state)}] -= 1;
    }
    return int(old.size());
}

} // namespace

Retention::Retention(DatabaseWriter &writer, QueueCounts &counts, const Clock &clock, int intervalMs)
    : m_writer(writer), m_counts(counts), m_clock(clock), m_intervalMs(intervalMs)
{
}

Retention::~Retention()
{
    stop();
}

void Retention::start()
{
    m_worker.start("retention", [this] { run(); });
}

void Retention::stop()
{
    m_worker.stop();
}

void Retention::run()
{
    std::unique_lock lock(m_worker.mutex());
    // A first sweep a minute after start, then one every interval.
    int waitMs = std::min(m_intervalMs, 60'000);
    while (!m_worker.waitFor(lock, std::chrono::milliseconds(waitMs), [] { return false; })) {
        lock.unlock();
        Result<int> swept = sweep();
        report(swept ? Status{} : Status(swept.error()));
        lock.lock();
        waitMs = m_intervalMs;
    }
}

void Retention::report(const Status &swept)
{
    const qint64 now = m_clock.nowMs();
    const QString subject = QStringLiteral("archive");
    QString detail;
    if (!swept) {
        detail =
            QStringLiteral("The archive could not be trimmed to its retention limit: %1").arg(swept.error().text());
        qWarning("Integrator: %s", qPrintable(detail));
    }
    std::promise<Status> recorded;
    m_writer.submit(
        [&](WriteTransaction &tx) {
            return swept ? Alerts::resolve(tx, Alerts::RetentionFailing, subject, now)
                         : Alerts::raise(tx, Alerts::RetentionFailing, subject, detail, now);
        },
        [&](const Status &status) { recorded.set_value(status); });
    if (Status ok = recorded.get_future().get(); !ok)
        qWarning("Integrator: the retention alert could not be recorded: %s", qPrintable(ok.error().text()));
}

Result<int> Retention::sweep()
{
    int total = 0;
    while (true) {
        int deleted = 0;
        QueueCounts::Table deltas;
        // The counts move from the commit callback, in commit order with every other change (QueueCounts.h).
        std::promise<Status> committed;
        m_writer.submit(
            [&](WriteTransaction &tx) -> Status {
                deltas.clear();
                Result<HubSettings> settings = HubSettings::load(tx.database());
                if (!settings)
                    return settings.error();
                if (settings->retentionDays <= 0) {
                    deleted = 0;
                    return {};
                }
                const qint64 cutoff = m_clock.nowMs() - qint64(settings->retentionDays) * 24 * 3600 * 1000;
                Result<int> n = deleteChunk(tx, cutoff, deltas);
                if (!n)
                    return n.error();
                deleted = *n;
                return {};
            },
            [&](const Status &status) {
                if (status)
                    m_counts.apply(deltas);
                committed.set_value(status);
            });
        if (Status ok = committed.get_future().get(); !ok)
            return ok.error();
        total += deleted;
        if (deleted < chunk)
            return total;
        std::lock_guard lock(m_worker.mutex());
        if (m_worker.stopping())
            return total;
    }
}

} // namespace engine
