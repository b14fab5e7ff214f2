#include "awsx/creds/planned_chain.hpp"

#include "awsx/config/config_files.hpp"

namespace awsx::creds {

bool has_static_keys(const config::Section& section) {
  return section.find("aws_access_key_id") != nullptr ||
         section.find("aws_secret_access_key") != nullptr;
}

bool assumes_role(const config::Section& section, bool top) {
  // botocore's AssumeRoleProvider takes a profile with role_arn and no
  // web_identity_token_file (the web identity provider takes those); a source profile
  // with keys of its own ends the chain there, whatever role_arn it also has.
  return section.find("role_arn") != nullptr &&
         section.find("web_identity_token_file") == nullptr &&
         (top || !has_static_keys(section));
}

const config::Setting* followed_source(const config::Section& section, bool top) {
  if (!assumes_role(section, top) || section.find("credential_source") != nullptr)
    return nullptr;
  return section.find("source_profile");
}

config::SourceChain planned_chain(const config::ConfigFiles& files, const std::string& start) {
  return config::source_chain(start, [&files](const std::string& name, bool top) {
    const auto* section = files.profile(name);
    return section == nullptr ? nullptr : followed_source(*section, top);
  });
}

} // namespace awsx::creds
