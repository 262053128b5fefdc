#include "ParameterMerge.h"

namespace engine {

std::string mergeParameters(std::string_view stored, const std::vector<std::pair<QString, Json>> &updates)
{
    Json parameters = Json::parse(stored, nullptr, false);
    if (!parameters.is_array())
        parameters = Json::array();
    for (const auto &[name, value] : updates) {
        const std::string key = name.toStdString();
        bool replaced = false;
        for (Json &p : parameters) {
            if (p.is_object() && p.value("name", std::string()) == key) {
                p["value"] = value;
                replaced = true;
            }
        }
        if (!replaced)
            parameters.push_back({{"name", key}, {"value", value}});
    }
    return parameters.dump();
}

} // namespace engine
