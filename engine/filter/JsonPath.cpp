#include "JsonPath.h"

#include <algorithm>
#include <charconv>

namespace engine {

Result<JsonPath> JsonPath::parse(std::string_view text)
{
    if (text.empty())
        return Error{QStringLiteral("is empty; a path looks like payload.order.status")};
    JsonPath path;
    path.m_text = std::string(text);
    size_t start = 0;
    while (true) {
        const size_t dot = text.find('.', start);
        const std::string_view segment = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (segment.empty()) {
            return Error{QStringLiteral("'%1' has an empty step; steps are separated by single dots, "
                                        "like payload.order.status")
                             .arg(QString::fromUtf8(text.data(), qsizetype(text.size())))};
        }
        path.m_segments.emplace_back(segment);
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return path;
}

bool JsonPath::hasWildcard() const
{
    return std::find(m_segments.begin(), m_segments.end(), "*") != m_segments.end();
}

std::vector<const Json *> JsonPath::collect(const Json &root) const
{
    std::vector<const Json *> out;
    collect(root, 0, out);
    return out;
}

void JsonPath::collect(const Json &node, size_t step, std::vector<const Json *> &out) const
{
    if (step == m_segments.size()) {
        out.push_back(&node);
        return;
    }
    const std::string &segment = m_segments[step];
    if (segment == "*") {
        if (node.is_array() || node.is_object()) {
            for (const Json &child : node)
                collect(child, step + 1, out);
        }
        return;
    }
    if (node.is_object()) {
        const auto it = node.find(segment);
        if (it != node.end())
            collect(*it, step + 1, out);
        return;
    }
    if (node.is_array()) {
        size_t index = 0;
        const char *end = segment.data() + segment.size();
        const auto [ptr, ec] = std::from_chars(segment.data(), end, index);
        if (ec == std::errc() && ptr == end && index < node.size())
            collect(node[index], step + 1, out);
    }
}

} // namespace engine
