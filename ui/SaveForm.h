#pragma once
// How a form saves its record: through the owner's action for it on the engine's writer, once at a time (a
// second click while the first is on its way does nothing), then `saved` with what was stored; a refusal is
// shown by the form's check like any other error, and the form stays open. GUI thread.

#include "Backend.h"
#include "FormCheck.h"

#include <functional>

namespace ui {

template <typename T>
void saveForm(Backend &backend, FormCheck &check, bool &saving, T record,
              void (engine::OwnerActions::*save)(T, engine::OwnerActions::Done<T>),
              std::function<void(const T &)> saved)
{
    if (saving)
        return;
    saving = true;
    // Answered through the check, which the form owns: nothing runs once the form is gone.
    (backend.owner().*save)(std::move(record), backend.answer<T>(&check, [&check, &saving, saved = std::move(saved)](
                                                                             const engine::Result<T> &result) {
        saving = false;
        if (!result) {
            check.showSaveError(result.error());
            return;
        }
        saved(*result);
    }));
}

} // namespace ui
