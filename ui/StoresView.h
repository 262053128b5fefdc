#pragma once
// The Stores view: for each store the push URL, its id and its push token (hidden until asked for, copy,
// regenerate), a ready-to-paste curl example, and its API settings for polling. GUI thread.

#include "config/Store.h"

#include <QWidget>

class QCheckBox;
class QComboBox;

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace ui {

class SecretField;

class Backend;

class StoresView : public QWidget {
    Q_OBJECT
public:
    explicit StoresView(Backend &backend, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    QLineEdit *tokenField() const { return m_token; }
    QPlainTextEdit *curlExample() const { return m_curl; }
    QLineEdit *apiUrlField() const { return m_apiUrl; }
    QLineEdit *apiKeyField() const { return m_apiKey; }
    // The welcome page's "Connect your Spree store": the first store's API form, its URL field ready to type in.
    void startConnecting();
    void regenerateToken();
    void addStore();
    void save();
    // The store as the form has it now, and whether it is valid (said under the form as the owner types).
    engine::Store edited() const;
    void check();
    void showHeartbeat();
    void testConnection();

private:
    // The example push, with the token as given, and as the window shows it.
    QString curlLine(const QString &token) const;
    void showCurl();
    void reload();
    void showStore();
    const engine::Store *current() const;

    Backend &m_backend;
    QListWidget *m_list = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_id = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_token = nullptr;
    SecretField *m_secretToken = nullptr;
    QPlainTextEdit *m_curl = nullptr;
    QLineEdit *m_apiUrl = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QComboBox *m_apiVersion = nullptr;
    QCheckBox *m_pollEnabled = nullptr;
    QSpinBox *m_orders = nullptr;
    QSpinBox *m_customers = nullptr;
    QSpinBox *m_products = nullptr;
    QLineEdit *m_since = nullptr;
    QLabel *m_message = nullptr;
    QLabel *m_test = nullptr;
    QLabel *m_heartbeat = nullptr;
};

} // namespace ui
