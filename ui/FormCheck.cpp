#include "FormCheck.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QRegularExpression>

namespace ui {

FormCheck::FormCheck(QLabel *message, QDialogButtonBox *buttons, QObject *parent)
    : QObject(parent), m_message(message), m_buttons(buttons)
{
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #c0392b;"));
}

void FormCheck::bind(const QString &field, QWidget *widget)
{
    m_widgets[field] = widget;
}

QWidget *FormCheck::widgetFor(const QString &field) const
{
    // "subscriptions[0].filters[2].value" → try the whole name, then shorter and shorter prefixes.
    QString name = field;
    while (!name.isEmpty()) {
        if (const auto it = m_widgets.find(name); it != m_widgets.end() && *it)
            return *it;
        const qsizetype cut = std::max(name.lastIndexOf(QLatin1Char('.')), name.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            break;
        name = name.left(cut);
    }
    // "filters[2].value" → "filters"
    const QString base = field.section(QRegularExpression(QStringLiteral("[.\\[]")), 0, 0);
    if (const auto it = m_widgets.find(base); it != m_widgets.end() && *it)
        return *it;
    return nullptr;
}

void FormCheck::show(const engine::Status &status)
{
    if (m_marked) {
        m_marked->setStyleSheet(QString());
        m_marked = nullptr;
    }
    if (status) {
        m_message->clear();
        m_message->setVisible(false);
        if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
            ok->setEnabled(true);
        if (QPushButton *save = m_buttons->button(QDialogButtonBox::Save))
            save->setEnabled(true);
        return;
    }
    m_message->setText(status.error().text());
    m_message->setVisible(true);
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(false);
    if (QPushButton *save = m_buttons->button(QDialogButtonBox::Save))
        save->setEnabled(false);
    if (QWidget *w = widgetFor(status.error().field)) {
        w->setStyleSheet(QStringLiteral("border: 1px solid #c0392b;"));
        m_marked = w;
    }
}

void FormCheck::showSaveError(const engine::Error &error)
{
    show(error);
    // The owner may fix something else and try again.
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(true);
    if (QPushButton *save = m_buttons->button(QDialogButtonBox::Save))
        save->setEnabled(true);
}

} // namespace ui
