#include "TypePatternsEdit.h"

#include "Backend.h"
#include "storage/Browse.h"

#include <QCompleter>
#include <QStringListModel>

namespace ui {

using namespace engine;

TypePatternsEdit::TypePatternsEdit(Backend &backend, const QStringList &patterns, QWidget *parent)
    : QLineEdit(patterns.join(QStringLiteral(", ")), parent)
{
    setToolTip(tr("Message types, separated by commas; * stands for any part: order:new, order:*, *"));
    auto *known = new QStringListModel(this);
    auto *completer = new QCompleter(known, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    setCompleter(completer);
    backend.read<Result<QStringList>>(
        this, [](ReadConnection &c) { return Browse::knownTypes(c.database()); },
        [known](Result<QStringList> types) {
            if (types)
                known->setStringList(*types);
        });
}

QStringList TypePatternsEdit::patterns() const
{
    QStringList out;
    for (const QString &t : text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << t.trimmed();
    return out;
}

} // namespace ui
