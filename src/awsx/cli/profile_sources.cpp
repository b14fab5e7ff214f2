#include "awsx/cli/profile_sources.hpp"

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/planned_chain.hpp"
#include "awsx/creds/source_kind.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// An environment in which every credential_source can be planned.
const util::MapEnvironment& stand_in_environment() {
  static const util::MapEnvironment env(
      {{"AWS_ACCESS_KEY_ID", "ambient"},
       {"AWS_SECRET_ACCESS_KEY", "ambient"},
       {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/"}});
  return env;
}

creds::Plan plan_of(const config::ConfigFiles& files, const std::string& name,
                    creds::StoredKeys& stored) {
  creds::CredentialOptions options;
  options.profile = name;
  return creds::make_plan(files, stand_in_environment(), options, &stored);
}

// Where base credentials `base`, made from `files`, come from, in list's terms.
std::string via_of(const creds::BaseCredentials& base, const config::ConfigFiles& files) {
  switch (base.kind) {
  case creds::SourceKind::web_identity: return "token file";
  case creds::SourceKind::process: return "credential_process";
  case creds::SourceKind::sso:
    return base.sso.session.empty() ? "sso_start_url" : base.sso.session;
  case creds::SourceKind::keys: break;
  case creds::SourceKind::container:
  case creds::SourceKind::instance_metadata: return ""; // ambient: only behind a role
  }
  if (base.from_store)
    return "keyring";
  const auto* key_id = files.profile(base.profile)->find("aws_access_key_id");
  return *key_id->file == files.credentials_path ? "credentials file" : "config file";
}

// How `plan`, made from `files`, gets its credentials, in list's terms.
ProfileSource source_of(const creds::Plan& plan, const config::ConfigFiles& files) {
  // A web identity profile's one role is how its token becomes credentials.
  const bool web = plan.base.kind == creds::SourceKind::web_identity && plan.roles.size() == 1;
  if (plan.roles.empty() || web)
    return {creds::source_kind_name(plan.base.kind), via_of(plan.base, files)};
  // The source profile, else the profile's credential_source, else itself (its own keys).
  if (plan.chain.size() > 1)
    return {"role", plan.chain[1]};
  return {"role", plan.section->get("credential_source").value_or(plan.profile)};
}

} // namespace

ProfileSource planned_source(const config::ConfigFiles& files, const std::string& name,
                             const std::set<std::string>& stored) {
  creds::PresumedStoredKeys keys(&stored);
  try {
    return source_of(plan_of(files, name, keys), files);
  } catch (const creds::NoCredentials& e) {
    if (e.profile() == name)
      return {"none", ""};
  } catch (const Error&) {
  }
  return {"invalid", ""};
}

std::string describe(const ProfileSource& source) {
  if (source.kind == "role")
    return "role via " + source.via;
  if (source.kind == "keys")
    return "keys (" + source.via + ")";
  return source.kind;
}

std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root) {
  std::vector<std::string> out{root};
  for (const auto& name : files.profile_names()) {
    // The planner takes the credentials where the chain ends; a cycle makes none, unless
    // the last profile names itself for its own keys.
    const auto chain = creds::planned_chain(files, name);
    if (name != root && chain.profiles.back() == root &&
        (!chain.cycles() || chain.ends_in_itself()))
      out.push_back(name);
  }
  return out;
}

int forget_sessions(store::Keyring& sessions, const util::Clock& clock,
                    const std::vector<std::string>* profiles) {
  store::SessionCache cache(sessions, clock, store::default_refresh_margin,
                            [](const std::string&) {});
  if (profiles == nullptr)
    return cache.forget_all();
  int removed = 0;
  for (const auto& profile : *profiles)
    removed += cache.forget(profile);
  return removed;
}

} // namespace awsx::cli
