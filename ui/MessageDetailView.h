#pragma once
// Everything about one message: its attributes, its payload as a collapsible JSON tree (copyable as text),
// where it came from and what came of it (parent and children), each copy with every attempt and its
// reply, and the events recorded about it. Live: while shown, it is read again at each of the Backend's ticks
// (twice a second; one read at a time) and redrawn only when something in it moved, keeping the chosen copy
// and what was expanded. GUI thread; reads through the Backend.

#include "storage/Browse.h"

#include <QWidget>

class QLabel;
class QTreeView;
class QTreeWidget;
class QPushButton;

namespace ui {

class Backend;
class JsonTreeModel;

class MessageDetailView : public QWidget {
    Q_OBJECT
public:
    explicit MessageDetailView(Backend &backend, QWidget *parent = nullptr);

    // Shows the message with this id, or the message of the delivery with this id.
    void show(const QString &id);
    void clear();
    const QString &shownId() const { return m_id; }
    // The delivery chosen among the copies, if any.
    QString selectedDelivery() const;

Q_SIGNALS:
    // The reader clicked the parent or a child: show that one instead.
    void openRequested(const QString &id);
    // The owner asked for the history of an object the message is about (order, R123).
    void historyRequested(const QString &type, const QString &id);
    // An action on one of the copies: "retry", "archive", "resend" or "discard".
    void actionRequested(const QString &action, const QString &deliveryId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    // Reads the shown message again; redraws only when something changed.
    void refresh();
    void fill(const engine::Browse::Detail &detail);
    void fillCopies(const engine::Browse::Detail &detail, bool keepChoice);
    void updateButtons();

    Backend &m_backend;
    QString m_id;
    int m_generation = 0;
    bool m_reading = false;
    // What was last drawn (see stateOf in the .cpp): a read that finds the same changes nothing on screen.
    QString m_drawnState;
    QString m_drawnMessage;
    QLabel *m_title = nullptr;
    QLabel *m_attributes = nullptr;
    JsonTreeModel *m_json = nullptr;
    QTreeView *m_tree = nullptr;
    QTreeWidget *m_copies = nullptr;
    QTreeWidget *m_related = nullptr;
    QTreeWidget *m_events = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_archive = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_discard = nullptr;
};

} // namespace ui
