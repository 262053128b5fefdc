#pragma once
// The Subscriptions view: what goes where — endpoint, types, path, store, filters, retries, on or off —
// with forms to add and edit. GUI thread.

#include <QWidget>

class QTreeWidget;

namespace ui {

class Backend;

class SubscriptionsView : public QWidget {
    Q_OBJECT
public:
    explicit SubscriptionsView(Backend &backend, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    void add();
    void editCurrent();
    void removeCurrent();

private:
    void reload();

    Backend &m_backend;
    QTreeWidget *m_list = nullptr;
};

} // namespace ui
