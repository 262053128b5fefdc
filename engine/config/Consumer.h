#pragma once
// An internal handler that looks at accepted messages and may push a new one (DESIGN §7): messages of
// these types that pass these filters make a message of type `emits`, whose payload is the whole payload
// ("same") or the value at a path.

#include "core/Json.h"
#include "core/Result.h"
#include "filter/Filter.h"
#include "filter/FilterSet.h"

#include <QStringList>

#include <vector>

namespace engine {

struct Consumer {
    qint64 id = 0; // the database's; 0 until saved
    QString name;
    QStringList messages;
    std::vector<FilterRule> filters;
    MatchRule match = MatchRule::All;
    QString emits;                            // a type, like order:canceled
    QString payload = QStringLiteral("same"); // "same" or a path, like payload.order.shipments.*
    bool enabled = true;

    friend bool operator==(const Consumer &, const Consumer &) = default;

    Status validate() const;
    Json toJson() const;
    static Result<Consumer> fromJson(const Json &json);
};

} // namespace engine
