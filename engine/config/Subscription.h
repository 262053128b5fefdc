#pragma once
// "Send messages of these types, that pass these filters, to this endpoint at this path, with these
// parameters" (DESIGN §1, §6, §7; the old docs call it a mapping).

#include "core/Json.h"
#include "core/Result.h"
#include "filter/Filter.h"
#include "filter/FilterSet.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace engine {

struct Parameter {
    QString name;
    Json value;
    friend bool operator==(const Parameter &, const Parameter &) = default;
};

// A named path whose value makes a delivery unique for its subscription (payload.order.number).
struct Identifier {
    QString name;
    QString path;
    friend bool operator==(const Identifier &, const Identifier &) = default;
};

// Named paths ({"order_number": "payload.order.number"}: identifiers, a consumer's added fields) in their
// JSON form, as stored and exported; Subscription::identifiersFromJson reads them back.
Json namedPathsToJson(const std::vector<Identifier> &paths);

struct RetryPolicy {
    bool allowed = true;
    // Seconds to wait before each retry after a failure; when they run out the delivery is parked.
    std::vector<int> scheduleS = defaultSchedule();

    static std::vector<int> defaultSchedule() { return {0, 5, 300, 1800, 7200, 18000, 36000, 36000}; }
    friend bool operator==(const RetryPolicy &, const RetryPolicy &) = default;
};

struct Subscription {
    qint64 id = 0;                             // the database's; 0 until saved
    QString endpoint;                          // the endpoint's name
    QString store;                             // a store id; empty means every store
    QStringList messages{QStringLiteral("*")}; // type patterns
    QString path = QStringLiteral("/");
    std::vector<Parameter> parameters;
    std::vector<FilterRule> filters;
    MatchRule match = MatchRule::All;
    std::vector<Identifier> identifiers;
    RetryPolicy retries;
    bool enabled = true;

    friend bool operator==(const Subscription &, const Subscription &) = default;

    // Everything wrong that does not need the rest of the configuration (the endpoint and store exist), a
    // problem per field at most; validate() is the first.
    Problems problems() const;
    Status validate() const { return firstProblem(problems()); }
    // Whether both would send the same messages, with the same parameters, to the same URL: every one of them
    // would go there twice. How it retries, whether it is on, and its identifiers do not count.
    bool sendsTheSameAs(const Subscription &other) const;
    // "warehouse at /orders for order:new, order:updated", for messages that name a subscription.
    QString description() const;
    Json toJson() const;
    static Result<Subscription> fromJson(const Json &json);

    // Parameters and identifiers in their JSON forms, as stored.
    Json parametersJson() const;
    Json identifiersJson() const;
    Json retryScheduleJson() const;
    static Result<std::vector<Parameter>> parametersFromJson(const Json &json);
    static Result<std::vector<Identifier>> identifiersFromJson(const Json &json);
};

} // namespace engine
