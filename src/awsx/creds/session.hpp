#pragma once

#include <string>

#include "awsx/aws/credentials.hpp"

namespace awsx::creds {

// The credentials handed to a child, with the context it needs.
struct Session {
  aws::Credentials credentials;
  std::string region;   // empty when unknown
  std::string profile;  // empty for ambient credentials
};

} // namespace awsx::creds
