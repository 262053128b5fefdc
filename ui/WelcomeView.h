#pragma once
// The page a new hub opens on, instead of a dashboard of zeros: three ways in. Connect the Spree store (its
// API, polled: the Stores view's form), push from the store (the push URL, its token and a curl line to
// paste), or try the demo in a window of its own. A hub is new while no store has an API and nothing was
// ever taken in (isNew). GUI thread.

#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace ui {

class Backend;
class SecretField;

class WelcomeView : public QWidget {
    Q_OBJECT
public:
    explicit WelcomeView(Backend &backend, QWidget *parent = nullptr);

    static bool isNew(Backend &backend);

    QPushButton *connectButton() const { return m_connect; }
    QPushButton *demoButton() const { return m_demo; }
    QPushButton *dashboardButton() const { return m_dashboard; }
    QLineEdit *pushUrlField() const { return m_url; }
    SecretField *tokenField() const { return m_token; }
    QPlainTextEdit *curlExample() const { return m_curl; }
    // The curl line that works, with the token in it, as its Copy copies it.
    QString curlLine() const;

Q_SIGNALS:
    void connectChosen();
    void demoChosen();
    void dashboardChosen();

private:
    void showStore();
    void showCurl();

    Backend &m_backend;
    QLineEdit *m_url = nullptr;
    SecretField *m_token = nullptr;
    QPlainTextEdit *m_curl = nullptr;
    QPushButton *m_connect = nullptr;
    QPushButton *m_demo = nullptr;
    QPushButton *m_dashboard = nullptr;
};

} // namespace ui
