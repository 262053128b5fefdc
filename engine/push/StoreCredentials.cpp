#include "StoreCredentials.h"

#include "config/ConfigWatcher.h"
#include "core/Secret.h"

namespace engine {

StoreCredentials::Check StoreCredentials::compare(const std::shared_ptr<const ConfigSnapshot> &snapshot,
                                                  const QString &store, const QByteArray &token)
{
    if (snapshot != m_snapshot) {
        m_tokens.clear();
        for (const Store &s : snapshot->configuration.stores)
            m_tokens[s.id] = s.pushToken.toUtf8();
        m_snapshot = snapshot;
    }
    const auto it = m_tokens.find(store);
    if (it == m_tokens.end())
        return Check::UnknownStore;
    if (token.isEmpty())
        return Check::MissingToken;
    return Secret::equal(token, it->second) ? Check::Accepted : Check::WrongToken;
}

StoreCredentials::Check StoreCredentials::check(const QString &store, const QByteArray &token)
{
    const Check first = compare(m_config.current(), store, token);
    if (first == Check::Accepted || first == Check::MissingToken)
        return first;
    return compare(m_config.latest(), store, token);
}

} // namespace engine
