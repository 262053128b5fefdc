#pragma once
// The reads the dispatcher and the window need: due deliveries, live counts by endpoint and by type, and a
// message's copies. (Counts by queue and state are kept in memory: see QueueCounts.) Works on a read connection, on
// that connection's thread. Every query here is answered from an index (see Schema.cpp): the live ones from
// deliveries_live, which holds only deliveries that are not archived.

#include "Delivery.h"
#include "core/Result.h"

#include <QSqlDatabase>

#include <map>
#include <vector>

namespace engine {

// Deliveries not yet archived, grouped by one key (an endpoint id or a type) and state.
struct LiveCount {
    QString key;
    QString state;
    qint64 count = 0;
};

class DeliveryQueries {
public:
    explicit DeliveryQueries(QSqlDatabase database);

    // Pending, retrying and scheduled deliveries due at or before `nowMs`, oldest due first.
    Result<std::vector<Delivery>> due(qint64 nowMs, int limit) const;
    Result<std::vector<LiveCount>> liveByEndpoint() const;
    Result<std::vector<LiveCount>> liveByType() const;
    Result<std::vector<Delivery>> copiesOf(const std::string &messageId) const;
    Result<std::optional<Delivery>> find(const std::string &deliveryId) const;

private:
    Result<std::vector<Delivery>> select(const QString &where, const QVariantList &values, const QString &tail) const;
    Result<std::vector<LiveCount>> liveBy(const char *column) const;

    QSqlDatabase m_db;
};

} // namespace engine
