#pragma once
// A message's copies, as the push API's GET of a message shows them. (Counts by queue and state are kept in
// memory: see QueueCounts; the dispatcher reads its queues with statements of its own.) Works on a read
// connection, on that connection's thread; answered from the copies' id range (CopyRange.h).

#include "Delivery.h"
#include "core/Result.h"

#include <QSqlDatabase>

#include <functional>
#include <optional>
#include <vector>

namespace engine {

class DeliveryQueries {
public:
    explicit DeliveryQueries(QSqlDatabase database);

    // The copies of one incoming message, in id order (the order they were made in).
    Result<std::vector<Delivery>> copiesOf(const std::string &messageId) const;

    // Every delivery, in id order, optionally only those in one state, for one endpoint (by name) or of one
    // type, each handed to `visit` with its endpoint's name ("" when the endpoint is gone) as it is read:
    // the command line's listing, which may run over the whole archive.
    struct Listing {
        std::optional<DeliveryState> state;
        QString endpointName;
        QString type;
    };
    Status list(const Listing &listing, const std::function<void(const Delivery &, const QString &)> &visit) const;

private:
    Result<std::vector<Delivery>> select(const QString &where, const QVariantList &values, const QString &tail) const;

    QSqlDatabase m_db;
};

} // namespace engine
