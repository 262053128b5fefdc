#pragma once
// A rule inside the hub that turns one accepted message into others (DESIGN §7). Messages of these types
// that pass these filters make a message of type `emits`, whose payload is the whole payload ("same") or
// the value at a path, optionally with fields copied in beside it (`add`) and put under a key (`as`).
// With `each` (a path with *), one message is made per element found there; filters, the payload path and
// `add` reach the element as `each` ("each.status"). `identifiers`, read from the message that would be
// emitted, keep the consumer from emitting the same values twice.

#include "Subscription.h"
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
    QString each; // empty, or a path with *, like payload.order.shipments.*
    std::vector<FilterRule> filters;
    MatchRule match = MatchRule::All;
    QString emits;                            // a type, like order:canceled
    QString payload = QStringLiteral("same"); // "same" or a path, like payload.order or each
    QString as;                               // empty, or the key the payload is put under, like shipment
    std::vector<Identifier> add;              // fields copied into the payload: name and the path of its value
    std::vector<Identifier> identifiers;      // paths into the emitted message, like payload.shipment.number
    bool enabled = true;

    friend bool operator==(const Consumer &, const Consumer &) = default;

    Status validate() const;
    Json toJson() const;
    static Result<Consumer> fromJson(const Json &json);

    // A path's scope: true when it reads the element of `each` ("each" or "each.…").
    static bool readsElement(const QString &path);
};

} // namespace engine
