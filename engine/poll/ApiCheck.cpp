#include "ApiCheck.h"

#include "SpreeClient.h"

namespace engine::ApiCheck {

Result<Found> run(const Store &store, const QString &caFile, int timeoutMs)
{
    if (store.apiUrl.isEmpty() || store.apiKey.isEmpty())
        return fieldError(QStringLiteral("api_url"), QStringLiteral("the store needs an API URL and key to test"));
    SpreeClient client(store.apiUrl, store.apiKey, timeoutMs, caFile);
    Found found;
    SpreeClient::Answer answer;
    if (store.apiVersion != ApiVersion::V1) {
        answer = client.get("/api/v3/admin/api_keys/current", ApiVersion::V3);
        const Json body = Json::parse(answer.body.toStdString(), nullptr, false);
        if (answer.status == 200 && body.is_object()) {
            found.version = ApiVersion::V3;
            if (body.contains("scopes") && body["scopes"].is_array()) {
                for (const Json &s : body["scopes"]) {
                    if (s.is_string())
                        found.scopes << QString::fromStdString(s.get<std::string>());
                }
            }
            if (!found.scopes.contains(QStringLiteral("read_all"))) {
                for (const char *needed : {"read_orders", "read_customers", "read_products"}) {
                    if (!found.scopes.contains(QLatin1String(needed)))
                        found.missing << QLatin1String(needed);
                }
            }
            return found;
        }
        if (store.apiVersion == ApiVersion::V3)
            return runtimeError(SpreeClient::reasonFor(answer, body));
    }
    answer = client.get("/api/v1/orders?per_page=1", ApiVersion::V1);
    const Json body = Json::parse(answer.body.toStdString(), nullptr, false);
    if (answer.status == 200 && body.is_object() && body.contains("orders"))
        return found;
    return runtimeError(SpreeClient::reasonFor(answer, body));
}

} // namespace engine::ApiCheck
