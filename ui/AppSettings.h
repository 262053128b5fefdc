#pragma once
// What the application reads before the engine starts, and so keeps outside the database: where the
// database is and where the push API listens. Kept with QSettings; changes apply at the next start.

#include "core/Result.h"

#include <QString>

namespace ui {

struct AppSettings {
    QString databasePath; // empty: the default location
    QString listen;       // ADDR:PORT; empty: the default

    static AppSettings load();
    // Checks both (an error names the field, "listen" or "database") and writes them.
    engine::Status save() const;
    engine::Status validate() const;
};

} // namespace ui
