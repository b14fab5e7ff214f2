#pragma once

#include <optional>

#include "awsx/store/keyring.hpp"

namespace awsx::store {

// The keyring backends, as AWSX_BACKEND names them.
enum class Backend { secret_service, keyctl, file };

// The backend AWSX_BACKEND names in `env`, or nullopt when it is unset or empty; throws
// StorageError for a name it does not know.
std::optional<Backend> requested_backend(const util::Environment& env);

// Names what a keyring holds in keyctl descriptions and Secret Service attributes, so the
// two purposes never see each other's entries: "credentials" or "sessions".
const char* scope(Purpose purpose);

} // namespace awsx::store
