#include "StoreCredentials.h"

#include "config/ConfigWatcher.h"
#include "core/Secret.h"

namespace engine {

StoreCredentials::Check StoreCredentials::compare(const ConfigSnapshot &snapshot, const QString &store,
                                                  const QByteArray &token)
{
    const Store *s = snapshot.configuration.store(store);
    if (!s)
        return Check::UnknownStore;
    if (token.isEmpty())
        return Check::MissingToken;
    return Secret::equal(token, s->pushToken.toUtf8()) ? Check::Accepted : Check::WrongToken;
}

StoreCredentials::Check StoreCredentials::check(const QString &store, const QByteArray &token)
{
    const Check first = compare(*m_config.current(), store, token);
    if (first == Check::Accepted || first == Check::MissingToken)
        return first;
    return compare(*m_config.latest(), store, token);
}

} // namespace engine
