#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/util/error.hpp"

namespace awsx::config {
struct ConfigFiles;
struct Section;
} // namespace awsx::config
namespace awsx::util {
class Environment;
}

namespace awsx::creds {

struct CredentialOptions;

// Long-term keys kept outside the config files (the keyring, via `awsx add`); the
// planner asks only for profiles whose files hold no keys.
class StoredKeys {
public:
  virtual ~StoredKeys() = default;

  // The keys stored for `profile`, or nullopt; throws StorageError when the store fails.
  virtual std::optional<aws::Credentials> find(const std::string& profile) = 0;

  // Where the keys live, for messages, e.g. "the keyctl keyring".
  virtual std::string where() const = 0;
};

// Stands in for the keyring when planning without reading it: keys count as stored for
// the profiles in `names`, or for every profile when `names` is null. A plan only needs
// to know that they exist (a session name covers the profile, not the keys).
class PresumedStoredKeys final : public StoredKeys {
public:
  // Presumes keys for the profiles in `names` (all when null), which must outlive this.
  explicit PresumedStoredKeys(const std::set<std::string>* names = nullptr) : names_(names) {}

  std::optional<aws::Credentials> find(const std::string& profile) override {
    if (names_ != nullptr && names_->count(profile) == 0)
      return std::nullopt;
    return aws::Credentials{"presumed", "presumed", "", std::nullopt};
  }
  std::string where() const override { return "the keyring"; }

private:
  const std::set<std::string>* names_;
};

// The kinds of place the first credentials of a chain can come from.
enum class SourceKind {
  keys,              // long-term or session keys from a file, the keyring or the environment
  container,         // the ECS/CloudShell container endpoint
  instance_metadata, // EC2 IMDSv2
  process,           // credential_process
  sso,               // IAM Identity Center: cached `aws sso login` token + GetRoleCredentials
  web_identity,      // web_identity_token_file: the first role is AssumeRoleWithWebIdentity
};

// The IAM Identity Center settings of an SSO profile.
struct SsoSettings {
  std::string session; // sso_session name; empty for the legacy sso_start_url form
  std::string start_url;
  std::string region; // sso_region: where the portal is
  std::string account_id;
  std::string role_name;
};

// Where the first credentials of a chain come from.
struct BaseCredentials {
  SourceKind kind = SourceKind::keys;
  std::string profile;     // profile that holds them; empty for ambient credentials
  aws::Credentials keys;   // kind keys only
  std::string origin;      // e.g. "~/.aws/credentials:3", "environment", a URL
  bool from_store = false; // the keys came from StoredKeys (the keyring)
  std::string mfa_serial;  // the profile's own mfa_serial, if any
  std::string mfa_process;
  std::string command;    // kind process: the credential_process command line
  SsoSettings sso;        // kind sso
  std::string token_file; // kind web_identity

  // True when the source is known to give temporary credentials, which makes any role
  // assumed with them a chained one; a process can give either, so it is checked later.
  bool temporary() const {
    if (kind == SourceKind::keys)
      return keys.temporary();
    return kind != SourceKind::process && kind != SourceKind::web_identity;
  }

  // True for long-term keys: they may carry the step account's MFA and get GetSessionToken.
  bool long_term() const { return kind == SourceKind::keys && !keys.temporary(); }
};

// One AssumeRole call of a chain.
struct RoleStep {
  std::string profile; // profile that defines the role; empty for --role-arn
  std::string role_arn;
  std::string session_name; // empty: the default, see session_name_of()
  std::string external_id;
  std::string mfa_serial; // empty: no MFA on this call
  std::string mfa_process;
  std::optional<int> duration_seconds;
  std::string duration_origin; // why this duration, for doctor
  bool chained = false;        // signed by temporary credentials, so STS caps it at 1 h
};

// One GetSessionToken call wrapping long-term keys when no role is involved.
struct SessionTokenStep {
  std::string mfa_serial;
  std::string mfa_process;
  int duration_seconds = 43200;
};

// Everything needed to produce a session, decided from config and options before any call.
struct Plan {
  std::string profile;                      // the profile asked for; empty for ambient
  const config::Section* section = nullptr; // its config section, for endpoints
  BaseCredentials base;
  std::vector<RoleStep> roles; // AssumeRole calls, in order
  std::optional<SessionTokenStep> session_token;
  // For a role of at most 1 h from MFA-protected long-term keys: a cached 12-hour
  // GetSessionToken session with the MFA code, which then signs the first AssumeRole
  // instead of the keys (chaining costs nothing: the role asks for 1 h at most). One code
  // serves every such role until it ends. The first role then carries no MFA of its own.
  std::optional<SessionTokenStep> mfa_session;
  // Why the first role takes its MFA directly (AssumeRole with the long-term keys and a
  // code of its own) or through mfa_session, for doctor; set when it needs MFA from
  // long-term keys.
  std::string mfa_path;
  std::string region;                // empty when unknown
  std::string region_origin;         // what chose it, for doctor
  std::vector<std::string> chain;    // profiles visited, the asked one first
  std::vector<std::string> warnings; // e.g. role-chaining caps
};

// A source_profile cycle in the config, e.g. `path` "a -> b -> a".
class SourceCycle : public ConfigError {
public:
  // The error for cycle `path` with `message` and `hint`; `returns_to_start` is true when
  // the cycle runs through the profile asked for, not only through its sources.
  SourceCycle(const std::string& message, std::string hint, std::string path,
              bool returns_to_start)
      : ConfigError(message, std::move(hint)), path_(std::move(path)),
        returns_to_start_(returns_to_start) {}

  // The profiles of the cycle, "a -> b -> a".
  const std::string& path() const { return path_; }

  // True when the profile asked for is itself part of the cycle.
  bool returns_to_start() const { return returns_to_start_; }

private:
  std::string path_;
  bool returns_to_start_;
};

// A profile with no source of credentials at all: no keys, role, process or SSO.
class NoCredentials : public CredentialError {
public:
  // The error for `profile`, with `message` and `hint`.
  NoCredentials(const std::string& message, std::string hint, std::string profile)
      : CredentialError(message, std::move(hint)), profile_(std::move(profile)) {}

  // The profile that has nothing.
  const std::string& profile() const { return profile_; }

private:
  std::string profile_;
};

// The RoleSessionName of `step`: its own, else "awsx-<login name>" from the password
// database ("awsx-uid-<uid>" without an entry), never from $USER, which bash leaves unset
// where fish sets it. Looked up once per process, and only here: planning, which the
// cached exec does, never reads the password database, and a session cached under the
// default name is found whatever the environment says.
std::string session_name_of(const RoleStep& step);

// The longest session STS grants to a chained AssumeRole, in seconds.
inline constexpr int role_chaining_limit = 3600;

// Decides how to get a session for `options` from `files`, `env` and the optional
// `stored` keys; throws ConfigError or CredentialError naming the profile (and
// file:line) when the config can't work.
Plan make_plan(const config::ConfigFiles& files, const util::Environment& env,
               const CredentialOptions& options, StoredKeys* stored = nullptr);

// The profile named for `options`: --profile, else AWS_PROFILE in `env`; nullopt when
// neither is set, and the plan then starts from [default] if the config has one, or else
// from the ambient credentials.
std::optional<std::string> named_profile(const CredentialOptions& options,
                                         const util::Environment& env);

// The plan of the MFA session `plan` (whose mfa_session is set) takes its first role
// from: GetSessionToken for the base credentials' profile, in the same region, so it is
// cached under that profile's name and `awsx exec <that profile>` can share it.
Plan mfa_session_plan(const Plan& plan);

} // namespace awsx::creds
