#pragma once
// What the application keeps outside the database: where the database is and where the push API listens
// (read before the engine starts, so changes apply at the next start), and whether closing the window leaves
// the engine running in the system tray (applied at once). Kept with QSettings.

#include "core/Result.h"

#include <QString>

namespace ui {

struct AppSettings {
    QString databasePath;          // empty: the default location
    QString listen;                // ADDR:PORT; empty: the default
    bool keepRunningInTray = true; // closing the window hides it; Quit stops the engine

    static AppSettings load();
    // Checks both (an error names the field, "listen" or "database") and writes them.
    engine::Status save() const;
    engine::Status validate() const;
};

} // namespace ui
