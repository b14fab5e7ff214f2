#include "awsx/cli/login_rules.hpp"

namespace awsx::cli {

bool login_sends_session_duration(const creds::Plan& plan) {
  return plan.roles.size() == 1 && !plan.roles.front().chained && plan.base.long_term();
}

std::string login_summary(const creds::Plan& plan) {
  if (plan.roles.empty() && plan.base.long_term())
    return "a GetFederationToken session named after the IAM user (allow-all inline policy, "
           "12h or --duration), signed by the long-term keys; no SessionDuration";
  if (login_sends_session_duration(plan))
    return "the role session, with SessionDuration = its remaining lifetime (at most 12h), "
           "so the console lasts as long as the session";
  if (!plan.roles.empty())
    return "the role session, without SessionDuration: the role is chained (the federation "
           "endpoint refuses it then), so the console lasts 1h";
  return "the credentials as they are, without SessionDuration";
}

} // namespace awsx::cli
