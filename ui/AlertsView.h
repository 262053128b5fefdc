#pragma once
// The Alerts view: what the engine raised, open ones first, then the past; the owner acknowledges them
// (which says "I have seen it"; the alert stays open until the engine finds its cause gone). GUI thread.

#include <QWidget>

class QCheckBox;
class QPushButton;
class QTreeWidget;

namespace ui {

class Backend;

class AlertsView : public QWidget {
    Q_OBJECT
public:
    explicit AlertsView(Backend &backend, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    void acknowledgeSelected();
    void acknowledgeAll();

    // "endpoint_failing" → "Endpoint failing", for lists and the tray.
    static QString describeKind(const QString &kind);

private:
    void reload();
    void acknowledge(const QList<qint64> &ids);

    Backend &m_backend;
    QTreeWidget *m_list = nullptr;
    QCheckBox *m_showPast = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_acknowledgeAll = nullptr;
};

} // namespace ui
