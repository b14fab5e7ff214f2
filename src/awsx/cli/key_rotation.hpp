#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/cli/context.hpp"

namespace awsx::aws {
class IamClient;
class StsClient;
} // namespace awsx::aws

namespace awsx::cli {

// Where a profile's long-term keys are kept, and how they are replaced there.
class KeyHome {
public:
  virtual ~KeyHome() = default;
  // Where the keys are, for messages, e.g. "the file keyring" or a file's path.
  virtual std::string where() const = 0;
  // Puts `to` where `from` is; throws an Error, with `from` still in place, when it can't.
  virtual void replace(const aws::Credentials& from, const aws::Credentials& to) = 0;
};

// What one rotation works with.
struct Rotation {
  std::string profile;       // the profile whose keys rotate, for messages
  aws::Credentials old_keys; // its long-term keys
  aws::Credentials caller;   // signs the IAM calls: old_keys or an MFA session made from them
  KeyHome& home;
  aws::IamClient& iam;
  aws::StsClient& sts;  // proves the new key works (GetCallerIdentity)
  session::Sleep sleep; // the Context's: tests record the waits instead
};

// What a rotation did.
struct Rotated {
  std::string user;       // the IAM user's name ("" for the root user)
  std::string new_key_id; // the key now stored and working; the old one is deleted
};

// The waits between the attempts to use a new key while IAM spreads it: about 30 s in all.
std::vector<std::chrono::milliseconds> verification_waits();

// Rotates `rotation`'s keys: refuses, changing nothing, when the user has two keys
// already; then CreateAccessKey, stores the key in the home, proves it with
// GetCallerIdentity (waiting per verification_waits), and only then deletes the old key.
// A failure throws an Error that says what happened and which key ids exist now: a new key
// that can't be stored or proven is deleted again and the old one kept (and put back).
Rotated rotate_keys(const Rotation& rotation);

} // namespace awsx::cli
