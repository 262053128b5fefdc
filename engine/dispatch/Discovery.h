#pragma once
// An endpoint's description of itself, read from GET {url}/endpoint.json (DESIGN §6), and the subscriptions
// an owner makes from it: one per service, from what the service recommends, with the owner's values for
// the parameters it requires.

#include "config/Subscription.h"
#include "core/Json.h"
#include "core/Result.h"

#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace engine {

struct ServiceParameter {
    QString name;
    QString description;
    QString dataType = QStringLiteral("string"); // string, boolean, integer, number, list, object
    Json defaultValue;                           // null when there is none
    std::vector<Json> allowed;                   // empty: any value of the type
    bool optional = false;

    // Checks a value the owner gave; the error names the parameter.
    Status check(const Json &value) const;
};

struct ServiceDescription {
    QString name;
    QString path = QStringLiteral("/");
    QString description;
    std::vector<ServiceParameter> parameters;
    // What it recommends.
    QStringList messages;
    std::vector<Identifier> identifiers;
    std::vector<FilterRule> filters;
    bool retriesAllowed = true;
};

struct EndpointDescription {
    QString name;
    QString display;
    QString description;
    std::vector<ServiceDescription> services;

    // Checks the whole document; errors name the field ("services[1].requires.parameters[0].data_type").
    static Result<EndpointDescription> fromJson(const Json &json);
    const ServiceDescription *service(const QString &name) const;
};

namespace Discovery {

// Fetches and checks {baseUrl}/endpoint.json. Blocks for up to `timeoutMs`: not for the GUI thread.
Result<EndpointDescription> fetch(const QString &baseUrl, int timeoutMs = 10'000, const QString &caFile = QString());

// The subscription a service recommends, on `endpointName`, with `values` for its parameters: each checked
// against its type and allowed values, defaults filled in, optional ones left out when not given.
Result<Subscription> subscriptionFor(const QString &endpointName, const ServiceDescription &service,
                                     const std::map<QString, Json> &values);

} // namespace Discovery

} // namespace engine
