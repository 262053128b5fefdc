#include "SecretField.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace ui {

SecretField::SecretField(const QString &text, QWidget *parent) : QWidget(parent)
{
    m_edit = new QLineEdit(text, this);
    m_edit->setEchoMode(QLineEdit::Password);
    m_show = new QPushButton(tr("Show"), this);
    m_show->setCheckable(true);
    m_show->setToolTip(tr("Show the secret, or hide it again"));
    connect(m_show, &QPushButton::toggled, this, &SecretField::setShown);
    auto *copy = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), tr("Copy"), this);
    copy->setToolTip(tr("Copy the secret to the clipboard, shown or not"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_edit->text()); });
    connect(m_edit, &QLineEdit::textChanged, this, &SecretField::textChanged);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_show);
    layout->addWidget(copy);
    setFocusProxy(m_edit);
}

QString SecretField::text() const
{
    return m_edit->text();
}

void SecretField::setText(const QString &text)
{
    m_edit->setText(text);
}

void SecretField::setShown(bool shown)
{
    if (shown == m_shown)
        return;
    m_shown = shown;
    m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
    m_show->setChecked(shown);
    m_show->setText(shown ? tr("Hide") : tr("Show"));
    Q_EMIT shownChanged(shown);
}

QString SecretField::masked(const QString &secret)
{
    return secret.isEmpty() ? QString() : QString(8, QChar(0x2022));
}

} // namespace ui
