#pragma once
// A message as the writer stores it: text only, with the copies planned for it on the sender's thread.
// Keeping parsed JSON and filter work off the writer thread is what lets one writer keep up (measured:
// freeing the parsed payloads alone took a quarter of its time).

#include "events/Event.h"
#include "message/MessageObjects.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string>
#include <vector>

namespace engine {

struct PlannedCopy {
    qint64 subscriptionId = 0;
    qint64 endpointId = 0;
    std::optional<std::string> identifiers; // canonical JSON of the identifier values, when the route has any
};

struct DerivedMessage;

struct PlannedMessage {
    std::string id;
    std::string type;
    std::string storeId;
    std::string source;
    std::string parentId;
    int depth = 0;
    std::string payloadText;
    std::string extraText;
    std::vector<ObjectRef> objects; // what it is about, for objects' histories

    // The plan, valid for the configuration revision it was made from.
    qint64 revision = -1;
    bool rejected = false;
    QString reason; // why it is rejected or skipped
    std::vector<PlannedCopy> copies;
    // What consumers emit from it (each planned like any message), written only if it is, in the same
    // transaction; and events recorded with it: its sender's (the poller's "first seen"), and the plan's
    // (that a consumer emitted it, or could not emit from it), made again when it is planned again.
    std::vector<DerivedMessage> derived;
    std::vector<Event> events;
    std::vector<Event> planEvents;
};

// A message a consumer emits, and what keeps the consumer from emitting the same identifiers twice.
struct DerivedMessage {
    PlannedMessage message;
    qint64 consumerId = 0;
    std::optional<std::string> identifiers;
};

} // namespace engine
