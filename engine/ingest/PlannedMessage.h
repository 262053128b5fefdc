#pragma once
// A message as the writer stores it: text only, with the copies planned for it on the sender's thread.
// Keeping parsed JSON and filter work off the writer thread is what lets one writer keep up (measured:
// freeing the parsed payloads alone took a quarter of its time).

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

struct PlannedMessage {
    std::string id;
    std::string type;
    std::string storeId;
    std::string source;
    std::string parentId;
    int depth = 0;
    std::string payloadText;
    std::string extraText;

    // The plan, valid for the configuration revision it was made from.
    qint64 revision = -1;
    bool rejected = false;
    QString reason; // why it is rejected or skipped
    std::vector<PlannedCopy> copies;
};

} // namespace engine
