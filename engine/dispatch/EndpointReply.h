#pragma once
// What an endpoint may say in a 2xx reply (DESIGN §6): messages to take in, notifications to record as
// events, parameters to keep on the subscription, and an asynchronous "ask me again later". Anything the
// reply does not say, or a reply that is not JSON, simply means "done".

#include "core/Json.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace engine {

struct Notification {
    QString level; // info, warn, error
    QString subject;
    QString description;
};

struct EndpointReply {
    std::vector<Json> messages; // each {message, payload, ...}; checked when taken in
    std::vector<Notification> notifications;
    std::vector<std::pair<QString, Json>> parameters;
    std::optional<int> delaySeconds;
    QString updateUrl;
    QString problem; // what was wrong with the reply, if anything (the delivery still succeeded)

    bool isAsync() const { return delaySeconds.has_value() && !updateUrl.isEmpty(); }
    static EndpointReply parse(const QByteArray &body);
};

// The "error" a failed reply's JSON body gives, if any.
QString replyError(const QByteArray &body);

} // namespace engine
