#pragma once
// A message's copies, as the push API's GET of a message shows them. (Counts by queue and state are kept in
// memory: see QueueCounts; the dispatcher reads its queues with statements of its own.) Works on a read
// connection, on that connection's thread; answered from the copies' id range (CopyRange.h).

#include "Delivery.h"
#include "core/Result.h"

#include <QSqlDatabase>

#include <vector>

namespace engine {

class DeliveryQueries {
public:
    explicit DeliveryQueries(QSqlDatabase database);

    // The copies of one incoming message, in id order (the order they were made in).
    Result<std::vector<Delivery>> copiesOf(const std::string &messageId) const;

private:
    Result<std::vector<Delivery>> select(const QString &where, const QVariantList &values, const QString &tail) const;

    QSqlDatabase m_db;
};

} // namespace engine
