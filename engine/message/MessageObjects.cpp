#include "MessageObjects.h"

#include "JsonScan.h"

#include <initializer_list>
#include <optional>

namespace engine {

namespace {

// The bytes of member `key` of the object `text`, if it has one.
std::optional<std::string_view> member(std::string_view text, std::string_view key)
{
    std::optional<std::string_view> found;
    JsonScan::members(text, [&](std::string &&k, std::string_view value) {
        if (!found && k == key)
            found = value;
    });
    return found;
}

// A string as its text, a number as written; nothing for anything else or an empty string.
std::optional<std::string> scalar(std::optional<std::string_view> value)
{
    if (!value)
        return std::nullopt;
    const char kind = JsonScan::kind(*value);
    if (kind == '"') {
        std::string text;
        if (JsonScan::decodeString(*value, text) && !text.empty())
            return text;
        return std::nullopt;
    }
    if (kind == '-' || (kind >= '0' && kind <= '9'))
        return std::string(*value);
    return std::nullopt;
}

// The first of `keys` present in `object` whose value is a non-empty scalar.
std::optional<std::string> firstOf(std::string_view object, std::initializer_list<std::string_view> keys)
{
    for (std::string_view key : keys) {
        if (std::optional<std::string> v = scalar(member(object, key)))
            return v;
    }
    return std::nullopt;
}

} // namespace

std::vector<ObjectRef> objectsOf(std::string_view type, std::string_view payload)
{
    const std::string_view noun = type.substr(0, type.find(':'));
    std::vector<ObjectRef> out;
    const auto inner = [&](std::string_view key) -> std::optional<std::string_view> {
        std::optional<std::string_view> v = member(payload, key);
        if (v && JsonScan::kind(*v) == '{')
            return v;
        return std::nullopt;
    };
    if (noun == "order" || noun == "cart") {
        if (auto order = inner("order"))
            if (auto number = firstOf(*order, {"number"}))
                out.push_back({"order", *number});
    } else if (noun == "shipment") {
        if (auto shipment = inner("shipment")) {
            if (auto number = firstOf(*shipment, {"number"}))
                out.push_back({"shipment", *number});
            if (auto order = firstOf(*shipment, {"order_number"}))
                out.push_back({"order", *order});
        }
    } else if (noun == "product" || noun == "stock" || noun == "inventory") {
        for (std::string_view key : {"product", "stock", "inventory"}) {
            if (auto product = inner(key)) {
                if (auto id = firstOf(*product, {"sku", "id"})) {
                    out.push_back({"product", *id});
                    break;
                }
            }
        }
    } else if (noun == "user" || noun == "customer") {
        for (std::string_view key : {"user", "customer"}) {
            if (auto user = inner(key)) {
                if (auto email = firstOf(*user, {"email"})) {
                    out.push_back({"user", *email});
                    break;
                }
            }
        }
    }
    return out;
}

} // namespace engine
