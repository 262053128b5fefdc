#include "Retention.h"

#include "alerts/Alerts.h"
#include "queues/QueueCounts.h"
#include "storage/AlertStore.h"
#include "storage/DeliveryStore.h"
#include "storage/EventStore.h"
#include "storage/MessageStore.h"
#include "storage/SettingsStore.h"
#include "storage/Writer.h"

#include <future>

namespace engine {

namespace {

constexpr int chunk = 1000;

// One chunk: the oldest finished messages received before `cutoff`, with their copies; and the events last
// seen before it, which follow the archive's retention.
struct Chunk {
    int messages = 0;
    int events = 0;
};
Result<Chunk> deleteChunk(WriteTransaction &tx, qint64 cutoff, QueueCounts::Table &deltas)
{
    MessageStore messages(tx);
    DeliveryStore deliveries(tx);
    Result<std::vector<MessageStore::Finished>> old = messages.oldestFinished(cutoff, chunk);
    if (!old)
        return old.error();
    for (const MessageStore::Finished &m : *old) {
        const QString store = QString::fromStdString(m.storeId);
        Result<std::vector<std::pair<std::string, DeliveryState>>> copies = deliveries.copiesOf(m.id);
        if (!copies)
            return copies.error();
        for (const auto &[id, state] : *copies) {
            if (Status ok = deliveries.remove(id); !ok)
                return ok.error();
            deltas[{store, QueueCounts::Queue::Accepted, QString::fromLatin1(deliveryStateName(state))}] -= 1;
        }
        if (Status ok = messages.remove(m.id); !ok)
            return ok.error();
        deltas[{store, QueueCounts::Queue::Incoming, QString::fromLatin1(messageStateName(m.state))}] -= 1;
    }
    Result<int> events = EventStore::removeLastSeenBefore(tx, cutoff, chunk);
    if (!events)
        return events.error();
    return Chunk{int(old->size()), *events};
}

} // namespace

Retention::Retention(Writer &writer, QueueCounts &counts, const Clock &clock, int intervalMs)
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
        waitMs = m_intervalMs;
        if (m_sweeps && !m_sweeps())
            continue; // another engine sweeps
        lock.unlock();
        Result<int> swept = sweep();
        report(swept ? Status{} : Status(swept.error()));
        lock.lock();
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
            return swept ? AlertStore::resolve(tx, Alerts::RetentionFailing, subject, now)
                         : AlertStore::raise(tx, Alerts::RetentionFailing, subject, detail, now);
        },
        [&](const Status &status) { recorded.set_value(status); });
    if (Status ok = recorded.get_future().get(); !ok)
        qWarning("Integrator: the retention alert could not be recorded: %s", qPrintable(ok.error().text()));
}

Result<int> Retention::sweep()
{
    int total = 0;
    while (true) {
        Chunk deleted;
        QueueCounts::Table deltas;
        // The counts move from the commit callback, in commit order with every other change (QueueCounts.h).
        std::promise<Status> committed;
        m_writer.submit(
            [&](WriteTransaction &tx) -> Status {
                deltas.clear();
                Result<HubSettings> settings = SettingsStore::load(tx.database());
                if (!settings)
                    return settings.error();
                if (settings->retentionDays <= 0) {
                    deleted = {};
                    return {};
                }
                const qint64 cutoff = m_clock.nowMs() - qint64(settings->retentionDays) * 24 * 3600 * 1000;
                Result<Chunk> n = deleteChunk(tx, cutoff, deltas);
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
        total += deleted.messages;
        if (deleted.messages < chunk && deleted.events < chunk)
            return total;
        std::lock_guard lock(m_worker.mutex());
        if (m_worker.stopping())
            return total;
    }
}

} // namespace engine
