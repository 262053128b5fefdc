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

bool changesMoreThanTimes(const Json &diff)
{
    for (auto it = diff.begin(); it != diff.end(); ++it) {
        const std::string_view key = it.key();
        const std::string_view last = key.substr(key.rfind('.') == std::string_view::npos ? 0 : key.rfind('.') + 1);
        if (last != "updated_at")
            return true;
    }
    return false;
}

} // namespace engine::ObjectDiff
