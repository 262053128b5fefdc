#include "QueueCounts.h"

#include "storage/DatabaseReader.h"
#include "storage/DeliveryStore.h"
#include "storage/MessageStore.h"
#include "storage/ReadConnection.h"
#include "storage/WriteTransaction.h"
#include "storage/Writer.h"

namespace engine {

Result<QueueCounts::Table> QueueCounts::read(QSqlDatabase database)
{
    Table fresh;
    for (const auto &[queue, count] : {std::pair{Queue::Incoming, &MessageStore::countByState},
                                       std::pair{Queue::Accepted, &DeliveryStore::countByState}}) {
        Result<std::vector<StateCount>> counted = count(database);
        if (!counted)
            return counted.error();
        for (const StateCount &c : *counted)
            fresh[{c.storeId, queue, c.state}] = c.count;
    }
    return fresh;
}

Status QueueCounts::load(QSqlDatabase database)
{
    Result<Table> fresh = read(database);
    if (!fresh)
        return fresh.error();
    replace(std::move(fresh).value());
    return {};
}

void QueueCounts::reload(Writer &writer)
{
    auto fresh = std::make_shared<Table>();
    writer.submit(
        [fresh](WriteTransaction &tx) -> Status {
            Result<Table> read = QueueCounts::read(tx.database());
            if (!read)
                return read.error();
            *fresh = std::move(read).value();
            return {};
        },
        [this, fresh](const Status &status) {
            if (status)
                replace(std::move(*fresh));
            else
                qWarning("Integrator: the queue counts could not be read again: %s", qPrintable(status.error().text()));
        });
}

void QueueCounts::reread(DatabaseReader &reader)
{
    if (m_rereading.exchange(true))
        return;
    reader.post([this](ReadConnection &connection) {
        Result<Table> read = QueueCounts::read(connection.database());
        if (read)
            replace(std::move(read).value());
        else
            qWarning("Integrator: the queue counts could not be read again: %s", qPrintable(read.error().text()));
        m_rereading.store(false);
    });
}

void QueueCounts::replace(Table counts)
{
    std::lock_guard lock(m_mutex);
    m_counts = std::move(counts);
}

void QueueCounts::apply(const Table &deltas)
{
    if (deltas.empty())
        return;
    std::lock_guard lock(m_mutex);
    for (const auto &[key, delta] : deltas)
        m_counts[key] += delta;
}

std::map<QString, qint64> QueueCounts::counts(Queue queue, const QString &store) const
{
    std::map<QString, qint64> result;
    std::lock_guard lock(m_mutex);
    for (const auto &[key, count] : m_counts) {
        const auto &[keyStore, keyQueue, state] = key;
        if (keyQueue == queue && (store.isEmpty() || keyStore == store) && count != 0)
            result[state] += count;
    }
    return result;
}

} // namespace engine
