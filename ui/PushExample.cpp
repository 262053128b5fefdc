#include "PushExample.h"

#include <QApplication>
#include <QClipboard>
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

QPushButton *copyButton(QWidget *parent, const std::function<QString()> &text)
{
    auto *b = new QPushButton(QIcon(QStringLiteral(":/icons/copy.svg")), QObject::tr("Copy"), parent);
    QObject::connect(b, &QPushButton::clicked, parent, [text] { QApplication::clipboard()->setText(text()); });
    return b;
}

} // namespace ui
