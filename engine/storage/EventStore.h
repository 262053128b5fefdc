#pragma once
// Where events (events/Event.h) are kept. Writer thread, inside its transaction.

#include "events/Event.h"

#include <QSqlDatabase>

#include <vector>

namespace engine {

class WriteTransaction;

namespace EventStore {

// Records the event, or counts another occurrence of the last one like it (same object, level, subject,
// description and origin).
Status record(WriteTransaction &tx, const Event &event, qint64 nowMs);
// For retention: removes up to `limit` of the events last seen before `cutoffMs`, oldest first; how many.
Result<int> removeLastSeenBefore(WriteTransaction &tx, qint64 cutoffMs, int limit);

// Which events to list: all filters optional.
struct Query {
    QString level;      // info, warn or error: that level and the ones above it
    qint64 sinceMs = 0; // last seen at or after
    QString referenceType, referenceId;
    QString storeId; // that store's events and the hub's own (those of no store: endpoints, notes)
    int limit = 1000;
    int offset = 0;
};

struct StoredEvent {
    qint64 id = 0;
    Event event;
    int occurrences = 1;
    qint64 firstSeenMs = 0;
    qint64 lastSeenMs = 0;
};

// Newest (last seen) first. On a read connection's thread. A level that is not one is refused.
Result<std::vector<StoredEvent>> list(QSqlDatabase database, const Query &query);

} // namespace EventStore

} // namespace engine
