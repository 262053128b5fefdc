#include "FormCheck.h"

#include <QDialogButtonBox>
#include <QFormLayout>
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
    show(status ? engine::Problems{} : engine::Problems{status.error()});
}

QString FormCheck::labelOf(QWidget *widget)
{
    // The form row the widget (or the row widget that holds it) is in; forms may sit in other layouts.
    QString label;
    for (QWidget *w = widget; w && !w->isWindow() && label.isEmpty(); w = w->parentWidget()) {
        for (QFormLayout *form : w->parentWidget()->findChildren<QFormLayout *>()) {
            if (auto *l = qobject_cast<QLabel *>(form->labelForField(w)))
                label = l->text();
        }
    }
    label.remove(QLatin1Char('&'));
    while (label.endsWith(QLatin1Char(':')))
        label.chop(1);
    return label;
}

void FormCheck::enableSave(bool enable)
{
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(enable);
    if (QPushButton *save = m_buttons->button(QDialogButtonBox::Save))
        save->setEnabled(enable);
}

void FormCheck::show(const engine::Problems &problems)
{
    m_shown = problems;
    for (const QPointer<QWidget> &w : std::as_const(m_marked)) {
        if (w)
            w->setStyleSheet(QString());
    }
    m_marked.clear();
    enableSave(problems.empty());
    // A check while the form is on screen comes from a change the owner made.
    m_typed = m_typed || m_message->window()->isVisible();
    if (problems.empty() || !m_typed) {
        m_message->clear();
        m_message->setVisible(false);
        return;
    }
    QStringList lines;
    for (const engine::Error &e : problems) {
        QWidget *w = widgetFor(e.field);
        const QString label = w ? labelOf(w) : QString();
        // The form's own word for the field, not the file's key ("Types", not "messages[0]").
        lines << (label.isEmpty() ? e.text() : label + QStringLiteral(": ") + e.message).toHtmlEscaped();
        if (w && !m_marked.contains(w)) {
            w->setStyleSheet(QStringLiteral("border: 1px solid #c0392b;"));
            m_marked << w;
        }
    }
    m_message->setText(lines.join(QStringLiteral("<br>")));
    m_message->setVisible(true);
}

void FormCheck::showSaveError(const engine::Error &error)
{
    m_typed = true; // the owner asked to save: whatever stops it is said
    show(error);
    // The owner may fix something else and try again.
    if (QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok))
        ok->setEnabled(true);
    if (QPushButton *save = m_buttons->button(QDialogButtonBox::Save))
        save->setEnabled(true);
}

} // namespace ui
