#pragma once
// A log entry about a business object (DESIGN §1): an order, a shipment, a product, a user. Recorded by the
// writer (storage/EventStore); the same event again (same object, level, subject and description) counts as another
// occurrence.

#include "core/Json.h"
#include "core/Result.h"

#include <QString>

#include <string>
#include <string_view>
#include <utility>

namespace engine {

struct Event {
    QString storeId;
    std::string messageId;
    QString level = QStringLiteral("info"); // info, warn, error
    QString subject;
    QString description;
    QString origin;        // endpoint:<name>, owner, engine, poller:<store>
    QString referenceType; // order, shipment, product, user; empty for none
    QString referenceId;
};

// The business object an event about a message is on: the first of those the message is about
// (message/MessageObjects.h: an order's number, a shipment's, a product's SKU or id, a user's e-mail), from its
// type and payload text; empty when there is none.
std::pair<QString, QString> referenceOf(std::string_view type, std::string_view payload);

} // namespace engine
