#pragma once

#include <string>

#include "awsx/config/source_chain.hpp"

namespace awsx::config {
struct ConfigFiles;
struct Section;
} // namespace awsx::config

namespace awsx::creds {

// True when profile `section` gets its credentials by AssumeRole, as botocore decides:
// it has role_arn and no web_identity_token_file, and when it also has keys of its own,
// only as the profile asked for (`top`); as a source, its keys end the chain.
bool assumes_role(const config::Section& section, bool top);

// The source_profile of `section` that botocore follows, or null: the profile must
// assume a role (see assumes_role(), `top` as there) and have no credential_source,
// which together with source_profile is an error, not a link.
const config::Setting* followed_source(const config::Section& section, bool top);

// The source_profile chain the planner walks from profile `start` of `files`, by
// followed_source(); a missing profile ends it.
config::SourceChain planned_chain(const config::ConfigFiles& files, const std::string& start);

// botocore's _has_static_credentials for `section`: either key present, even empty.
bool has_static_keys(const config::Section& section);

} // namespace awsx::creds
