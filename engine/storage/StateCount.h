#pragma once
// How many rows of one table a store has in one state, as a full count reads them (queues/QueueCounts).

#include "core/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <vector>

namespace engine {

struct StateCount {
    QString storeId; // "" for rows of no store
    QString state;
    qint64 count = 0;
};

// `table` is the stores' own: "messages" or "deliveries".
Result<std::vector<StateCount>> countStates(QSqlDatabase database, const QString &table);

} // namespace engine
