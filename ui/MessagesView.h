#pragma once
// The Messages view: Incoming, the deliveries still to be made (Accepted) and the archive, filtered by
// state, type, store, endpoint, time, id and text; the chosen message in detail; and the owner's actions
// on deliveries (retry, archive, resend, discard, and "retry all parked for this endpoint" with progress).
// GUI thread.

#include "storage/Browse.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTabBar;
class QTableView;
class QTimer;

namespace ui {

class Backend;
class MessageDetailView;
class RowsModel;

class MessagesView : public QWidget {
    Q_OBJECT
public:
    explicit MessagesView(Backend &backend, QWidget *parent = nullptr);

    RowsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    MessageDetailView *detail() const { return m_detail; }
    // Shows the given queue with only the given states (the dashboard's tiles lead here).
    void showQueue(engine::Browse::Queue queue, const QStringList &states = {});
    // Filters by this message type at once (empty: every type), as choosing it from the list does.
    void setTypeFilter(const QString &type);
    // The owner's action on the deliveries chosen in the list.
    void actOnSelection(const QString &action);
    void retryAllParkedForEndpoint();
    void reload();
    // Puts the cursor in the id field, for Edit > Find.
    void focusSearch();
    // The splitter and the columns, for the window to keep between runs.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray &layout);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void applyFilter();
    void fillChoices();
    void updateBanner();
    void updateActions();
    void act(const QString &action, const QStringList &deliveryIds);
    void retryParked(qint64 endpointId, const QString &name);

    Backend &m_backend;
    RowsModel *m_model = nullptr;
    QTabBar *m_queues = nullptr;
    QComboBox *m_state = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_store = nullptr;
    QComboBox *m_endpoint = nullptr;
    QCheckBox *m_useFrom = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QCheckBox *m_useTo = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QLineEdit *m_id = nullptr;
    QLineEdit *m_text = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_newer = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_split = nullptr;
    MessageDetailView *m_detail = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_archive = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_discard = nullptr;
    QPushButton *m_retryEndpoint = nullptr;
    QTimer *m_debounce = nullptr;
    bool m_filling = false;
};

} // namespace ui
