#pragma once
// Reads a configuration object's fields, stopping at the first problem and naming the field in the error.
//   FieldReader r(json);
//   r.onlyKeys({"id", "name"}).string("id", s.id, Presence::Required).string("name", s.name);
//   if (!r.ok()) return r.error();

#include "core/Json.h"
#include "core/Result.h"
#include "filter/Filter.h"
#include "filter/FilterSet.h"

#include <QStringList>

#include <initializer_list>

namespace engine {

enum class Presence { Required, Optional };

class FieldReader {
public:
    // Fails at once when `object` is not a JSON object; the caller prefixes where it was ("stores[0]").
    explicit FieldReader(const Json &object);

    // Refuses keys outside `allowed`, so a typo ("timeout" for "timeout_s") is not silently ignored.
    FieldReader &onlyKeys(std::initializer_list<const char *> allowed);
    // Each leaves `out` untouched when an optional key is absent or null.
    FieldReader &string(const char *key, QString &out, Presence presence = Presence::Optional);
    FieldReader &integer(const char *key, int &out, int min, int max, Presence presence = Presence::Optional);
    FieldReader &boolean(const char *key, bool &out);
    FieldReader &stringList(const char *key, QStringList &out, Presence presence = Presence::Optional);
    // "all" or "any".
    FieldReader &matchRule(const char *key, MatchRule &out);
    // A list of {path, operator, value}; the content is checked when the filters are compiled.
    FieldReader &filterRules(const char *key, std::vector<FilterRule> &out);
    // The value at key, or nullptr when absent or null (and nothing has failed yet).
    const Json *find(const char *key) const;

    bool ok() const { return m_status.ok(); }
    const Error &error() const { return m_status.error(); }
    Status status() const { return m_status; }

private:
    const Json *present(const char *key, Presence presence);
    void fail(const char *key, const QString &message);

    const Json &m_object;
    Status m_status;
};

} // namespace engine
