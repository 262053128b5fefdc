#include "MessageType.h"

namespace engine {

namespace {

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Checks one side of the colon; returns the offending character's description, or nothing when fine.
QString checkWord(std::string_view word, const char *side)
{
    if (word.empty()) {
        return QStringLiteral("the %1 (%2 the colon) is empty")
            .arg(QLatin1String(side), QLatin1String(qstrcmp(side, "noun") == 0 ? "before" : "after"));
    }
    for (char c : word) {
        if (!isWordChar(c)) {
            return QStringLiteral("'%1' is not allowed in the %2 (use lower-case letters, digits and _)")
                .arg(QString::fromUtf8(&c, 1), QLatin1String(side));
        }
    }
    return {};
}

} // namespace

Status MessageType::validate(std::string_view type)
{
    const QString quoted = QStringLiteral("'%1'").arg(QString::fromUtf8(type.data(), qsizetype(type.size())));
    if (type.empty())
        return Error{QStringLiteral("is empty; a type is noun:verb, like order:new")};
    if (type.size() > 100)
        return Error{QStringLiteral("is longer than 100 characters")};
    const auto colon = type.find(':');
    if (colon == std::string_view::npos || type.find(':', colon + 1) != std::string_view::npos)
        return Error{quoted + QStringLiteral(" is not noun:verb with exactly one colon, like order:new")};
    for (auto [word, side] : {std::pair{type.substr(0, colon), "noun"}, std::pair{type.substr(colon + 1), "verb"}}) {
        const QString problem = checkWord(word, side);
        if (!problem.isEmpty())
            return Error{quoted + QStringLiteral(" is not a valid type: ") + problem};
    }
    return {};
}

Result<TypePattern> TypePattern::parse(std::string_view pattern)
{
    TypePattern p;
    p.m_text = std::string(pattern);
    if (pattern == "*")
        return p;
    const QString quoted = QStringLiteral("'%1'").arg(QString::fromUtf8(pattern.data(), qsizetype(pattern.size())));
    const auto colon = pattern.find(':');
    if (pattern.empty() || colon == std::string_view::npos || pattern.find(':', colon + 1) != std::string_view::npos) {
        return Error{quoted + QStringLiteral(" is not a type pattern; use noun:verb with * for any part "
                                             "(order:new, order:*, *:updated, *)")};
    }
    const std::string_view noun = pattern.substr(0, colon);
    const std::string_view verb = pattern.substr(colon + 1);
    for (auto [word, side] : {std::pair{noun, "noun"}, std::pair{verb, "verb"}}) {
        if (word == "*")
            continue;
        const QString problem = checkWord(word, side);
        if (!problem.isEmpty())
            return Error{quoted + QStringLiteral(" is not a type pattern: ") + problem};
    }
    if (noun != "*")
        p.m_noun = std::string(noun);
    if (verb != "*")
        p.m_verb = std::string(verb);
    return p;
}

bool TypePattern::matches(std::string_view type) const
{
    if (m_noun.empty() && m_verb.empty())
        return true;
    const auto colon = type.find(':');
    if (colon == std::string_view::npos)
        return false;
    if (!m_noun.empty() && type.substr(0, colon) != m_noun)
        return false;
    if (!m_verb.empty() && type.substr(colon + 1) != m_verb)
        return false;
    return true;
}

} // namespace engine
