#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/util/result.hpp"

namespace awsx::aws {

// The IAM user that signs a request, as GetUser reports it.
struct IamUser {
  std::string name; // empty for the account's root user, which has none
  std::string arn;
};

// One access key of a user, as ListAccessKeys reports it (ids are not secret).
struct AccessKeyInfo {
  std::string id;
  std::string status; // "Active" or "Inactive"
};

// Reads a GetUser response `body`.
util::Result<IamUser> parse_iam_user(std::string_view body);

// Reads the keys of a ListAccessKeys response `body` (a user has at most two, so one page
// holds them all).
util::Result<std::vector<AccessKeyInfo>> parse_access_keys(std::string_view body);

// Reads the new key of a CreateAccessKey response `body`: its id and secret.
util::Result<Credentials> parse_created_key(std::string_view body);

} // namespace awsx::aws
