#include "StateCount.h"

#include "SqlError.h"

#include <QSqlError>
#include <QSqlQuery>

namespace engine {

Result<std::vector<StateCount>> countStates(QSqlDatabase database, const QString &table)
{
    QSqlQuery q(database);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT coalesce(store_id, ''), state, count(*) FROM %1 GROUP BY 1, 2").arg(table)))
        return sqlError(QStringLiteral("cannot count %1").arg(table), q.lastError());
    std::vector<StateCount> counts;
    while (q.next())
        counts.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    return counts;
}

} // namespace engine
