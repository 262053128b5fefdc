#pragma once
// A consumer (config/Consumer.h) compiled for running: what it emits for one message, computed without the
// database. Immutable after compile(), so the fan-out table shares it between threads.

#include "config/Consumer.h"
#include "core/Json.h"
#include "core/Result.h"
#include "filter/FilterSet.h"
#include "filter/IdentifierKey.h"
#include "filter/JsonPath.h"
#include "message/MessageType.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

class ConsumerRule {
public:
    struct Emission {
        Json payload;                           // an object
        std::optional<std::string> identifiers; // canonical identifier values, when the rule has identifiers
    };
    struct Outcome {
        std::vector<Emission> emitted;
        std::vector<QString> problems; // why a message the rule took emitted nothing, in the owner's words
    };

    // The consumer must be valid (Consumer::validate); the error says what is not.
    static Result<ConsumerRule> compile(const Consumer &consumer);

    qint64 id() const { return m_id; }
    const QString &name() const { return m_name; }
    const std::string &emits() const { return m_emits; }
    // What emitted messages give as their source: consumer:<name>.
    const std::string &source() const { return m_source; }

    bool takes(std::string_view type) const;
    // What the rule emits for a message of a type it takes, given as its whole document
    // {message, message_id, payload, ...}.
    Outcome apply(const Json &document) const;

private:
    // A path from the message's root, or from the element of `each`; `whole` is the element itself.
    struct ScopedPath {
        bool element = false;
        bool whole = false;
        JsonPath path;
        static Result<ScopedPath> parse(const QString &text);
        const Json *first(const Json &document, const Json *element) const;
    };

    bool passes(bool documentPassed, const Json *element) const;
    std::optional<Emission> emission(const Json &document, const Json *element, std::vector<QString> &problems) const;

    qint64 m_id = 0;
    QString m_name;
    std::string m_emits;
    std::string m_source;
    std::vector<TypePattern> m_patterns;
    std::optional<JsonPath> m_each;
    FilterSet m_documentFilters; // filters on the message
    FilterSet m_elementFilters;  // filters on the element of each, their paths without "each."
    MatchRule m_match = MatchRule::All;
    std::optional<ScopedPath> m_payload; // none: the same payload
    std::string m_as;
    std::vector<std::pair<std::string, ScopedPath>> m_add;
    IdentifierPaths m_identifiers;
};

} // namespace engine
