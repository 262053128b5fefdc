#pragma once
// "1 delivery", "1,204 deliveries": a count with its noun in the right number, the number in the owner's
// locale. (Qt's %n plurals need a translation file even for English; the window ships none yet.)

#include <QLocale>
#include <QString>

namespace ui {

inline QString counted(qint64 n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(QLocale().toString(n), n == 1 ? one : many);
}

} // namespace ui
