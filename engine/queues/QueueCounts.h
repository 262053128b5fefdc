#pragma once
// How many messages (Incoming) and deliveries (Accepted) each store has in each state, kept in memory so
// that the window and the API can read them as often as they like without touching the database.
// Loaded from the database when the engine starts, then moved by the parts that change states, after
// their transactions commit. Thread-safe.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <map>
#include <mutex>
#include <tuple>

namespace engine {

class QueueCounts {
public:
    enum class Queue { Incoming, Accepted };
    // (store, queue, state) → count; the store is "" for messages that belong to none.
    using Key = std::tuple<QString, Queue, QString>;
    using Table = std::map<Key, qint64>;

    // Counts everything again from the database (a full scan: at start, or after changes made elsewhere).
    Status load(QSqlDatabase database);
    void apply(const Table &deltas);

    // State → count in one queue, for one store or, with an empty store, for all of them.
    std::map<QString, qint64> counts(Queue queue, const QString &store = QString()) const;
    // Grows with every change, so a reader can tell cheaply whether anything moved.
    quint64 version() const { return m_version.load(); }

private:
    mutable std::mutex m_mutex;
    Table m_counts;
    std::atomic<quint64> m_version{0};
};

} // namespace engine
