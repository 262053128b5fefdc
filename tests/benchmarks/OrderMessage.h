#pragma once
// The order every benchmark sends: the shared order-new.json fixture without its message_id (each send is
// a new message) and without the payload's "original", which brings the payload to about 1 KB.

#include "core/Json.h"

namespace bench {

// {"message": "order:new", "payload": {...}}
engine::Json orderMessage();

} // namespace bench
