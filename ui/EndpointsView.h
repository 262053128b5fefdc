#pragma once
// The Endpoints view: each endpoint with its state, success rate, latency, what is in flight and its last
// error; add, edit, remove, pause and resume, test, and discover the services one offers. GUI thread.

#include <QWidget>

class QPushButton;
class QTableView;

namespace ui {

class Backend;
class EndpointsModel;

class EndpointsView : public QWidget {
    Q_OBJECT
public:
    explicit EndpointsView(Backend &backend, QWidget *parent = nullptr);

    EndpointsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    void add();
    void editCurrent();
    void removeCurrent();
    void pauseOrResumeCurrent();
    void discover();

private:
    int currentRow() const;
    void updateButtons();

    Backend &m_backend;
    EndpointsModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_pause = nullptr;
};

} // namespace ui
