#include "StateSql.h"

namespace engine {

std::string stateNotIn(std::string_view column, bool (*rule)(DeliveryState))
{
    std::string sql;
    for (DeliveryState s : deliveryStatesWhere(rule)) {
        if (!sql.empty())
            sql += " AND ";
        sql.append(column).append(" <> '").append(deliveryStateName(s)).append("'");
    }
    return sql.empty() ? std::string("1") : sql;
}

std::string stateIn(std::string_view column, bool (*rule)(DeliveryState))
{
    std::string list;
    for (DeliveryState s : deliveryStatesWhere(rule)) {
        if (!list.empty())
            list += ", ";
        list.append("'").append(deliveryStateName(s)).append("'");
    }
    return list.empty() ? std::string("0") : std::string(column) + " IN (" + list + ")";
}

} // namespace engine
