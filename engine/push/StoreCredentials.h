#pragma once
// The stores' push tokens, for checking requests: from the configuration watcher's latest snapshot, and
// from a fresh look before a request is refused, so that a store or token made a moment ago is never
// turned away. Used on the push server's thread.

#include <QByteArray>
#include <QString>

#include <map>
#include <memory>

namespace engine {

class ConfigWatcher;
struct ConfigSnapshot;

class StoreCredentials {
public:
    enum class Check { Accepted, UnknownStore, MissingToken, WrongToken };

    explicit StoreCredentials(ConfigWatcher &config) : m_config(config) {}

    // Tokens are compared in constant time.
    Check check(const QString &store, const QByteArray &token);

private:
    Check compare(const std::shared_ptr<const ConfigSnapshot> &snapshot, const QString &store, const QByteArray &token);

    ConfigWatcher &m_config;
    // The tokens of the snapshot last used, as bytes, so that a request costs a lookup and no conversion.
    std::shared_ptr<const ConfigSnapshot> m_snapshot;
    std::map<QString, QByteArray> m_tokens;
};

} // namespace engine
