#include "ObjectDiff.h"

#include <algorithm>
#include <set>
#include <string_view>

namespace engine::ObjectDiff {

namespace {

void walk(const std::string &path, const Json &before, const Json &after, Json &out)
{
    const auto child = [&path](const std::string &key) { return path.empty() ? key : path + "." + key; };
    if (before.is_object() && after.is_object()) {
        std::set<std::string> keys;
        for (auto it = before.begin(); it != before.end(); ++it)
            keys.insert(it.key());
        for (auto it = after.begin(); it != after.end(); ++it)
            keys.insert(it.key());
        static const Json none;
        for (const std::string &key : keys) {
            const auto b = before.find(key), a = after.find(key);
            walk(child(key), b == before.end() ? none : *b, a == after.end() ? none : *a, out);
        }
        return;
    }
    if (before.is_array() && after.is_array()) {
        static const Json none;
        for (size_t i = 0; i < std::max(before.size(), after.size()); ++i)
            walk(child(std::to_string(i)), i < before.size() ? before[i] : none, i < after.size() ? after[i] : none,
                 out);
        return;
    }
    if (before != after)
        out[path] = Json::array({before, after});
}

} // namespace

Json between(const Json &before, const Json &after)
{
    Json out = Json::object();
    walk(std::string(), before, after, out);
    return out;
}

namespace {

bool isTimeOfChange(std::string_view key)
{
    const size_t dot = key.rfind('.');
    return key.substr(dot == std::string_view::npos ? 0 : dot + 1) == "updated_at";
}

std::string shown(const Json &value)
{
    if (value.is_null())
        return "none";
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return text;
}

} // namespace

bool changesMoreThanTimes(const Json &diff)
{
    for (auto it = diff.begin(); it != diff.end(); ++it) {
        if (!isTimeOfChange(it.key()))
            return true;
    }
    return false;
}

std::string summary(const Json &diff, size_t most)
{
    std::string out;
    size_t left = 0;
    for (auto it = diff.begin(); it != diff.end(); ++it) {
        if (isTimeOfChange(it.key()))
            continue;
        const Json &pair = it.value();
        const std::string part = it.key() + ": " + shown(pair.size() > 0 ? pair[0] : Json()) + " \u2192 " +
                                 shown(pair.size() > 1 ? pair[1] : Json());
        if (!out.empty() && out.size() + part.size() + 2 > most) {
            ++left;
            continue;
        }
        out += (out.empty() ? "" : "; ") + part;
    }
    if (left > 0)
        out += "; and " + std::to_string(left) + " more";
    return out;
}

} // namespace engine::ObjectDiff
