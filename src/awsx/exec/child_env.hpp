#pragma once

#include <span>
#include <string>
#include <vector>

#include "awsx/creds/session.hpp"

namespace awsx::exec {

// The variables awsx always removes from a child's environment before setting its own:
// stale credentials, profile selectors and container credential endpoints.
std::span<const char* const> cleared_variables();

// The child's environment: `parent` ("NAME=value" entries) without the cleared variables
// and awsx's private ones (util::is_private_variable), plus the credentials, expiry, region and
// AWSX_PROFILE of `session`.
std::vector<std::string> child_environment(const std::vector<std::string>& parent,
                                           const creds::Session& session);

// The child's environment for --ecs-server: `parent` without the cleared and private
// variables, plus
// the container endpoint `url` and its `token`, the region and AWSX_PROFILE of `session`,
// and no keys at all.
std::vector<std::string> server_child_environment(const std::vector<std::string>& parent,
                                                  const creds::Session& session,
                                                  const std::string& url,
                                                  const std::string& token);

} // namespace awsx::exec
