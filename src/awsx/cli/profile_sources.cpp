#include "awsx/cli/profile_sources.hpp"

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
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

// How `plan`, made from `files`, gets its credentials, in list's terms.
ProfileSource source_of(const creds::Plan& plan, const config::ConfigFiles& files) {
  const auto& base = plan.base;
  if (!plan.roles.empty()) {
    if (base.kind == creds::SourceKind::web_identity && plan.roles.size() == 1)
      return {"web-identity", "token file"};
    // The source profile, else the profile's credential_source, else itself (its own keys).
    if (plan.chain.size() > 1)
      return {"role", plan.chain[1]};
    return {"role", plan.section->get("credential_source").value_or(plan.profile)};
  }
  if (base.kind == creds::SourceKind::process)
    return {"process", "credential_process"};
  if (base.kind == creds::SourceKind::sso)
    return {"sso", base.sso.session.empty() ? "sso_start_url" : base.sso.session};
  if (base.from_store)
    return {"keys", "keyring"};
  const auto* key_id = files.profile(base.profile)->find("aws_access_key_id");
  return {"keys", *key_id->file == files.credentials_path ? "credentials file" : "config file"};
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

std::string cycle_through(const config::ConfigFiles& files, const std::string& name) {
  creds::PresumedStoredKeys keys(nullptr);
  try {
    plan_of(files, name, keys);
  } catch (const creds::SourceCycle& e) {
    if (e.returns_to_start())
      return e.path();
  } catch (const Error&) {
  }
  return {};
}

std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root) {
  creds::PresumedStoredKeys keys(nullptr);
  std::vector<std::string> out{root};
  for (const auto& name : files.profile_names()) {
    try {
      if (name != root && plan_of(files, name, keys).base.profile == root)
        out.push_back(name);
    } catch (const Error&) {
      // A profile that can't be planned made no session.
    }
  }
  return out;
}

} // namespace awsx::cli
