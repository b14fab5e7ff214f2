#pragma once

#include <string>
#include <vector>

#include "awsx/util/environment.hpp"

namespace awsx::exec {

// The AWS files an --ecs-server child reads instead of the user's. SDKs try the shared
// credentials file and profile default's credential sources (keys, role_arn,
// credential_process, SSO, web identity) before the container endpoint, so without this
// the child would silently run as [default]. The files sit in a private folder (0700,
// files 0600) that the destructor removes.
class ServerChildFiles {
public:
  // Creates the folder under XDG_RUNTIME_DIR, TMPDIR or /tmp (from `env`) with an empty
  // credentials file and, when profile default of the config `env` names has a
  // credential source, a copy of that config without it. Throws awsx::Error when the
  // folder can't be made: the child must not run as [default] silently.
  explicit ServerChildFiles(const util::Environment& env);

  // Removes the folder and what is in it.
  ~ServerChildFiles();

  ServerChildFiles(const ServerChildFiles&) = delete;
  ServerChildFiles& operator=(const ServerChildFiles&) = delete;

  // Points the child's environment `env` ("NAME=value" entries) at the files, and takes
  // out ambient web identity variables, which SDKs also rank above the endpoint.
  void apply(std::vector<std::string>& env) const;

  // One line for the user on what the child would have used instead of the endpoint
  // (key names and paths, never values); empty when it would have used nothing else.
  const std::string& note() const { return note_; }

  // The private folder.
  const std::string& folder() const { return folder_; }

private:
  std::string folder_;
  std::vector<std::string> set_;   // "NAME=value"
  std::vector<std::string> unset_; // names
  std::string note_;
};

} // namespace awsx::exec
