#include "Event.h"

namespace engine {

namespace {

QString text(const Json *v)
{
    if (!v || v->is_null())
        return {};
    if (v->is_string())
        return toQString(v->get<std::string>());
    if (v->is_number())
        return toQString(v->dump());
    return {};
}

const Json *at(const Json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

} // namespace

std::pair<QString, QString> referenceOf(std::string_view type, const Json &payload)
{
    const std::string_view noun = type.substr(0, type.find(':'));
    const auto object = [&](const char *key) -> const Json * { return at(payload, key); };
    if (noun == "order" || noun == "cart") {
        if (const Json *order = object("order"))
            return {QStringLiteral("order"), text(at(*order, "number"))};
    } else if (noun == "shipment") {
        if (const Json *shipment = object("shipment")) {
            if (QString number = text(at(*shipment, "number")); !number.isEmpty())
                return {QStringLiteral("shipment"), number};
        }
    } else if (noun == "product" || noun == "stock" || noun == "inventory") {
        for (const char *key : {"product", "stock", "inventory"}) {
            if (const Json *product = object(key)) {
                QString id = text(at(*product, "sku"));
                if (id.isEmpty())
                    id = text(at(*product, "id"));
                if (!id.isEmpty())
                    return {QStringLiteral("product"), id};
            }
        }
    } else if (noun == "user" || noun == "customer") {
        for (const char *key : {"user", "customer"}) {
            if (const Json *user = object(key)) {
                if (QString email = text(at(*user, "email")); !email.isEmpty())
                    return {QStringLiteral("user"), email};
            }
        }
    }
    return {};
}

} // namespace engine
