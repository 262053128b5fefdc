#pragma once
// A delivery that has just been made and committed (pending, never tried), with what sending it needs.
// Ingest hands these to the dispatcher after the commit is durable, so that a dispatcher that has read
// everything due can send them without reading each one back from the database (measured: that read was a
// fifth of the dispatcher's time). The database row stays the truth; a delivery that is not taken this way
// is found there.

#include <QtGlobal>

#include <memory>
#include <string>

namespace engine {

struct NewDelivery {
    std::string id;
    std::string parentId; // the incoming message it copies
    std::string storeId;
    std::string type;
    qint64 subscriptionId = 0;
    qint64 endpointId = 0;
    int depth = 0;
    std::shared_ptr<const std::string> payload; // the message's payload, shared by its copies
};

} // namespace engine
