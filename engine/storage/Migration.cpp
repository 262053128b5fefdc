#include "Migration.h"

#include "alerts/Alerts.h"
#include "config/DefaultConsumers.h"

namespace engine::Migrations {

namespace {

// A string literal, as both dialects write it.
std::string quoted(const std::string &text)
{
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'')
            out += '\'';
    }
    return out + "'";
}

} // namespace

std::vector<std::string> insertDefaultConsumers(bool enabled, const std::string &nowMs)
{
    std::vector<std::string> statements;
    for (const Consumer &c : DefaultConsumers::all()) {
        const Json json = c.toJson();
        statements.push_back(
            "INSERT INTO consumers (name, messages, each_path, filters, match, emits, payload, payload_as, additions, "
            "identifiers, enabled, created_at) VALUES (" +
            quoted(json["name"].get<std::string>()) + ", " + quoted(json["messages"].dump()) + ", " +
            quoted(toStdString(c.each)) + ", " + quoted(json["filters"].dump()) + ", " +
            quoted(json["match"].get<std::string>()) + ", " + quoted(json["emits"].get<std::string>()) + ", " +
            quoted(json["payload"].get<std::string>()) + ", " + quoted(toStdString(c.as)) + ", " +
            quoted(namedPathsToJson(c.add).dump()) + ", " + quoted(json["identifiers"].dump()) + ", " +
            (enabled ? "1" : "0") + ", " + nowMs + ") ON CONFLICT (name) DO NOTHING");
    }
    return statements;
}

std::string consumersOfferedAlert(const std::string &nowMs)
{
    return "INSERT INTO alerts (kind, subject, detail, raised_at) VALUES ('" + toStdString(Alerts::ConsumersOffered) +
           "', 'consumers', 'This version adds two consumers, turned off: canceled-orders (order:canceled for "
           "canceled orders) and shipment-ready (shipment:ready for each ready shipment). Turn them on in "
           "Consumers if your endpoints want these messages.', " +
           nowMs + ")";
}

} // namespace engine::Migrations
