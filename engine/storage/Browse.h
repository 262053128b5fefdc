#pragma once
// What the window lists and shows: pages of messages (Incoming) and deliveries (Accepted and the archive),
// filtered, newest first, read with keyset paging so that any page costs the same however deep it is; and
// everything about one message. Works on a read connection, on that connection's thread (never the GUI's).

#include "alerts/Alerts.h"
#include "core/Result.h"
#include "message/StoredMessage.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace engine::Browse {

enum class Queue {
    Incoming, // messages as they came in, in any state
    Accepted, // deliveries still to be made: pending, retrying, scheduled, parked
    Archive,  // deliveries finished: archived, discarded
};

// A delivery the endpoint took is stored as archived, as one the owner archived is (DESIGN §4); lists and
// filters call it delivered (see deliveredTerm in StateSql.h).
inline constexpr const char *delivered = "delivered";

struct Filter {
    Queue queue = Queue::Incoming;
    QStringList states; // within the queue; empty for all of its states. "delivered" and "archived" are apart
    QString type;       // exact, like order:new
    QString store;
    qint64 endpointId = 0; // deliveries only
    qint64 fromMs = 0;     // received (messages) or created (deliveries) at or after; 0 for no bound
    qint64 toMs = 0;       // before; 0 for no bound
    QString id;   // a message or delivery id, or an object's (order or shipment number, SKU, e-mail): its messages
    QString text; // in the payload (a delivery's: its message's); this scans, so it is the slow filter

    friend bool operator==(const Filter &, const Filter &) = default;
};

// One line of a list: a message or a delivery.
struct Row {
    QString key; // the paging key: the message's arrival number, or the delivery's id
    QString id;
    QString parentId;
    QString store;
    QString type;
    QString state;
    QString note;           // a message's reason, a delivery's last error
    QString endpoint;       // deliveries
    QString source;         // messages
    QStringList objects;    // what the message is about, its own kind first: "shipment H1", "order R1"
    QStringList copies;     // a message's copies, by state as shown (delivered apart from archived)
    bool delivered = false; // an archived delivery that the endpoint took (not the owner's Archive)
    int attempts = 0;
    int lastStatus = 0; // 0 for none
    qint64 atMs = 0;    // received or created
    qint64 dueAtMs = 0; // deliveries waiting: when they go next
};

// Every state a queue holds, as stored.
QStringList statesOf(Queue queue);
// The states a list of the queue can be filtered by: the archive's archived is delivered and archived.
QStringList shownStatesOf(Queue queue);
// Whether the filter's states tell delivered from archived, which the engine's counts by state do not.
bool separatesDelivered(const Filter &filter);

// Whether a page for this filter may read far more rows than it shows: a payload search, or the archive by
// endpoint or store (no index: each would slow every message taken in), or by type (only a count tells
// whether its copies are rare there). Such reads belong where they hold up no other.
bool mayScan(const Filter &filter);

// Up to `limit` rows after `afterKey` (empty: from the newest).
Result<std::vector<Row>> page(QSqlDatabase database, const Filter &filter, const QString &afterKey, int limit);
// Up to `limit` rows newer than `beforeKey` (the newest on screen), oldest first, for live updates.
Result<std::vector<Row>> newer(QSqlDatabase database, const Filter &filter, const QString &beforeKey, int limit);
// The current state of the given rows (those on screen), for live updates.
Result<std::vector<Row>> refresh(QSqlDatabase database, Queue queue, const QStringList &ids);
// How many rows match, or nothing when counting would mean reading every payload (a text filter).
Result<std::optional<qint64>> count(QSqlDatabase database, const Filter &filter);
// The message types the hub has seen, for pickers.
Result<QStringList> knownTypes(QSqlDatabase database);

struct Attempt {
    int number = 0;
    qint64 startedAtMs = 0;
    qint64 durationMs = 0;
    int status = 0; // 0 when nothing came back
    QString error;
    QString response;
};

struct Copy {
    Row delivery;
    std::vector<Attempt> attempts;
};

struct Event {
    QString level;
    QString subject;
    QString description;
    QString origin;
    int occurrences = 1;
    qint64 lastSeenMs = 0;
};

struct Detail {
    StoredMessage message;
    QString parentType;    // what parent_id names: "message", "delivery" or empty
    QString focusDelivery; // when a delivery's id was asked for
    std::vector<Copy> copies;
    std::vector<Row> children; // messages made from this one or its copies (endpoint replies, consumers)
    std::vector<Event> events;
};

// Everything about a message, from its id or the id of one of its deliveries; nothing when neither exists.
Result<std::optional<Detail>> detail(QSqlDatabase database, const QString &id);

} // namespace engine::Browse
