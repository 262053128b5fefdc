#include "DeliveryQueries.h"

#include "CopyRange.h"

#include "database/Connection.h"

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

Status DeliveryQueries::list(const Listing &listing,
                             const std::function<void(const Delivery &, const QString &)> &visit) const
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
    QSqlQuery q(m_db);
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

Result<std::vector<Delivery>> DeliveryQueries::copiesOf(const std::string &messageId) const
{
    return select(QStringLiteral("id IN (%1)").arg(QLatin1String(CopyRange::idsOfMessage)),
                  {QString::fromStdString(messageId)}, QStringLiteral("ORDER BY id"));
}

} // namespace engine
