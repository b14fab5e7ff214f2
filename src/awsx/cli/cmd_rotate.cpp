#include <memory>
#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/iam_client.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/cli/key_rotation.hpp"
#include "awsx/cli/profile_sources.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/session/lazy_keys.hpp"
#include "awsx/session/mfa_guard.hpp"
#include "awsx/store/credentials_rewrite.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// Keys that `awsx add` stored in a keyring.
class KeyringHome final : public KeyHome {
public:
  KeyringHome(store::Keyring& keyring, std::string profile)
      : keyring_(keyring), profile_(std::move(profile)) {}
  std::string where() const override { return "the " + keyring_.backend() + " keyring"; }
  void replace(const aws::Credentials&, const aws::Credentials& to) override {
    keyring_.set(store::credentials_name(profile_), store::encode_keys(to));
  }

private:
  store::Keyring& keyring_;
  std::string profile_;
};

// Keys written in the config or credentials file, replaced there in place.
class FileHome final : public KeyHome {
public:
  // Checks, before anything changes, that `keys` of `profile` can be replaced in `path`.
  FileHome(std::string path, bool config_file, std::string profile,
           const aws::Credentials& keys)
      : path_(std::move(path)), config_file_(config_file), profile_(std::move(profile)) {
    const auto text = config::read_text(path_, config_file_ ? "AWS_CONFIG_FILE"
                                                            : "AWS_SHARED_CREDENTIALS_FILE");
    if (auto ok = store::replace_keys_in_text(text, path_, profile_, config_file_, keys, keys);
        !ok)
      throw ConfigError("cannot rotate the keys of profile " + profile_ +
                            " in place: " + ok.error() + "; nothing changed",
                        "keep both keys on lines of their own in the profile's section, or "
                        "move them to the keyring with `awsx add " +
                            profile_ + "`");
  }
  std::string where() const override { return path_; }
  void replace(const aws::Credentials& from, const aws::Credentials& to) override {
    store::replace_keys_in_file(path_, profile_, config_file_, from, to);
  }

private:
  std::string path_;
  bool config_file_;
  std::string profile_;
};

// Where the plan's long-term keys live; refuses keys that awsx can't replace.
std::unique_ptr<KeyHome> home_of(const creds::Plan& plan, const config::ConfigFiles& files,
                                 session::LazyKeyringKeys& stored) {
  const auto& base = plan.base;
  const std::string asked =
      plan.profile.empty() ? "the ambient credentials" : "profile " + plan.profile;
  if (!base.long_term() || base.profile.empty())
    throw CredentialError(
        asked + " gets its credentials from " + base.origin +
            (base.temporary() ? ", which are temporary" : "") +
            "; awsx rotate replaces only "
            "long-term keys (AKIA...) kept in the keyring or in the AWS config files",
        "name the profile that holds the keys: `awsx rotate PROFILE`");
  if (base.from_store)
    return std::make_unique<KeyringHome>(stored.keyring(), base.profile);
  const auto* section = files.profile(base.profile);
  const auto* key_id = section == nullptr ? nullptr : section->find("aws_access_key_id");
  if (key_id == nullptr)
    throw CredentialError("cannot tell where the keys of profile " + base.profile + " (" +
                          base.origin + ") are written");
  return std::make_unique<FileHome>(*key_id->file, *key_id->file == files.config_path,
                                    base.profile, base.keys);
}

// What signs the IAM calls: an MFA session made from the keys with one code, or the keys
// themselves with --no-session or when no mfa_serial is set.
aws::Credentials iam_caller(const creds::Plan& plan, const creds::CredentialOptions& options,
                            aws::StsClient& sts, Context& ctx) {
  const auto& base = plan.base;
  std::string serial = base.mfa_serial;
  std::string mfa_process = base.mfa_process;
  if (serial.empty() && !plan.roles.empty()) {
    serial = plan.roles.front().mfa_serial;
    mfa_process = plan.roles.front().mfa_process;
  }
  if (options.no_session || serial.empty())
    return base.keys;
  const auto supervision = process::helper_supervision(options.no_prompt, ctx.env);
  // Through the guard: one code, never one STS has already taken.
  session::GuardedMfa mfa(options, ctx, supervision);
  const creds::MfaRequest request{serial, base.profile, mfa_process};
  const auto code = mfa.source().code(request);
  // 15 minutes, the least STS grants, outlasts the rotation with its 30 s of waiting.
  auto session = sts.get_session_token(base.keys, {serial, code, 900});
  mfa.source().accepted(request);
  return session;
}

// Warns about the other profiles of `files` that hold a copy of `root`'s deleted key
// `old_id`: they stop working, and awsx changed only root's.
void warn_about_copies(const config::ConfigFiles& files, const std::string& root,
                       const std::string& old_id, Context& ctx) {
  for (const auto& [name, section] : files.profiles) {
    const auto* key_id = section.find("aws_access_key_id");
    if (name == root || key_id == nullptr || key_id->value != old_id)
      continue;
    ctx.warn(*key_id->file + ":" + std::to_string(key_id->line) + ": profile " + name +
             " holds a copy of the deleted key " + old_id +
             " and no longer works; give it "
             "source_profile = " +
             root + " instead of keys of its own");
  }
}

} // namespace

int run_rotate(const Invocation& invocation, Context& ctx) {
  const util::Environment& env = ctx.env;
  const auto files = config::load(env);
  session::LazyKeyringKeys stored(ctx.keyrings);
  const auto plan = creds::make_plan(files, env, invocation.credentials, &stored);
  const auto home = home_of(plan, files, stored);
  const auto& profile = plan.base.profile;
  const auto* section = files.profile(profile);
  const auto transport = ctx.transports.make(env, section);
  aws::StsClient sts(*transport, ctx.clock,
                     aws::resolve_sts_endpoint(env, &files, section, plan.region));
  sts.on_behalf_of("profile " + profile);
  aws::IamClient iam(*transport, ctx.clock, aws::resolve_iam_endpoint(env, plan.region));
  const Rotation rotation{
      profile, plan.base.keys, iam_caller(plan, invocation.credentials, sts, ctx), *home, iam,
      sts,     ctx.sleep};
  const auto done = rotate_keys(rotation);
  warn_about_copies(files, profile, plan.base.keys.access_key_id, ctx);
  int forgotten = 0;
  try {
    const auto rooted = profiles_rooted_at(files, profile);
    forgotten =
        forget_sessions(*ctx.keyrings.open(store::Purpose::sessions), ctx.clock, &rooted);
  } catch (const Error& e) {
    ctx.warn("the cached sessions made from the old key could not be cleared (" +
             std::string(e.what()) + "); run `awsx clear " + profile + "`");
  }
  ctx.console.out << "Rotated the access key of profile " << profile
                  << (done.user.empty() ? " (the root user)" : " (IAM user " + done.user + ")")
                  << ": " << done.new_key_id << " is stored in " << home->where()
                  << " and works; " << plan.base.keys.access_key_id << " is deleted; "
                  << forgotten << " cached session" << (forgotten == 1 ? "" : "s")
                  << " cleared.\n";
  return 0;
}

} // namespace awsx::cli
