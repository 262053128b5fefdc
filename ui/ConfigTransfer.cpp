#include "ConfigTransfer.h"

#include "Backend.h"
#include "core/Json.h"

#include <QFile>
#include <QSaveFile>

namespace ui::ConfigTransfer {

using namespace engine;

void importFile(Backend &backend, QObject *context, const QString &path, ConfigStore::ImportMode mode,
                std::function<void(Result<QString>)> done)
{
    backend.background<Result<Configuration>>(
        context,
        [path]() -> Result<Configuration> {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                return Error{QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
            const Json json = Json::parse(file.readAll().toStdString(), nullptr, false);
            if (json.is_discarded())
                return Error{QStringLiteral("%1 is not valid JSON").arg(path)};
            Result<Configuration> config = Configuration::fromJson(json);
            if (!config)
                return config.error().prefixed(path);
            return config;
        },
        [&backend, context, path, mode, done](Result<Configuration> config) {
            if (!config)
                return done(config.error());
            const QString summary =
                QStringLiteral("%1 %2: %3 store(s), %4 endpoint(s), %5 subscription(s)")
                    .arg(mode == ConfigStore::ImportMode::Replace ? QStringLiteral("Replaced the configuration with")
                                                                  : QStringLiteral("Merged"),
                         path)
                    .arg(config->stores.size())
                    .arg(config->endpoints.size())
                    .arg(config->subscriptions.size());
            backend.owner().importConfiguration(
                *config, mode, backend.answer<void>(context, [done, summary, path](const Status &status) {
                    if (!status)
                        return done(status.error().prefixed(path));
                    done(summary);
                }));
        });
}

void exportFile(Backend &backend, QObject *context, const QString &path, std::function<void(Result<QString>)> done)
{
    const QByteArray text = QByteArray::fromStdString(backend.configuration().toJson().dump(2)) + '\n';
    backend.background<Result<QString>>(
        context,
        [path, text]() -> Result<QString> {
            // QSaveFile: the old file stays whole until the new one is completely written.
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
                return Error{QStringLiteral("cannot write %1: %2").arg(path, file.errorString())};
            return QStringLiteral("Exported the configuration to %1").arg(path);
        },
        std::move(done));
}

} // namespace ui::ConfigTransfer
