#pragma once

#include <string>
#include <vector>

#include "awsx/creds/options.hpp"

namespace awsx::cli {

// A command line turned into plain data; nothing below the CLI ever sees argv.
struct Invocation {
  std::string command;                 // e.g. "exec"; empty for bare `awsx`
  creds::CredentialOptions credentials;
  std::vector<std::string> positionals;  // e.g. the shell name for `init`
  std::vector<std::string> child;      // the command to run, for exec
  bool help = false;
  bool version = false;
  bool json = false;
  std::string format;                  // export --format
  bool ecs_server = false;              // exec: serve credentials over loopback HTTP
  bool from_env = false;                // add: read keys from the environment
  std::string shell;                   // use --shell: the shell the hook runs in
  bool unset = false;                  // use --unset
  bool no_prompt = false;              // use --no-prompt: renew without a terminal
  bool profiles = false;               // completion --profiles
  bool print_url = false;              // login -s/--stdout: print the sign-in URL
  std::string console_path;            // login --path: the console page to open

  // Field by field: tells whether an option changed anything.
  bool operator==(const Invocation&) const = default;
};

} // namespace awsx::cli
