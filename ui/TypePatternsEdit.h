#pragma once
// A field for message type patterns, separated by commas (order:new, order:*, *), that offers the types
// the hub has seen as the owner types. Subscriptions and consumers use it. GUI thread; the known types are
// read on the backend's reader.

#include <QLineEdit>
#include <QStringList>

namespace ui {

class Backend;

class TypePatternsEdit : public QLineEdit {
    Q_OBJECT
public:
    TypePatternsEdit(Backend &backend, const QStringList &patterns, QWidget *parent = nullptr);

    // What is typed, split and trimmed.
    QStringList patterns() const;
};

} // namespace ui
