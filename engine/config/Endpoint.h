#pragma once
// A web application that receives messages by HTTP POST at a base URL (DESIGN §6).

#include "core/Json.h"
#include "core/Result.h"

#include <QString>

#include <optional>

namespace engine {

// active: deliveries are sent. paused: they wait (the owner paused it, or it answered 410).
// disabled: its subscriptions are off and no deliveries are made for it.
enum class EndpointState { Active, Paused, Disabled };

const char *endpointStateName(EndpointState state);
std::optional<EndpointState> endpointStateFromName(std::string_view name);

struct Endpoint {
    qint64 id = 0; // the database's; 0 until saved
    QString name;
    QString url;           // base URL; a subscription's path is appended
    QString token;         // sent as X-Hub-Token (and X-Augury-Token)
    QString signingSecret; // "whsec_..." for Standard Webhooks signatures; empty for none
    int timeoutS = 30;
    int concurrency = 8;
    EndpointState state = EndpointState::Active;

    friend bool operator==(const Endpoint &, const Endpoint &) = default;

    // Every field that is wrong; validate() is the first of them.
    Problems problems() const;
    Status validate() const { return firstProblem(problems()); }
    // The configuration file's form; the id is not part of it.
    Json toJson() const;
    static Result<Endpoint> fromJson(const Json &json);
};

} // namespace engine
