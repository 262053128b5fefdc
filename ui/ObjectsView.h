#pragma once
// The Objects view (DESIGN §10): "what happened to order R123?". One search box (an order or shipment
// number, an e-mail, a SKU) that suggests as the owner types; the object's timeline, newest first and live:
// its events interleaved with its messages and how each of their copies stands; a click shows the message's
// detail below; a note the owner types goes on record; the timeline exports as CSV or JSON. GUI thread;
// every read is on the backend's reader.

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QTableView;
class QTimer;

namespace ui {

class Backend;
class MessageDetailView;
class TimelineModel;

class ObjectsView : public QWidget {
    Q_OBJECT
public:
    explicit ObjectsView(Backend &backend, QWidget *parent = nullptr);

    // Shows the history of one object: order and R123.
    void showObject(const QString &type, const QString &id);
    const QString &objectType() const { return m_type; }
    const QString &objectId() const { return m_id; }

    QLineEdit *searchField() const { return m_search; }
    QLineEdit *noteField() const { return m_note; }
    QPushButton *addNoteButton() const { return m_addNote; }
    TimelineModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    MessageDetailView *detail() const { return m_detail; }
    QLabel *statusLabel() const { return m_status; }

    // The timeline as shown, oldest first, for export: CSV (a header line, then a row an entry) or JSON lines.
    QByteArray exportText(bool json) const;

private:
    void suggest();
    void search();
    void reload();
    void exportTimeline();

    Backend &m_backend;
    QString m_type;
    QString m_id;
    QLineEdit *m_search = nullptr;
    QStringListModel *m_suggestions = nullptr;
    QTimer *m_typing = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    TimelineModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    MessageDetailView *m_detail = nullptr;
    QLineEdit *m_note = nullptr;
    QPushButton *m_addNote = nullptr;
    bool m_reading = false;
    int m_generation = 0;
};

} // namespace ui
