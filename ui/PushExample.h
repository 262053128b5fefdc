#pragma once
// How a store pushes to this hub, as the Stores view and the welcome page both show it: the store's push
// URL, a curl line that pushes an example order, and a button that copies either. GUI thread.

#include <QString>

#include <functional>

class QPlainTextEdit;
class QPushButton;
class QWidget;

namespace ui {

// http://host:port/api/stores/{id}/messages
QString pushUrl(const QString &pushBaseUrl, const QString &storeId);
// A ready-to-paste curl command pushing an order:new with `token`.
QString pushCurlLine(const QString &url, const QString &token);
// Where the curl line is shown: read-only, in a fixed-width font, as tall as its four lines.
QPlainTextEdit *curlBox(QWidget *parent);
// A Copy button that puts `text()`, as it is when clicked, on the clipboard.
QPushButton *copyButton(QWidget *parent, const std::function<QString()> &text);

} // namespace ui
