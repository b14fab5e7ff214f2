#include "awsx/cli/profile_sources.hpp"

#include <algorithm>

#include "awsx/config/config_files.hpp"

namespace awsx::cli {

ProfileSource describe_source(const config::ConfigFiles& files, const std::string& name,
                              bool in_keyring) {
  const auto* section = files.profile(name);
  auto has = [&](const char* key) { return section != nullptr && section->find(key) != nullptr; };
  if (has("role_arn")) {
    if (has("source_profile"))
      return {"role", *section->get("source_profile")};
    if (has("credential_source"))
      return {"role", *section->get("credential_source")};
    if (has("web_identity_token_file"))
      return {"web-identity", "token file"};
  }
  if (in_keyring)
    return {"keys", "keyring"};
  if (has("aws_access_key_id"))
    return {"keys", *section->find("aws_access_key_id")->file == files.credentials_path
                        ? "credentials file"
                        : "config file"};
  if (has("credential_process"))
    return {"process", "credential_process"};
  if (has("sso_session") || has("sso_start_url"))
    return {"sso", section->get("sso_session").value_or("sso_start_url")};
  return {"none", ""};
}

std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root) {
  std::vector<std::string> out{root};
  for (const auto& name : files.profile_names()) {
    std::vector<std::string> seen;
    std::string current = name;
    // Walk source_profile links; a cycle or dead end simply stops the walk.
    while (std::find(seen.begin(), seen.end(), current) == seen.end()) {
      seen.push_back(current);
      const auto* section = files.profile(current);
      const auto next = section == nullptr ? std::nullopt : section->get("source_profile");
      if (!next || *next == current)
        break;
      current = *next;
    }
    if (current == root && name != root)
      out.push_back(name);
  }
  return out;
}

} // namespace awsx::cli
