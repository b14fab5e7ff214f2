#include "awsx/creds/source_kind.hpp"

namespace awsx::creds {

std::string source_kind_name(SourceKind kind) {
  switch (kind) {
  case SourceKind::keys: return "keys";
  case SourceKind::container: return "container";
  case SourceKind::instance_metadata: return "instance-metadata";
  case SourceKind::process: return "process";
  case SourceKind::sso: return "sso";
  case SourceKind::web_identity: return "web-identity";
  }
  return "unknown";
}

} // namespace awsx::creds
