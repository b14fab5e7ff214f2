#include "awsx/cli/key_rotation.hpp"

#include <optional>

#include "awsx/aws/iam_client.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

using std::chrono::milliseconds;

// "AKIA1 (old) and AKIA2 (new)": the ids of `keys`, with the profile's `old` one and the
// `fresh` one (empty before it exists) named.
std::string key_list(const std::vector<aws::AccessKeyInfo>& keys, const std::string& old,
                     const std::string& fresh) {
  std::string text;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i > 0)
      text += i + 1 == keys.size() ? " and " : ", ";
    text += keys[i].id;
    if (keys[i].id == old)
      text += fresh.empty() ? " (the profile's)" : " (old)";
    else if (!fresh.empty() && keys[i].id == fresh)
      text += " (new)";
    if (keys[i].status == "Inactive")
      text += " (inactive)";
  }
  return text.empty() ? "none" : text;
}

// The `aws iam delete-access-key` line that deletes `key_id` of `user`.
std::string delete_command(const std::string& user, const std::string& key_id) {
  return "aws iam delete-access-key" + (user.empty() ? "" : " --user-name " + user) +
         " --access-key-id " + key_id;
}

// `e` as an Error: a storage failure unless it is one already.
Error as_error(const std::exception& e) {
  if (const auto* known = dynamic_cast<const Error*>(&e))
    return *known;
  return StorageError(e.what());
}

class Rotator {
public:
  explicit Rotator(const Rotation& r) : r_(r) {}

  Rotated run() {
    aws::IamUser user;
    std::vector<aws::AccessKeyInfo> keys;
    try {
      user = r_.iam.get_user(r_.caller);
      user_ = user.name;
      keys = r_.iam.list_access_keys(r_.caller, user_);
    } catch (const Error& e) {
      const bool session = r_.caller.temporary();
      throw Error(
          "rotating profile " + r_.profile + ": asking IAM about the user failed: " + e.what() +
              "; nothing changed: the profile keeps " + r_.old_keys.access_key_id,
          e.code(),
          session ? "the IAM calls were signed with an MFA session made from the keys; "
                    "if IAM refuses it, --no-session signs them with the keys themselves"
                  : e.hint());
    }
    refuse_unless_room(keys);
    try {
      fresh_ = r_.iam.create_access_key(r_.caller, user_);
    } catch (const Error& e) {
      fail(e, "creating a new access key failed",
           "the profile keeps " + r_.old_keys.access_key_id + "; " + keys_now());
    }
    try {
      r_.home.replace(r_.old_keys, fresh_);
    } catch (const std::exception& e) {
      fail(as_error(e),
           "storing the new key " + fresh_.access_key_id + " in " + r_.home.where() + " failed",
           take_back(false));
    }
    if (const auto problem = verify(user.arn))
      fail(Error(*problem, ExitCode::credentials,
                 "the old key still works; IAM can be slow to spread a new key, so try again "
                 "later, and check that the STS endpoint is the real one"),
           "the new key " + fresh_.access_key_id + " did not work", take_back(true));
    try {
      r_.iam.delete_access_key(r_.caller, user_, r_.old_keys.access_key_id);
    } catch (const Error& e) {
      throw Error("rotating profile " + r_.profile + ": the new key " + fresh_.access_key_id +
                      " is stored in " + r_.home.where() +
                      " and works, but deleting the old key " + r_.old_keys.access_key_id +
                      " failed: " + e.what() + "; " + keys_now(),
                  e.code(),
                  "delete the old key yourself once nothing uses it: " +
                      delete_command(user_, r_.old_keys.access_key_id));
    }
    return {user_, fresh_.access_key_id};
  }

private:
  // Throws, before anything changes, unless the user may have one more key.
  void refuse_unless_room(const std::vector<aws::AccessKeyInfo>& keys) const {
    const auto& ours = r_.old_keys.access_key_id;
    bool found = false;
    for (const auto& key : keys)
      found = found || key.id == ours;
    if (!found)
      throw CredentialError(
          "profile " + r_.profile + "'s key " + ours + " is not one of " + who() +
              "'s access keys (" + key_list(keys, ours, "") + "); nothing changed",
          "the keys IAM answered for belong to another user; check the profile");
    if (keys.size() < 2)
      return;
    std::string other;
    for (const auto& key : keys)
      if (key.id != ours)
        other = key.id;
    throw CredentialError(who() + " already has two access keys, " + key_list(keys, ours, "") +
                              ", and IAM allows no third; nothing changed",
                          "delete " + other + ", which profile " + r_.profile +
                              " does not use, once nothing else uses it: " +
                              delete_command(user_, other) + "; then run awsx rotate again");
  }

  // Proves the new key signs as `arn`; the last problem when it never did.
  std::optional<std::string> verify(const std::string& arn) {
    const auto waits = verification_waits();
    std::string problem;
    for (std::size_t attempt = 0;; ++attempt) {
      try {
        const auto id = r_.sts.get_caller_identity(fresh_);
        if (id.arn == arn)
          return std::nullopt;
        return "GetCallerIdentity with it answered " + id.arn + ", not " + arn;
      } catch (const Error& e) {
        problem = e.what();
      }
      if (attempt == waits.size())
        return problem + " (" + std::to_string(waits.size() + 1) + " tries in about 30 s)";
      r_.sleep(waits[attempt]);
    }
  }

  // Undoes the new key: puts the old one back in the home when `stored`, then deletes the
  // new one; says what became of both.
  std::string take_back(bool stored) {
    std::string said;
    if (stored) {
      try {
        r_.home.replace(fresh_, r_.old_keys);
        said = "the old key " + r_.old_keys.access_key_id + " is back in " + r_.home.where();
      } catch (const std::exception& e) {
        // The new key then stays: deleting it would leave the profile with no key at all.
        return "putting the old key back in " + r_.home.where() + " failed too (" + e.what() +
               "), so the new key " + fresh_.access_key_id + " is kept there; " + keys_now();
      }
    } else {
      said = r_.home.where() + " still holds the old key " + r_.old_keys.access_key_id;
    }
    try {
      r_.iam.delete_access_key(r_.caller, user_, fresh_.access_key_id);
      return said + " and the new key " + fresh_.access_key_id + " is deleted again; " +
             keys_now();
    } catch (const Error& e) {
      return said + ", but deleting the new key " + fresh_.access_key_id + " failed (" +
             e.what() + "): delete it with " + delete_command(user_, fresh_.access_key_id) +
             "; " + keys_now();
    }
  }

  [[noreturn]] void fail(const Error& cause, const std::string& what,
                         const std::string& after) {
    throw Error("rotating profile " + r_.profile + ": " + what + ": " + cause.what() + "; " +
                    after,
                cause.code(), cause.hint());
  }

  // "IAM lists the keys ..." as IAM answers now, or why it can't say.
  std::string keys_now() const {
    try {
      return who() + "'s keys now: " +
             key_list(r_.iam.list_access_keys(r_.caller, user_), r_.old_keys.access_key_id,
                      fresh_.access_key_id);
    } catch (const Error& e) {
      return "listing " + who() + "'s keys failed too (" + std::string(e.what()) + ")";
    }
  }

  std::string who() const { return user_.empty() ? "the root user" : "IAM user " + user_; }

  const Rotation& r_;
  std::string user_;
  aws::Credentials fresh_;
};

} // namespace

std::vector<milliseconds> verification_waits() {
  return {milliseconds(1000), milliseconds(2000), milliseconds(4000), milliseconds(8000),
          milliseconds(15000)};
}

Rotated rotate_keys(const Rotation& rotation) {
  return Rotator(rotation).run();
}

} // namespace awsx::cli
