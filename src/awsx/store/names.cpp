#include "awsx/store/names.hpp"

#include "awsx/util/error.hpp"

namespace awsx::store {

void check_name(const std::string& name, std::string_view backend) {
  bool ok = !name.empty() && name.size() <= max_name_length;
  for (unsigned char c : name)
    ok = ok && c >= 0x20 && c != 0x7f;
  if (!ok)
    throw StorageError("the " + std::string(backend) +
                           " keyring cannot store a secret under an empty, overlong or "
                           "control-character name",
                       "this is a bug in awsx; please report it");
}

} // namespace awsx::store
