#pragma once
// Adding or editing an endpoint: every field checked as the owner types, "Test connection", and saving
// through the engine's writer (the dialog stays open, with the reason, if the database refuses). GUI thread.

#include "config/Endpoint.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace ui {

class Backend;
class FormCheck;

class EndpointDialog : public QDialog {
    Q_OBJECT
public:
    EndpointDialog(Backend &backend, const engine::Endpoint &endpoint, QWidget *parent = nullptr);

    engine::Endpoint endpoint() const;
    // Fields, for tests that drive the form.
    QLineEdit *nameField() const { return m_name; }
    QLineEdit *urlField() const { return m_url; }
    QLabel *messageLabel() const { return m_message; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    void accept() override;
    // Tries the URL in the background and says what its answer means (the Test connection button).
    void testConnection();

private:
    // What Test connection says of an HTTP answer to the base URL.
    static QString reachedText(long status, qint64 ms);
    void check();

    Backend &m_backend;
    qint64 m_id;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_secret = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_concurrency = nullptr;
    QComboBox *m_state = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_test = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    FormCheck *m_check = nullptr;
    bool m_saving = false;
};

} // namespace ui
