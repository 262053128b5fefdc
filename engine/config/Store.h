#pragma once
// A Spree store connected to the hub: its push credentials, its API for polling, how often to poll.

#include "core/Json.h"
#include "core/Result.h"

#include <QString>

namespace engine {

struct PollIntervals {
    int ordersS = 60;
    int usersS = 300;
    int productsS = 3600;
    friend bool operator==(const PollIntervals &, const PollIntervals &) = default;
};

struct Store {
    QString id; // short, used in the push URL: /api/stores/{id}/messages
    QString name;
    QString pushToken; // the secret senders present in X-Hub-Access-Token
    QString apiUrl;    // the store's address, for polling; empty when not polled
    QString apiToken;  // sent as X-Spree-Token
    PollIntervals poll;

    friend bool operator==(const Store &, const Store &) = default;

    Status validate() const;
    Json toJson() const;
    // Shape and type checks only; validate() checks content. A missing push_token stays empty.
    static Result<Store> fromJson(const Json &json);
};

} // namespace engine
