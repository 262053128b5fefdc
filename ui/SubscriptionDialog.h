#pragma once
// Adding or editing a subscription: endpoint, store, type patterns (known types offered), path, parameters,
// a filter builder, identifiers, the retry policy and whether it is on; checked as the owner types and saved
// through the engine's writer. GUI thread.

#include "config/Subscription.h"

#include "TypePatternsEdit.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace ui {

class Backend;
class FilterEditor;
class FormCheck;
class PairsTable;

class SubscriptionDialog : public QDialog {
    Q_OBJECT
public:
    SubscriptionDialog(Backend &backend, const engine::Subscription &subscription, QWidget *parent = nullptr);

    engine::Subscription subscription() const;
    // Parts, for tests that drive the form.
    QComboBox *endpointField() const { return m_endpoint; }
    QLineEdit *typesField() const { return m_types; }
    QLineEdit *pathField() const { return m_path; }
    QTableWidget *filtersTable() const;
    QLabel *messageLabel() const { return m_message; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    void addFilterRow(const QString &path, const QString &op, const QString &value);

    void accept() override;

private:
    void check();

    Backend &m_backend;
    qint64 m_id;
    QComboBox *m_endpoint = nullptr;
    QComboBox *m_store = nullptr;
    TypePatternsEdit *m_types = nullptr;
    QLineEdit *m_path = nullptr;
    PairsTable *m_parameters = nullptr;
    FilterEditor *m_filters = nullptr;
    PairsTable *m_identifiers = nullptr;
    QCheckBox *m_retries = nullptr;
    QLineEdit *m_schedule = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLabel *m_message = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FormCheck *m_check = nullptr;
    bool m_saving = false;
};

} // namespace ui
