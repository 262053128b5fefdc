#pragma once
// An object's history (DESIGN §1, §10): what happened to order R123 — its events (from endpoints, the
// poller, consumers, the owner, alerts) interleaved with the messages about it and how each of their copies
// stands. Found through message_objects and the events' reference, both indexed: an index lookup, never a
// scan of the archive. Read on a read connection's thread.

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <utility>
#include <vector>

namespace engine::History {

// A message's copy as its object's timeline shows it.
struct Copy {
    QString deliveryId;
    QString endpoint;
    QString state;
    int attempts = 0;
    int lastStatus = 0; // 0 for none
    QString lastError;
};

struct Entry {
    enum class Kind { Event, Message };
    Kind kind = Kind::Event;
    qint64 atMs = 0;   // an event's last occurrence; a message's arrival
    QString messageId; // the message (for an event, the one it names, if any)
    // An event.
    QString level, subject, description, origin;
    int occurrences = 1;
    qint64 firstSeenMs = 0;
    // A message.
    QString type, state, source, reason, store;
    std::vector<Copy> copies;
};

// About `limit` entries of the object's timeline, newest first, older than `beforeMs` (0: the newest). The
// next page starts before the last entry's atMs: every entry of that millisecond comes on this page, more
// than `limit` if need be, so that none is skipped.
Result<std::vector<Entry>> timeline(QSqlDatabase database, const QString &objectType, const QString &objectId,
                                    qint64 beforeMs = 0, int limit = 200);

// Objects the hub knows whose id starts with `prefix` (an order or shipment number, an e-mail, a SKU), as
// (type, id), for a search box that suggests as the owner types.
Result<std::vector<std::pair<QString, QString>>> suggest(QSqlDatabase database, const QString &prefix, int limit = 20);

} // namespace engine::History
