#pragma once
// The pushes the push API refused lately (engine/push/PushRefusals): when, which store, the answer and why,
// and who sent it, newest first; read again while open. GUI thread; it reads only the engine's memory.

#include <QDialog>

class QTreeWidget;

namespace ui {

class Backend;

class RefusedPushesDialog : public QDialog {
    Q_OBJECT
public:
    explicit RefusedPushesDialog(Backend &backend, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }

private:
    void fill();

    Backend &m_backend;
    QTreeWidget *m_list = nullptr;
    qint64 m_shownTotal = -1;
};

} // namespace ui
