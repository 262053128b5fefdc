#include "ListPage.h"

#include "OrderMapping.h"

#include <cstdlib>

namespace engine::ListPage {

namespace {

std::string text(const Json &object, const char *key)
{
    const Json &v = memberAt(object, key);
    return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
}

QString listName(Resource resource)
{
    return QLatin1String(StorePoller::resourceName(resource));
}

} // namespace

const char *rowsKey(Resource resource, ApiVersion api)
{
    if (api == ApiVersion::V3)
        return "data";
    return resource == Resource::Orders ? "orders" : resource == Resource::Customers ? "users" : "products";
}

Result<std::vector<Row>> read(Resource resource, ApiVersion api, const Json &page)
{
    // An array, say, is JSON the poller takes from the store, but no page: it has no rows to look up.
    if (!page.is_object())
        return Error{
            QStringLiteral("the store's %1 list is %2, not an object").arg(listName(resource), describeJsonType(page))};
    const Json &rows = memberAt(page, rowsKey(resource, api));
    if (!rows.is_array())
        return Error{QStringLiteral("the store's %1 list has no %2")
                         .arg(listName(resource), QLatin1String(rowsKey(resource, api)))};
    std::vector<Row> out;
    out.reserve(rows.size());
    for (const Json &row : rows)
        out.push_back({text(row, resource == Resource::Orders ? "number" : "id"), text(row, "updated_at"), row});
    return out;
}

Result<std::vector<Row>> read(Resource resource, ApiVersion api, const QByteArray &body)
{
    const Json page = Json::parse(body.begin(), body.end(), nullptr, false);
    if (page.is_discarded())
        return Error{QStringLiteral("the store's %1 list is not JSON").arg(listName(resource))};
    return read(resource, api, page);
}

Json mapped(Resource resource, ApiVersion api, const Json &object)
{
    if (resource == Resource::Orders)
        return api == ApiVersion::V3 ? OrderMapping::fromV3(object) : OrderMapping::fromV1(object);
    const auto field = [&object](const char *key) -> const Json & { return memberAt(object, key); };
    if (resource == Resource::Customers) {
        Json user = {{"id", field("id")},
                     {"email", field("email")},
                     {"created_at", field("created_at")},
                     {"updated_at", field("updated_at")}};
        if (api == ApiVersion::V3) {
            user["firstname"] = field("first_name");
            user["lastname"] = field("last_name");
        }
        return user;
    }
    const Json &price = field("price");
    Json product = {
        {"id", field("id")},
        {"name", field("name")},
        // API v1 keeps a product's SKU on its master variant; one that is not an object has none.
        {"sku", api == ApiVersion::V1 ? memberAt(field("master"), "sku") : field("sku")},
        {"slug", field("slug")},
        {"price", price.is_string() ? Json(std::strtod(price.get<std::string>().c_str(), nullptr)) : price}};
    if (api == ApiVersion::V3)
        product["updated_at"] = field("updated_at");
    return product;
}

} // namespace engine::ListPage
