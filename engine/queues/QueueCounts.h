#pragma once
// How many messages (Incoming) and deliveries (Accepted) each store has in each state, kept in memory so
// that the window and the API can read them as often as they like without touching the database.
// Loaded from the database when the engine starts, then moved by the parts that change states, from their
// transactions' commit callbacks (Writer::Done), in commit order. Thread-safe.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <atomic>
#include <map>
#include <mutex>
#include <tuple>

namespace engine {

class DatabaseReader;
class Writer;

class QueueCounts {
public:
    enum class Queue { Incoming, Accepted };
    // (store, queue, state) → count; the store is "" for messages that belong to none.
    using Key = std::tuple<QString, Queue, QString>;
    using Table = std::map<Key, qint64>;

    // Counts everything in the database: a full scan, for the start and after changes made elsewhere.
    static Result<Table> read(QSqlDatabase database);
    // read() and replace() at once, for the start, when nothing else writes.
    Status load(QSqlDatabase database);
    // Counts everything again while other work commits: reads in a transaction of the writer's and puts
    // the result in place from that transaction's commit callback. Callbacks run in commit order, so what
    // committed before is in the figures read, and what commits after is applied on top: nothing is
    // counted twice or missed. The scan holds up the writer, never the thread that asks.
    void reload(Writer &writer);
    // Counts everything again on `reader`'s connection, off the writer, when other engines share the
    // database and change what this one counted: what they commit reaches this engine no other way. The
    // figures are those of the moment read, and what this engine commits while they are read may be left
    // out until the next time; never more than one at a time runs.
    void reread(DatabaseReader &reader);
    void replace(Table counts);
    void apply(const Table &deltas);

    // State → count in one queue, for one store or, with an empty store, for all of them.
    std::map<QString, qint64> counts(Queue queue, const QString &store = QString()) const;

private:
    mutable std::mutex m_mutex;
    Table m_counts;
    std::atomic<bool> m_rereading{false};
};

} // namespace engine
