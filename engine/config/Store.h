#pragma once
// A Spree store connected to the hub: its push credentials, its API for polling, how often to poll.

#include "core/Json.h"
#include "core/Result.h"

#include <QString>

#include <optional>
#include <string_view>

namespace engine {

// Which of Spree's APIs the store offers: API v1 (Spree 3.1–4.x, X-Spree-Token) or the Admin API v3
// (5.5 and later, X-Spree-Api-Key); Auto finds out (GET /api/v3/admin/api_keys/current answering means v3).
enum class ApiVersion { Auto, V1, V3 };
const char *apiVersionName(ApiVersion version);
std::optional<ApiVersion> apiVersionFromName(std::string_view name);

// How the store is polled (DESIGN §8).
struct PollSettings {
    bool enabled = true;
    int ordersS = 60;
    int customersS = 300;
    int productsS = 3600;
    // "now": only what changes after the store is connected becomes a message (so that connecting a store
    // with years of orders does not flood the endpoints); or an ISO 8601 time to take history from.
    QString since = QStringLiteral("now");
    // Requests to the store's API a minute at most: under the Admin API's limit of 300 by default.
    int requestsPerMinute = 240;
    friend bool operator==(const PollSettings &, const PollSettings &) = default;
};

struct Store {
    QString id; // short, used in the push URL: /api/stores/{id}/messages
    QString name;
    QString pushToken; // the secret senders present in X-Hub-Access-Token
    QString apiUrl;    // the store's address, for polling; empty when not polled
    QString apiKey;    // API v1's token or the Admin API's secret key (a secret, exported like the others)
    ApiVersion apiVersion = ApiVersion::Auto;
    PollSettings poll;

    friend bool operator==(const Store &, const Store &) = default;

    // It has an API to poll and polling on.
    bool polled() const { return !apiUrl.isEmpty() && !apiKey.isEmpty() && poll.enabled; }

    Status validate() const;
    Json toJson() const;
    // Shape and type checks only; validate() checks content. A missing push_token stays empty. The older
    // names api_token and poll.users_s are read too.
    static Result<Store> fromJson(const Json &json);
};

} // namespace engine
