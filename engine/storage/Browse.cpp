#include "Browse.h"

#include "CopyRange.h"
#include "MessageStore.h"
#include "SqlDialect.h"
#include "SqlError.h"
#include "StateSql.h"
#include "deliveries/Delivery.h"
#include "message/MessageObjects.h"
#include "message/MessageState.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine::Browse {

namespace {

// The objects of the message with the id in `column`, "type id" each, one lookup of message_objects' key;
// separated by the unit separator (written into the literal itself: SQLite spells it char(31), PostgreSQL
// chr(31)).
QString objectsOf(SqlDialect dialect, const char *column)
{
    return QStringLiteral("coalesce((SELECT %1(o.object_type || ' ' || o.object_id, '\x1f') "
                          "FROM message_objects o WHERE o.message_id = %2), '')")
        .arg(QLatin1String(joinAggregate(dialect)), QLatin1String(column));
}

// The state of each delivery `d` as a list shows it.
const QString shownState =
    QStringLiteral("CASE WHEN %1 THEN 'delivered' ELSE d.state END").arg(QLatin1String(deliveredTerm));

QString messageColumns(SqlDialect dialect)
{
    return QStringLiteral("m.seq, m.id, coalesce(m.parent_id, ''), coalesce(m.store_id, ''), "
                          "m.type, m.state, coalesce(m.reason, ''), m.source, m.received_at, ") +
           objectsOf(dialect, "m.id") +
           QStringLiteral(", coalesce((SELECT %1(%2, '\x1f') FROM deliveries d WHERE %3), '')")
               .arg(QLatin1String(joinAggregate(dialect)), shownState, QLatin1String(CopyRange::join));
}

QString deliveryColumns(SqlDialect dialect)
{
    return QStringLiteral("d.id, d.id, d.parent_id, coalesce(d.store_id, ''), d.type, d.state, "
                          "coalesce(d.last_error, ''), coalesce(e.name, '#' || d.endpoint_id), d.attempts, "
                          "coalesce(d.last_status, 0), d.created_at, coalesce(d.due_at, 0), ") +
           objectsOf(dialect, "d.parent_id") + QStringLiteral(", %1").arg(QLatin1String(deliveredTerm));
}

// "object_type IN ('order', ...)": with it, message_objects' index finds an object id of any kind.
QString anyObjectType()
{
    QStringList types;
    for (std::string_view t : objectTypes)
        types << QStringLiteral("'%1'").arg(QLatin1String(t.data(), qsizetype(t.size())));
    return QStringLiteral("o.object_type IN (%1)").arg(types.join(QStringLiteral(", ")));
}

// The objects as read, the message's own kind first (a shipment before its order).
QStringList objectsFrom(const QString &text, const QString &type)
{
    QStringList objects = text.split(QChar(31), Qt::SkipEmptyParts);
    const QString noun = type.section(QLatin1Char(':'), 0, 0) + QLatin1Char(' ');
    std::stable_sort(objects.begin(), objects.end(),
                     [&](const QString &a, const QString &b) { return a.startsWith(noun) && !b.startsWith(noun); });
    return objects;
}

Row messageRow(const QSqlQuery &q)
{
    Row r;
    r.key = q.value(0).toString();
    r.id = q.value(1).toString();
    r.parentId = q.value(2).toString();
    r.store = q.value(3).toString();
    r.type = q.value(4).toString();
    r.state = q.value(5).toString();
    r.note = q.value(6).toString();
    if (r.state == QLatin1String(messageStateName(MessageState::Skipped)) && r.note.isEmpty())
        r.note = QStringLiteral("no enabled subscription took it");
    r.source = q.value(7).toString();
    r.atMs = q.value(8).toLongLong();
    r.objects = objectsFrom(q.value(9).toString(), r.type);
    r.copies = q.value(10).toString().split(QChar(31), Qt::SkipEmptyParts);
    return r;
}

Row deliveryRow(const QSqlQuery &q)
{
    Row r;
    r.key = q.value(0).toString();
    r.id = q.value(1).toString();
    r.parentId = q.value(2).toString();
    r.store = q.value(3).toString();
    r.type = q.value(4).toString();
    r.state = q.value(5).toString();
    r.note = q.value(6).toString();
    r.endpoint = q.value(7).toString();
    r.attempts = q.value(8).toInt();
    r.lastStatus = q.value(9).toInt();
    r.atMs = q.value(10).toLongLong();
    r.dueAtMs = q.value(11).toLongLong();
    r.objects = objectsFrom(q.value(12).toString(), r.type);
    r.delivered = q.value(13).toBool();
    return r;
}

// Runs a listing query and reads its rows, messages or deliveries.
Result<std::vector<Row>> rowsOf(QSqlDatabase db, const QString &sql, const QVariantList &values, bool messages)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot list"), q.lastError());
    std::vector<Row> rows;
    while (q.next())
        rows.push_back(messages ? messageRow(q) : deliveryRow(q));
    return rows;
}

QStringList statesOf(const Filter &f)
{
    if (!f.states.isEmpty()) {
        QStringList stored; // delivered is stored as archived
        for (const QString &s : f.states) {
            const QString state = s == QLatin1String(delivered) ? QStringLiteral("archived") : s;
            if (!stored.contains(state))
                stored << state;
        }
        return stored;
    }
    switch (f.queue) {
    case Queue::Incoming:
        return {};
    case Queue::Accepted:
        return deliveryStateNames(isLive);
    case Queue::Archive:
        return deliveryStateNames(isFinished);
    }
    return {};
}

// Arrival numbers grow with arrival time (one writer stamps both), so a time range is a range of seq,
// found by bisection in a few point lookups rather than a scan.
Result<qint64> firstSeqAtOrAfter(QSqlDatabase db, qint64 ms)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM messages")) || !q.next())
        return sqlError(QStringLiteral("cannot read messages"), q.lastError());
    qint64 low = q.value(0).toLongLong(), high = q.value(1).toLongLong() + 1;
    q.prepare(QStringLiteral("SELECT seq, received_at FROM messages WHERE seq >= ? ORDER BY seq LIMIT 1"));
    while (low < high) {
        const qint64 mid = low + (high - low) / 2;
        q.bindValue(0, mid);
        if (!q.exec())
            return sqlError(QStringLiteral("cannot read messages"), q.lastError());
        if (!q.next() || q.value(1).toLongLong() >= ms) {
            high = mid;
        } else {
            low = q.value(0).toLongLong() + 1;
        }
    }
    return low;
}

// Fewer than this many messages of a type, and its deliveries are found through its messages.
constexpr qint64 rareTypeLimit = 20'000;

// Counts through the type index, stopping at the limit: a few milliseconds even for a common type.
Result<bool> isRareType(QSqlDatabase db, const QString &type)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM messages WHERE type = ? LIMIT %1) AS first")
                  .arg(rareTypeLimit));
    q.addBindValue(type);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("cannot count messages by type"), q.lastError());
    return q.value(0).toLongLong() < rareTypeLimit;
}

// The WHERE clause and its values for a filter.
struct Where {
    QStringList terms;
    QVariantList values;
    void add(const QString &term, const QVariantList &v = {})
    {
        terms << term;
        values << v;
    }
    QString sql() const { return terms.isEmpty() ? QStringLiteral("1 = 1") : terms.join(QStringLiteral(" AND ")); }
};

Result<Where> whereFor(QSqlDatabase db, const Filter &f)
{
    Where w;
    const QStringList states = statesOf(f);
    const bool messages = f.queue == Queue::Incoming;
    const QString t = messages ? QStringLiteral("m") : QStringLiteral("d");
    if (!states.isEmpty()) {
        QStringList marks;
        for (const QString &s : states) {
            marks << QStringLiteral("?");
            w.values << s;
        }
        w.terms << QStringLiteral("%1.state IN (%2)").arg(t, marks.join(QStringLiteral(", ")));
        // Delivered and archived are both stored as archived: the chosen one of them is told apart here.
        if (!messages && f.states.contains(QLatin1String(delivered)) != f.states.contains(QLatin1String("archived")))
            w.terms << (f.states.contains(QLatin1String(delivered))
                            ? QString::fromLatin1(deliveredTerm)
                            : QStringLiteral("NOT %1").arg(QLatin1String(deliveredTerm)));
        // A live state set lets SQLite use the partial index of unfinished deliveries.
        if (f.queue == Queue::Accepted)
            w.terms << QString::fromStdString(liveDeliveries("d.state"));
    }
    if (!f.type.isEmpty())
        w.add(t + QStringLiteral(".type = ?"), {f.type});
    if (!f.store.isEmpty())
        w.add(t + QStringLiteral(".store_id = ?"), {f.store});
    if (const QString id = f.id.trimmed(); !id.isEmpty()) {
        // The message itself, the message of a delivery, or every message about an object of that id.
        const QString aboutObject =
            QStringLiteral("SELECT o.message_id FROM message_objects o WHERE %1 AND o.object_id = ?")
                .arg(anyObjectType());
        if (messages)
            w.add(
                QStringLiteral("(m.id = ? OR m.id IN (SELECT parent_id FROM deliveries WHERE id = ?) OR m.id IN (%1))")
                    .arg(aboutObject),
                {id, id, id});
        else
            w.add(
                QStringLiteral("d.id IN (SELECT ? UNION ALL %1 UNION ALL SELECT d.id FROM messages m JOIN deliveries d "
                               "ON %2 WHERE m.id IN (%3))")
                    .arg(QLatin1String(CopyRange::idsOfMessage), QLatin1String(CopyRange::join), aboutObject),
                {id, id, id});
    }
    if (!messages && f.endpointId > 0)
        w.add(QStringLiteral("d.endpoint_id = ?"), {f.endpointId});
    if (messages) {
        if (f.fromMs > 0) {
            Result<qint64> seq = firstSeqAtOrAfter(db, f.fromMs);
            if (!seq)
                return seq.error();
            w.add(QStringLiteral("m.seq >= ?"), {*seq});
        }
        if (f.toMs > 0) {
            Result<qint64> seq = firstSeqAtOrAfter(db, f.toMs);
            if (!seq)
                return seq.error();
            w.add(QStringLiteral("m.seq < ?"), {*seq});
        }
    } else {
        // Delivery ids begin with their creation time in seconds (ObjectIds): a time range is an id range.
        if (f.fromMs > 0)
            w.add(QStringLiteral("d.id >= ?"),
                  {QStringLiteral("%1").arg(quint32(f.fromMs / 1000), 8, 16, QLatin1Char('0'))});
        if (f.toMs > 0)
            w.add(QStringLiteral("d.id < ?"),
                  {QStringLiteral("%1").arg(quint32(f.toMs / 1000), 8, 16, QLatin1Char('0'))});
    }
    if (!f.text.isEmpty()) {
        QString pattern = f.text;
        pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        const QVariant like = QLatin1Char('%') + pattern + QLatin1Char('%');
        // A delivery's payload is its message's: read through the message's key as the deliveries go by
        // newest first, so that a page stops as soon as it is full.
        if (messages)
            w.add(QStringLiteral("m.payload LIKE ? ESCAPE '\\'"), {like});
        else
            w.add(QStringLiteral("EXISTS (SELECT 1 FROM messages t WHERE t.id = d.parent_id AND t.payload LIKE ? "
                                 "ESCAPE '\\')"),
                  {like});
    }
    return w;
}

} // namespace

QStringList statesOf(Queue queue)
{
    if (queue == Queue::Incoming)
        return messageStateNames();
    return statesOf(Filter{.queue = queue});
}

QStringList shownStatesOf(Queue queue)
{
    QStringList states = statesOf(queue);
    if (const qsizetype archived = states.indexOf(QLatin1String("archived")); archived >= 0)
        states.insert(archived, QLatin1String(delivered));
    return states;
}

bool separatesDelivered(const Filter &f)
{
    return f.queue != Queue::Incoming &&
           (f.states.contains(QLatin1String(delivered)) || f.states.contains(QLatin1String("archived")));
}

bool mayScan(const Filter &f)
{
    if (!f.text.isEmpty())
        return true;
    return f.queue == Queue::Archive && (!f.type.isEmpty() || f.endpointId > 0 || !f.store.isEmpty());
}

Result<std::vector<Row>> page(QSqlDatabase db, const Filter &f, const QString &afterKey, int limit)
{
    Result<Where> where = whereFor(db, f);
    if (!where)
        return where.error();
    const bool messages = f.queue == Queue::Incoming;
    if (!afterKey.isEmpty())
        where->add(messages ? QStringLiteral("m.seq < ?") : QStringLiteral("d.id < ?"),
                   {messages ? QVariant(afterKey.toLongLong()) : QVariant(afterKey)});
    // Deliveries have no index by type (it would slow every message taken in), so by id the newest of a rare
    // type are looked for through the whole archive. For a rare type it is quicker to start from its
    // messages (indexed by type) and sort their few copies; a common one is found at once by id.
    Result<bool> rare = !messages && !f.type.isEmpty() ? isRareType(db, f.type) : Result<bool>(false);
    if (!rare)
        return rare.error();
    if (*rare)
        where->add(QStringLiteral("m.type = ?"), {f.type}); // a copy has its message's type
    const QString from = *rare ? QStringLiteral("messages m %1 deliveries d ON %2")
                                     .arg(QLatin1String(leftFirstJoin(dialectOf(db))),
                                          QLatin1String(CopyRange::join)) // messages first
                               : QStringLiteral("deliveries d");
    const QString sql = messages
                            ? QStringLiteral("SELECT %1 FROM messages m WHERE %2 ORDER BY m.seq DESC LIMIT %3")
                                  .arg(messageColumns(dialectOf(db)), where->sql())
                                  .arg(limit)
                            : QStringLiteral("SELECT %1 FROM %2 LEFT JOIN endpoints e ON e.id = d.endpoint_id WHERE %3 "
                                             "ORDER BY d.id DESC LIMIT %4")
                                  .arg(deliveryColumns(dialectOf(db)), from, where->sql())
                                  .arg(limit);
    return rowsOf(db, sql, where->values, messages);
}

Result<std::vector<Row>> newer(QSqlDatabase db, const Filter &f, const QString &beforeKey, int limit)
{
    Result<Where> where = whereFor(db, f);
    if (!where)
        return where.error();
    const bool messages = f.queue == Queue::Incoming;
    if (!beforeKey.isEmpty())
        where->add(messages ? QStringLiteral("m.seq > ?") : QStringLiteral("d.id > ?"),
                   {messages ? QVariant(beforeKey.toLongLong()) : QVariant(beforeKey)});
    const QString sql =
        messages ? QStringLiteral("SELECT %1 FROM messages m WHERE %2 ORDER BY m.seq LIMIT %3")
                       .arg(messageColumns(dialectOf(db)), where->sql())
                       .arg(limit)
                 : QStringLiteral("SELECT %1 FROM deliveries d LEFT JOIN endpoints e ON e.id = d.endpoint_id WHERE %2 "
                                  "ORDER BY d.id LIMIT %3")
                       .arg(deliveryColumns(dialectOf(db)), where->sql())
                       .arg(limit);
    return rowsOf(db, sql, where->values, messages);
}

Result<std::vector<Row>> refresh(QSqlDatabase db, Queue queue, const QStringList &ids)
{
    std::vector<Row> rows;
    if (ids.isEmpty())
        return rows;
    const bool messages = queue == Queue::Incoming;
    QStringList marks;
    for (int i = 0; i < ids.size(); ++i)
        marks << QStringLiteral("?");
    const QString sql =
        messages ? QStringLiteral("SELECT %1 FROM messages m WHERE m.id IN (%2)")
                       .arg(messageColumns(dialectOf(db)), marks.join(QLatin1Char(',')))
                 : QStringLiteral("SELECT %1 FROM deliveries d LEFT JOIN endpoints e ON e.id = d.endpoint_id "
                                  "WHERE d.id IN (%2)")
                       .arg(deliveryColumns(dialectOf(db)), marks.join(QLatin1Char(',')));
    return rowsOf(db, sql, QVariantList(ids.begin(), ids.end()), messages);
}

Result<std::optional<qint64>> count(QSqlDatabase db, const Filter &f)
{
    if (!f.text.isEmpty())
        return std::optional<qint64>();
    Result<Where> where = whereFor(db, f);
    if (!where)
        return where.error();
    const QString sql = f.queue == Queue::Incoming
                            ? QStringLiteral("SELECT count(*) FROM messages m WHERE %1").arg(where->sql())
                            : QStringLiteral("SELECT count(*) FROM deliveries d WHERE %1").arg(where->sql());
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : where->values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("cannot count"), q.lastError());
    return std::optional<qint64>(q.value(0).toLongLong());
}

Result<QStringList> knownTypes(QSqlDatabase db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT type FROM messages ORDER BY type")))
        return sqlError(QStringLiteral("cannot read types"), q.lastError());
    QStringList types;
    while (q.next())
        types << q.value(0).toString();
    return types;
}

Result<std::optional<Detail>> detail(QSqlDatabase db, const QString &id)
{
    Detail d;
    QString messageId = id.trimmed();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT parent_id FROM deliveries WHERE id = ?"));
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the delivery"), q.lastError());
    if (q.next()) {
        d.focusDelivery = messageId;
        messageId = q.value(0).toString();
    }
    Result<std::optional<StoredMessage>> message = MessageStore::find(db, messageId.toStdString());
    if (!message)
        return message.error();
    if (!message->has_value())
        return std::optional<Detail>();
    d.message = std::move(**message);

    if (!d.message.parentId.empty()) {
        q.prepare(QStringLiteral(
            "SELECT (SELECT count(*) FROM messages WHERE id = ?), (SELECT count(*) FROM deliveries WHERE id = ?)"));
        q.addBindValue(QString::fromStdString(d.message.parentId));
        q.addBindValue(QString::fromStdString(d.message.parentId));
        if (q.exec() && q.next())
            d.parentType = q.value(0).toInt() ? QStringLiteral("message")
                                              : (q.value(1).toInt() ? QStringLiteral("delivery") : QString());
    }

    q.prepare(QStringLiteral(
                  "SELECT %1 FROM messages m JOIN deliveries d ON %2 LEFT JOIN endpoints e ON e.id = d.endpoint_id "
                  "WHERE m.id = ? ORDER BY d.id")
                  .arg(deliveryColumns(dialectOf(db)), QLatin1String(CopyRange::join)));
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read the deliveries"), q.lastError());
    while (q.next())
        d.copies.push_back({deliveryRow(q), {}});
    QSqlQuery a(db);
    a.prepare(QStringLiteral("SELECT number, started_at, duration_ms, coalesce(status, 0), coalesce(error, ''), "
                             "coalesce(response_body, '') FROM attempts WHERE delivery_id = ? ORDER BY number"));
    QStringList parents{messageId};
    for (Copy &c : d.copies) {
        parents << c.delivery.id;
        a.bindValue(0, c.delivery.id);
        if (!a.exec())
            return sqlError(QStringLiteral("cannot read attempts"), a.lastError());
        while (a.next()) {
            c.attempts.push_back({a.value(0).toInt(), a.value(1).toLongLong(), a.value(2).toLongLong(),
                                  a.value(3).toInt(), a.value(4).toString(), a.value(5).toString()});
        }
    }

    QStringList marks;
    for (int i = 0; i < parents.size(); ++i)
        marks << QStringLiteral("?");
    q.prepare(QStringLiteral("SELECT %1 FROM messages m WHERE m.parent_id IN (%2) ORDER BY m.seq")
                  .arg(messageColumns(dialectOf(db)), marks.join(QLatin1Char(','))));
    for (const QString &p : parents)
        q.addBindValue(p);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read child messages"), q.lastError());
    while (q.next())
        d.children.push_back(messageRow(q));

    q.prepare(QStringLiteral("SELECT level, subject, description, origin, occurrences, last_seen_at FROM events "
                             "WHERE message_id = ? ORDER BY id"));
    q.addBindValue(messageId);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read events"), q.lastError());
    while (q.next()) {
        d.events.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                            q.value(4).toInt(), q.value(5).toLongLong()});
    }
    return std::optional<Detail>(std::move(d));
}

} // namespace engine::Browse
