#include "DeliveryStore.h"

#include "CopyRange.h"
#include "SqlError.h"
#include "StateSql.h"
#include "Statement.h"
#include "WriteTransaction.h"

#include <QStringList>

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

namespace {

const QString columns = QStringLiteral(
    "id, parent_id, subscription_id, endpoint_id, type, state, attempts, due_at, created_at, last_status, last_error, "
    "completed_at, update_url, store_id");

std::optional<qint64> optionalInt(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
}

Delivery readDelivery(const QSqlQuery &q)
{
    Delivery d;
    d.id = q.value(0).toString().toStdString();
    d.parentId = q.value(1).toString().toStdString();
    d.subscriptionId = q.value(2).toLongLong();
    d.endpointId = q.value(3).toLongLong();
    d.type = q.value(4).toString().toStdString();
    d.state = deliveryStateFromName(q.value(5).toString().toStdString()).value_or(DeliveryState::Pending);
    d.attempts = q.value(6).toInt();
    d.dueAt = optionalInt(q.value(7));
    d.createdAt = q.value(8).toLongLong();
    if (!q.value(9).isNull())
        d.lastStatus = q.value(9).toInt();
    d.lastError = q.value(10).toString();
    d.completedAt = optionalInt(q.value(11));
    d.updateUrl = q.value(12).toString();
    d.storeId = q.value(13).toString().toStdString();
    return d;
}

Result<std::vector<Delivery>> selectDeliveries(QSqlDatabase database, const QString &where, const QVariantList &values,
                                               const QString &tail)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM deliveries WHERE %2 %3").arg(columns, where, tail));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read deliveries"), q.lastError());
    std::vector<Delivery> list;
    while (q.next())
        list.push_back(readDelivery(q));
    return list;
}

// The SQL condition for a selection of the owner's actions; a type is bound as ?1.
std::string condition(const DeliveryStore::Selection &s)
{
    QStringList where;
    QStringList quoted;
    for (DeliveryState st : s.states)
        quoted << QStringLiteral("'%1'").arg(QLatin1String(deliveryStateName(st)));
    where << QStringLiteral("state IN (%1)").arg(quoted.join(QStringLiteral(", ")));
    if (s.endpointId)
        where << QStringLiteral("endpoint_id = %1").arg(*s.endpointId);
    if (s.subscriptionId)
        where << QStringLiteral("subscription_id = %1").arg(*s.subscriptionId);
    if (!s.type.empty())
        where << QStringLiteral("type = ?1");
    return where.join(QStringLiteral(" AND ")).toStdString();
}

const char *const selectedColumns =
    "SELECT id, coalesce(store_id, ''), state, type, parent_id, endpoint_id FROM deliveries";

DeliveryStore::Selected readSelected(const Statement &s)
{
    return {std::string(s.columnText(0)),
            std::string(s.columnText(1)),
            deliveryStateFromName(s.columnText(2)).value_or(DeliveryState::Pending),
            std::string(s.columnText(3)),
            std::string(s.columnText(4)),
            s.columnInt64(5)};
}

const std::string insertSql =
    "INSERT INTO deliveries (id, parent_id, store_id, subscription_id, endpoint_id, type, state, due_at, created_at) "
    "VALUES (?1, ?2, ?7, ?3, ?4, ?5, '" +
    std::string(deliveryStateName(DeliveryState::Pending)) + "', ?6, ?6)";

} // namespace

DeliveryStore::DeliveryStore(WriteTransaction &tx) : m_tx(tx) {}

Statement &DeliveryStore::prepared(Statement *&slot, const std::string &sql)
{
    if (!slot)
        slot = &m_tx.statement(sql);
    return *slot;
}

Status DeliveryStore::insert(const NewCopy &copy)
{
    Statement &s = prepared(m_insert, insertSql);
    s.bind(1, copy.id);
    s.bind(2, copy.parentId);
    s.bind(3, copy.subscriptionId);
    s.bind(4, copy.endpointId);
    s.bind(5, copy.type);
    s.bind(6, copy.createdAt);
    s.bindOptional(7, copy.storeId);
    return s.run();
}

Result<DeliveryStore::Parent> DeliveryStore::parentOf(std::string_view deliveryId)
{
    Statement &read = m_tx.statement("SELECT d.parent_id, coalesce(o.object_type, ''), coalesce(o.object_id, '') "
                                     "FROM deliveries d LEFT JOIN message_objects o ON o.message_id = d.parent_id "
                                     "WHERE d.id = ?1");
    read.bind(1, deliveryId);
    Parent parent;
    while (true) {
        Result<bool> row = read.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        parent.messageId = std::string(read.columnText(0));
        if (!read.columnText(1).empty())
            parent.objects.push_back({std::string(read.columnText(1)), std::string(read.columnText(2))});
    }
    return parent;
}

Result<bool> DeliveryStore::claimIdentifiers(qint64 subscriptionId, std::string_view identifiers,
                                             std::string_view deliveryId)
{
    Statement &claim = prepared(m_claim, "INSERT INTO delivery_identifiers (subscription_id, identifiers, delivery_id) "
                                         "VALUES (?1, ?2, ?3) ON CONFLICT (subscription_id, identifiers) DO NOTHING");
    claim.bind(1, subscriptionId);
    claim.bind(2, identifiers);
    claim.bind(3, deliveryId);
    if (Status ok = claim.run(); !ok)
        return ok.error();
    return claim.changes() > 0;
}

Status DeliveryStore::recordDuplicate(std::string_view messageId, qint64 subscriptionId, std::string_view identifiers,
                                      qint64 nowMs)
{
    Statement &earlier =
        m_tx.statement("SELECT delivery_id FROM delivery_identifiers WHERE subscription_id = ?1 AND identifiers = ?2");
    earlier.bind(1, subscriptionId);
    earlier.bind(2, identifiers);
    Result<bool> found = earlier.next();
    if (!found)
        return found.error();
    const std::string original = *found ? std::string(earlier.columnText(0)) : std::string();
    earlier.reset();

    Statement &record = m_tx.statement("INSERT INTO duplicate_deliveries (message_id, subscription_id, identifiers, "
                                       "original_delivery_id, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                                       "ON CONFLICT (message_id, subscription_id) DO NOTHING");
    record.bind(1, messageId);
    record.bind(2, subscriptionId);
    record.bind(3, identifiers);
    record.bind(4, original);
    record.bind(5, nowMs);
    return record.run();
}

Result<bool> DeliveryStore::recordAttempt(const Attempt &a)
{
    Statement &update = prepared(
        m_update, "UPDATE deliveries SET state = ?2, attempts = ?3, due_at = ?4, last_status = ?5, last_error = ?6, "
                  "completed_at = ?7, update_url = ?8 WHERE id = ?1 AND " +
                      liveDeliveries());
    update.bind(1, a.deliveryId);
    update.bind(2, std::string_view(deliveryStateName(a.to)));
    update.bind(3, qint64(a.number));
    update.bindOptional(4, a.dueAtMs);
    update.bindOptional(5, a.status ? std::optional<qint64>(*a.status) : std::nullopt);
    update.bindOptional(6, a.error);
    update.bindOptional(7, a.to == DeliveryState::Archived ? std::optional<qint64>(a.endedAtMs) : std::nullopt);
    update.bindOptional(8, a.updateUrl);
    if (Status ok = update.run(); !ok)
        return ok.error();
    const bool applied = update.changes() > 0;

    Statement &attempt =
        prepared(m_attempt, "INSERT INTO attempts (delivery_id, number, started_at, duration_ms, status, error, "
                            "response_body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (delivery_id, number) "
                            "DO NOTHING");
    attempt.bind(1, a.deliveryId);
    attempt.bind(2, qint64(a.number));
    attempt.bind(3, a.startedAtMs);
    attempt.bind(4, a.durationMs);
    attempt.bindOptional(5, a.status ? std::optional<qint64>(*a.status) : std::nullopt);
    attempt.bindOptional(6, a.error);
    attempt.bindOptional(7, a.responseBody);
    if (Status ok = attempt.run(); !ok)
        return ok.error();
    return applied;
}

Result<qint64> DeliveryStore::count(const Selection &selection)
{
    Statement &count = m_tx.statement("SELECT count(*) FROM deliveries WHERE " + condition(selection));
    if (!selection.type.empty())
        count.bind(1, selection.type);
    Result<bool> row = count.next();
    if (!row)
        return row.error();
    const qint64 total = *row ? count.columnInt64(0) : 0;
    count.reset();
    return total;
}

Result<std::vector<DeliveryStore::Selected>> DeliveryStore::select(const Selection &selection, int limit)
{
    Statement &select = m_tx.statement(std::string(selectedColumns) + " WHERE " + condition(selection) + " LIMIT " +
                                       std::to_string(limit));
    if (!selection.type.empty())
        select.bind(1, selection.type);
    std::vector<Selected> found;
    while (true) {
        Result<bool> row = select.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        found.push_back(readSelected(select));
    }
    return found;
}

Result<std::optional<DeliveryStore::Selected>> DeliveryStore::selectOne(std::string_view id)
{
    Statement &one = m_tx.statement(std::string(selectedColumns) + " WHERE id = ?1");
    one.bind(1, id);
    Result<bool> row = one.next();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Selected>();
    std::optional<Selected> found(readSelected(one));
    one.reset();
    return found;
}

Status DeliveryStore::move(std::string_view id, DeliveryState to, qint64 nowMs)
{
    // Sent again from now, with no update URL of an earlier attempt; or finished now.
    Statement &update = m_tx.statement(
        "UPDATE deliveries SET state = ?2, due_at = ?3, completed_at = ?4, update_url = CASE WHEN ?2 = 'pending' "
        "THEN NULL ELSE update_url END WHERE id = ?1");
    update.bind(1, id);
    update.bind(2, std::string_view(deliveryStateName(to)));
    const bool again = to == DeliveryState::Pending;
    update.bindOptional(3, again ? std::optional<qint64>(nowMs) : std::nullopt);
    update.bindOptional(4, again ? std::nullopt : std::optional<qint64>(nowMs));
    return update.run();
}

Result<std::vector<std::pair<std::string, DeliveryState>>> DeliveryStore::copiesOf(std::string_view messageId)
{
    Statement &copies = m_tx.statement(std::string("SELECT d.id, d.state FROM messages m JOIN deliveries d ON ") +
                                       CopyRange::join + " WHERE m.id = ?1");
    copies.bind(1, messageId);
    std::vector<std::pair<std::string, DeliveryState>> found;
    while (true) {
        Result<bool> row = copies.next();
        if (!row)
            return row.error();
        if (!*row)
            break;
        found.emplace_back(std::string(copies.columnText(0)),
                           deliveryStateFromName(copies.columnText(1)).value_or(DeliveryState::Pending));
    }
    return found;
}

Status DeliveryStore::remove(std::string_view id)
{
    Statement &attempts = m_tx.statement("DELETE FROM attempts WHERE delivery_id = ?1");
    attempts.bind(1, id);
    if (Status ok = attempts.run(); !ok)
        return ok;
    Statement &delivery = m_tx.statement("DELETE FROM deliveries WHERE id = ?1");
    delivery.bind(1, id);
    return delivery.run();
}

Status DeliveryStore::list(QSqlDatabase database, const Listing &listing,
                           const std::function<void(const Delivery &, const QString &)> &visit)
{
    QString where = QStringLiteral("1 = 1");
    if (listing.state)
        where += QStringLiteral(" AND d.state = :state");
    if (!listing.endpointName.isEmpty())
        where += QStringLiteral(" AND e.name = :endpoint");
    if (!listing.type.isEmpty())
        where += QStringLiteral(" AND d.type = :type");
    QString qualified;
    for (const QString &column : columns.split(QStringLiteral(", ")))
        qualified += (qualified.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("d.") + column;
    QSqlQuery q(database);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, coalesce(e.name, '') FROM deliveries d LEFT JOIN endpoints e ON "
                             "e.id = d.endpoint_id WHERE %2 ORDER BY d.id")
                  .arg(qualified, where));
    if (listing.state)
        q.bindValue(QStringLiteral(":state"), QLatin1String(deliveryStateName(*listing.state)));
    if (!listing.endpointName.isEmpty())
        q.bindValue(QStringLiteral(":endpoint"), listing.endpointName);
    if (!listing.type.isEmpty())
        q.bindValue(QStringLiteral(":type"), listing.type);
    if (!q.exec())
        return sqlError(QStringLiteral("cannot read deliveries"), q.lastError());
    while (q.next())
        visit(readDelivery(q), q.value(14).toString());
    if (q.lastError().isValid())
        return sqlError(QStringLiteral("cannot read deliveries"), q.lastError());
    return {};
}

Result<std::vector<Delivery>> DeliveryStore::copiesOf(QSqlDatabase database, const std::string &messageId)
{
    return selectDeliveries(database, QStringLiteral("id IN (%1)").arg(QLatin1String(CopyRange::idsOfMessage)),
                            {QString::fromStdString(messageId)}, QStringLiteral("ORDER BY id"));
}

Result<std::vector<StateCount>> DeliveryStore::countByState(QSqlDatabase database)
{
    return countStates(database, QStringLiteral("deliveries"));
}

} // namespace engine
