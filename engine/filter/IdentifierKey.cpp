#include "IdentifierKey.h"

namespace engine {

std::optional<std::string> identifierKey(const IdentifierPaths &paths, const Json &document)
{
    if (paths.empty())
        return std::nullopt;
    Json key = Json::object();
    for (const auto &[name, path] : paths) {
        const std::vector<const Json *> values = path.collect(document);
        if (values.empty())
            return std::nullopt;
        if (path.hasWildcard()) {
            Json list = Json::array();
            for (const Json *v : values)
                list.push_back(*v);
            key[name] = std::move(list);
        } else {
            key[name] = *values.front();
        }
    }
    return key.dump();
}

} // namespace engine
