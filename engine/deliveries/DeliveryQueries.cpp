#include "DeliveryQueries.h"

#include "CopyRange.h"

#include "database/Connection.h"
#include "storage/StateSql.h"

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

} // namespace

DeliveryQueries::DeliveryQueries(QSqlDatabase database) : m_db(std::move(database)) {}

Result<std::vector<Delivery>> DeliveryQueries::select(const QString &where, const QVariantList &values,
                                                      const QString &tail) const
{
    QSqlQuery q(m_db);
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

Result<std::vector<Delivery>> DeliveryQueries::due(qint64 nowMs, int limit) const
{
    // The state test walks deliveries_live, which is small however large the archive grows.
    return select(
        QString::fromStdString(stateIn("state", waitsToBeSent) + " AND " + liveDeliveries() + " AND due_at <= ?"),
        {nowMs}, QStringLiteral("ORDER BY due_at, id LIMIT %1").arg(limit));
}

Result<std::vector<Delivery>> DeliveryQueries::copiesOf(const std::string &messageId) const
{
    return select(QStringLiteral("id IN (%1)").arg(QLatin1String(CopyRange::idsOfMessage)),
                  {QString::fromStdString(messageId)}, QStringLiteral("ORDER BY id"));
}

Result<std::optional<Delivery>> DeliveryQueries::find(const std::string &deliveryId) const
{
    Result<std::vector<Delivery>> found = select(QStringLiteral("id = ?"), {QString::fromStdString(deliveryId)}, {});
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<Delivery>();
    return std::optional<Delivery>(found->front());
}

Result<std::vector<LiveCount>> DeliveryQueries::liveBy(const char *column) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT %1, state, count(*) FROM deliveries WHERE %2 GROUP BY %1, state ORDER BY %1, state")
                .arg(QLatin1String(column), QString::fromStdString(liveDeliveries()))))
        return sqlError(QStringLiteral("cannot count deliveries"), q.lastError());
    std::vector<LiveCount> list;
    while (q.next())
        list.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    return list;
}

Result<std::vector<LiveCount>> DeliveryQueries::liveByEndpoint() const
{
    return liveBy("endpoint_id");
}

Result<std::vector<LiveCount>> DeliveryQueries::liveByType() const
{
    return liveBy("type");
}

} // namespace engine
