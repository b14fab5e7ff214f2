#pragma once

#include <string>

#include "awsx/creds/plan.hpp"

namespace awsx::cli {

// True when `awsx login` sends SessionDuration for a session `plan` makes: one role
// assumed directly with long-term keys. The federation endpoint refuses it for a chained
// role (400), and a federation token carries its own duration.
bool login_sends_session_duration(const creds::Plan& plan);

// What `awsx login` would hand the federation endpoint for `plan`, in a line, for doctor.
std::string login_summary(const creds::Plan& plan);

} // namespace awsx::cli
