#include "History.h"

#include "CopyRange.h"
#include "SqlError.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>
#include <set>

namespace engine::History {

namespace {

// Which entries of one kind: the newest `limit` older than `beforeMs` (0: the newest), or, when `atMs` is
// given, every one of that millisecond.
struct Span {
    qint64 beforeMs = 0;
    int limit = 0;
    qint64 atMs = 0;

    QString where(const char *column) const
    {
        return atMs ? QStringLiteral("%1 = ?").arg(QLatin1String(column))
                    : QStringLiteral("(CAST(? AS BIGINT) = 0 OR %1 < ?)").arg(QLatin1String(column));
    }
    QList<QVariant> values() const { return atMs ? QList<QVariant>{atMs} : QList<QVariant>{beforeMs, beforeMs}; }
    // Every row at the instant: more than there can be (PostgreSQL refuses SQLite's -1 for no limit).
    qint64 rows() const { return atMs ? std::numeric_limits<qint64>::max() : limit; }

    // Runs `select` for the object: its first two ? take the object's type and id, %1 this span's condition
    // on `column`, and a last ? its limit.
    bool exec(QSqlQuery &q, const QString &select, const char *column, const QString &type, const QString &id) const
    {
        q.setForwardOnly(true);
        q.prepare(select.arg(where(column)));
        q.addBindValue(type);
        q.addBindValue(id);
        for (const QVariant &v : values())
            q.addBindValue(v);
        q.addBindValue(rows());
        return q.exec();
    }
};

Status readEvents(QSqlDatabase db, const QString &type, const QString &id, const Span &span, std::vector<Entry> &out)
{
    QSqlQuery q(db);
    if (!span.exec(q,
                   QStringLiteral("SELECT level, subject, description, origin, occurrences, first_seen_at, "
                                  "last_seen_at, coalesce(message_id, '') FROM events WHERE reference_type = ? AND "
                                  "reference_id = ? AND %1 ORDER BY last_seen_at DESC, id DESC LIMIT ?"),
                   "last_seen_at", type, id))
        return sqlError(QStringLiteral("cannot read the object's events"), q.lastError());
    while (q.next()) {
        Entry e;
        e.kind = Entry::Kind::Event;
        e.level = q.value(0).toString();
        e.subject = q.value(1).toString();
        e.description = q.value(2).toString();
        e.origin = q.value(3).toString();
        e.occurrences = q.value(4).toInt();
        e.firstSeenMs = q.value(5).toLongLong();
        e.atMs = q.value(6).toLongLong();
        e.messageId = q.value(7).toString();
        out.push_back(std::move(e));
    }
    return {};
}

Status readMessages(QSqlDatabase db, const QString &type, const QString &id, const Span &span, std::vector<Entry> &out)
{
    QSqlQuery q(db);
    if (!span.exec(q,
                   QStringLiteral("SELECT m.id, m.type, m.state, m.source, coalesce(m.reason, ''), "
                                  "coalesce(m.store_id, ''), m.received_at FROM message_objects o JOIN messages m "
                                  "ON m.id = o.message_id WHERE o.object_type = ? AND o.object_id = ? AND %1 "
                                  "ORDER BY m.received_at DESC, m.seq DESC LIMIT ?"),
                   "m.received_at", type, id))
        return sqlError(QStringLiteral("cannot read the object's messages"), q.lastError());
    while (q.next()) {
        Entry e;
        e.kind = Entry::Kind::Message;
        e.messageId = q.value(0).toString();
        e.type = q.value(1).toString();
        e.state = q.value(2).toString();
        e.source = q.value(3).toString();
        e.reason = q.value(4).toString();
        e.store = q.value(5).toString();
        e.atMs = q.value(6).toLongLong();
        out.push_back(std::move(e));
    }
    QSqlQuery c(db);
    c.setForwardOnly(true);
    c.prepare(QStringLiteral("SELECT d.id, coalesce(e.name, '#' || d.endpoint_id), d.state, d.attempts, "
                             "coalesce(d.last_status, 0), coalesce(d.last_error, '') FROM messages m "
                             "JOIN deliveries d ON %1 LEFT JOIN endpoints e ON e.id = d.endpoint_id WHERE m.id = ? "
                             "ORDER BY d.id")
                  .arg(QLatin1String(CopyRange::join)));
    for (Entry &e : out) {
        if (e.kind != Entry::Kind::Message || !e.copies.empty())
            continue;
        c.bindValue(0, e.messageId);
        if (!c.exec())
            return sqlError(QStringLiteral("cannot read the deliveries"), c.lastError());
        while (c.next())
            e.copies.push_back({c.value(0).toString(), c.value(1).toString(), c.value(2).toString(), c.value(3).toInt(),
                                c.value(4).toInt(), c.value(5).toString()});
    }
    return {};
}

} // namespace

Result<std::vector<Entry>> timeline(QSqlDatabase database, const QString &objectType, const QString &objectId,
                                    qint64 beforeMs, int limit)
{
    const auto read = [&](const Span &span, std::vector<Entry> &out) -> Status {
        if (Status ok = readEvents(database, objectType, objectId, span, out); !ok)
            return ok;
        return readMessages(database, objectType, objectId, span, out);
    };
    const auto newestFirst = [](std::vector<Entry> &entries) {
        std::stable_sort(entries.begin(), entries.end(),
                         [](const Entry &a, const Entry &b) { return a.atMs > b.atMs; });
    };
    std::vector<Entry> entries;
    if (Status ok = read(Span{beforeMs, limit, 0}, entries); !ok)
        return ok.error();
    newestFirst(entries);
    if (int(entries.size()) > limit) {
        // Cut at `limit`, with the cut-off millisecond whole (read again: either kind may have more of it than
        // its `limit` rows held), since the next page starts before it.
        const qint64 last = entries[size_t(limit) - 1].atMs;
        entries.erase(std::find_if(entries.begin(), entries.end(), [last](const Entry &e) { return e.atMs <= last; }),
                      entries.end());
        if (Status ok = read(Span{0, 0, last}, entries); !ok)
            return ok.error();
        newestFirst(entries);
    }
    return entries;
}

Result<std::vector<std::pair<QString, QString>>> suggest(QSqlDatabase database, const QString &prefix, int limit)
{
    std::vector<std::pair<QString, QString>> out;
    if (prefix.trimmed().isEmpty())
        return out;
    // Ids are compared as written: a range on the index (LIKE would need the case-insensitive one).
    const QString from = prefix.trimmed();
    const QString to = from + QChar(0xFFFF);
    std::set<std::pair<QString, QString>> seen;
    QSqlQuery q(database);
    q.setForwardOnly(true);
    for (const char *type : {"order", "shipment", "user", "product"}) {
        q.prepare(QStringLiteral("SELECT DISTINCT object_id FROM message_objects WHERE object_type = ? AND "
                                 "object_id >= ? AND object_id < ? ORDER BY object_id LIMIT ?"));
        for (const QVariant &v : {QVariant(QLatin1String(type)), QVariant(from), QVariant(to), QVariant(limit)})
            q.addBindValue(v);
        if (!q.exec())
            return sqlError(QStringLiteral("cannot look objects up"), q.lastError());
        while (q.next() && int(out.size()) < limit) {
            std::pair<QString, QString> o{QLatin1String(type), q.value(0).toString()};
            if (seen.insert(o).second)
                out.push_back(std::move(o));
        }
    }
    return out;
}

} // namespace engine::History
