#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/profile_sources.hpp"
#include "awsx/cli/tty.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

const std::string& single_profile(const Invocation& invocation) {
  if (invocation.positionals.size() != 1)
    throw UsageError("awsx " + invocation.command + " needs exactly one PROFILE",
                     "run `awsx " + invocation.command + " --help`");
  return invocation.positionals.front();
}

bool plausible_key_id(const std::string& id) {
  return id.size() >= 16 && aws::looks_like_access_key_id(id);
}

// The error for a key id that isn't one, from `origin`; it never shows the value, which
// may well be the secret key typed or exported in the wrong place.
CredentialError bad_key_id(const std::string& id, bool from_env) {
  std::string what =
      std::string(from_env ? "AWS_ACCESS_KEY_ID" : "the access key id you typed") +
      " does not look like an access key id";
  if (!aws::looks_like_access_key_id(id))
    what += " (it has lowercase letters or symbols, as a secret access key has)";
  return CredentialError(what, from_env ? "access key ids are 16 or more capital letters and "
                                          "digits, e.g. AKIA...; if AWS_ACCESS_KEY_ID and "
                                          "AWS_SECRET_ACCESS_KEY are swapped, swap them back"
                                        : "access key ids are 16 or more capital letters and "
                                          "digits, e.g. AKIA...; the secret key comes second");
}

aws::Credentials read_keys(const Invocation& invocation, const util::Environment& env,
                           const std::string& profile) {
  aws::Credentials keys;
  if (invocation.from_env) {
    keys.access_key_id = env.get_nonempty("AWS_ACCESS_KEY_ID").value_or("");
    keys.secret_access_key = env.get_nonempty("AWS_SECRET_ACCESS_KEY").value_or("");
    if (keys.access_key_id.empty() || keys.secret_access_key.empty())
      throw CredentialError("--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set");
    if (env.get_nonempty("AWS_SESSION_TOKEN"))
      throw CredentialError("AWS_SESSION_TOKEN is set: these are temporary credentials",
                            "awsx add stores long-term access keys (AKIA...)");
  } else {
    const std::string why = "awsx add " + profile + " asks for the keys";
    keys.access_key_id = ask_on_tty("Access key id for " + profile + ": ", false, why);
    keys.secret_access_key = ask_on_tty("Secret access key: ", true, why);
  }
  if (!plausible_key_id(keys.access_key_id))
    throw bad_key_id(keys.access_key_id, invocation.from_env);
  if (keys.access_key_id.rfind("ASIA", 0) == 0)
    throw CredentialError("ASIA... keys are temporary and need a session token",
                          "awsx add stores long-term access keys (AKIA...)");
  if (keys.secret_access_key.empty())
    throw CredentialError("no secret access key given");
  return keys;
}

} // namespace

int run_add(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const auto& profile = single_profile(invocation);
  const util::Environment& env = ctx.env;
  const auto keys = read_keys(invocation, env, profile);
  auto keyring = ctx.keyrings.open(store::Purpose::credentials);
  keyring->set(store::credentials_name(profile), store::encode_keys(keys));
  console.out << "Added the keys of profile " << profile << " (" << keys.access_key_id
              << ") to the " << keyring->backend() << " keyring.\n";
  const auto files = config::load(env);
  auto sessions = ctx.keyrings.open(store::Purpose::sessions);
  const auto rooted = profiles_rooted_at(files, profile);
  forget_sessions(*sessions, ctx.clock, &rooted);
  if (const auto* section = files.profile(profile);
      section != nullptr && section->find("aws_access_key_id") != nullptr)
    console.err << "awsx: warning: " << *section->find("aws_access_key_id")->file
                << " still holds plain-text keys for " << profile
                << ", and they take precedence; delete them from that file\n";
  return 0;
}

int run_remove(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const auto& profile = single_profile(invocation);
  auto keyring = ctx.keyrings.open(store::Purpose::credentials);
  if (!keyring->remove(store::credentials_name(profile)))
    throw CredentialError("no keys stored for profile " + profile + " in the " +
                              keyring->backend() + " keyring",
                          "`awsx list` shows where each profile's keys are");
  auto sessions = ctx.keyrings.open(store::Purpose::sessions);
  const auto rooted = profiles_rooted_at(config::load(ctx.env), profile);
  const int forgotten = forget_sessions(*sessions, ctx.clock, &rooted);
  console.out << "Removed the keys of profile " << profile << " and " << forgotten
              << " cached session" << (forgotten == 1 ? "" : "s") << ".\n";
  return 0;
}

int run_clear(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  auto sessions = ctx.keyrings.open(store::Purpose::sessions);
  const auto& named = invocation.positionals;
  const int removed = forget_sessions(*sessions, ctx.clock, named.empty() ? nullptr : &named);
  console.out << "Cleared " << removed << " cached session" << (removed == 1 ? "" : "s");
  if (!invocation.positionals.empty())
    console.out << " of profile " << invocation.positionals[0];
  console.out << ".\n";
  return 0;
}

} // namespace awsx::cli
