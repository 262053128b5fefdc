#include "QueueCounts.h"

#include "database/Connection.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

Status QueueCounts::load(QSqlDatabase database)
{
    Table fresh;
    QSqlQuery q(database);
    q.setForwardOnly(true);
    const std::pair<Queue, const char *> sources[] = {{Queue::Incoming, "messages"}, {Queue::Accepted, "deliveries"}};
    for (const auto &[queue, table] : sources) {
        if (!q.exec(QStringLiteral("SELECT coalesce(store_id, ''), state, count(*) FROM %1 GROUP BY 1, 2")
                        .arg(QLatin1String(table))))
            return sqlError(QStringLiteral("cannot count %1").arg(QLatin1String(table)), q.lastError());
        while (q.next())
            fresh[{q.value(0).toString(), queue, q.value(1).toString()}] = q.value(2).toLongLong();
    }
    std::lock_guard lock(m_mutex);
    m_counts = std::move(fresh);
    ++m_version;
    return {};
}

void QueueCounts::apply(const Table &deltas)
{
    if (deltas.empty())
        return;
    std::lock_guard lock(m_mutex);
    for (const auto &[key, delta] : deltas)
        m_counts[key] += delta;
    ++m_version;
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
