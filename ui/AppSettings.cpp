#include "AppSettings.h"

#include "push/ListenAddress.h"
#include "storage/postgres/PgAddress.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace ui {

using namespace engine;

AppSettings AppSettings::load()
{
    QSettings settings;
    AppSettings s;
    s.databasePath = settings.value(QStringLiteral("engine/database")).toString();
    s.listen = settings.value(QStringLiteral("engine/listen")).toString();
    s.keepRunningInTray = settings.value(QStringLiteral("window/keepRunningInTray"), true).toBool();
    // A hand-edited file with a bad address should not keep the application from starting.
    if (!s.listen.isEmpty() && !ListenAddress::parse(s.listen)) {
        qWarning("Integrator: ignoring the listen address %s in the settings", qPrintable(s.listen));
        s.listen.clear();
    }
    return s;
}

Status AppSettings::validate() const
{
    if (!listen.isEmpty()) {
        if (Result<ListenAddress> parsed = ListenAddress::parse(listen); !parsed)
            return parsed.error();
    }
    if (PgAddress::isPostgres(databasePath)) {
        if (Result<PgAddress> address = PgAddress::parse(databasePath); !address)
            return fieldError(QStringLiteral("database"), address.error().message);
    } else if (!databasePath.isEmpty()) {
        const QFileInfo file(databasePath);
        if (!file.isAbsolute())
            return fieldError(QStringLiteral("database"), QStringLiteral("give the whole path, starting with /"));
        if (file.isDir())
            return fieldError(QStringLiteral("database"),
                              QStringLiteral("%1 is a folder; name a file in it").arg(databasePath));
        const QFileInfo folder(file.absolutePath());
        if (folder.exists() && !folder.isDir())
            return fieldError(QStringLiteral("database"), QStringLiteral("%1 is not a folder").arg(folder.filePath()));
    }
    return {};
}

Status AppSettings::save() const
{
    if (Status ok = validate(); !ok)
        return ok;
    QSettings settings;
    settings.setValue(QStringLiteral("engine/database"), databasePath);
    settings.setValue(QStringLiteral("engine/listen"), listen);
    settings.setValue(QStringLiteral("window/keepRunningInTray"), keepRunningInTray);
    settings.sync();
    if (settings.status() != QSettings::NoError)
        return runtimeError(QStringLiteral("cannot write the settings file %1").arg(settings.fileName()));
    return {};
}

} // namespace ui
