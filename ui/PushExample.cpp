#include "PushExample.h"

#include <QApplication>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QPushButton>

namespace ui {

QString pushUrl(const QString &pushBaseUrl, const QString &storeId)
{
    return QStringLiteral("%1/api/stores/%2/messages").arg(pushBaseUrl, storeId);
}

QString pushCurlLine(const QString &url, const QString &token)
{
    return QStringLiteral("curl -X POST %1 \\\n  -H 'Content-Type: application/json' \\\n"
                          "  -H 'X-Hub-Access-Token: %2' \\\n"
                          "  -d '{\"message\": \"order:new\", \"payload\": {\"order\": {\"number\": \"R123456789\"}}}'")
        .arg(url, token);
}

QPlainTextEdit *curlBox(QWidget *parent)
{
    auto *box = new QPlainTextEdit(parent);
    box->setReadOnly(true);
    box->setMaximumHeight(100);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    box->setFont(mono);
    return box;
}

QPushButton *copyButton(QWidget *parent, const std::function<QString()> &text)
{
    auto *b = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), QObject::tr("Copy"), parent);
    QObject::connect(b, &QPushButton::clicked, parent, [text] { QApplication::clipboard()->setText(text()); });
    return b;
}

} // namespace ui
