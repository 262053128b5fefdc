#pragma once
// The application's main window. Lives on the GUI thread. For now a shell with the application's name and
// where its data lives; the views come in a later step.

#include <QMainWindow>

namespace ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const QString &databasePath, QWidget *parent = nullptr);
};

} // namespace ui
