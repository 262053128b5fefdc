#pragma once
// The Consumers view: the rules inside the hub that turn one message into others — name, types, what they
// emit, on or off, how many they emitted and when last — with a form to add and edit each (and try it on a
// message). GUI thread; the counts are read on the backend's reader.

#include "storage/ConsumerStore.h"

#include <QWidget>

#include <map>

class QTreeWidget;

namespace ui {

class Backend;

class ConsumersView : public QWidget {
    Q_OBJECT
public:
    explicit ConsumersView(Backend &backend, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    void add();
    void editCurrent();
    void removeCurrent();

private:
    void reload();
    void readCounts();

    Backend &m_backend;
    QTreeWidget *m_list = nullptr;
    std::map<qint64, engine::ConsumerStore::Count> m_counts;
    bool m_reading = false;
};

} // namespace ui
